/**
 * Stripe's idempotency layer, as documented (docs.stripe.com/api/idempotent_requests):
 * - the status code and body of the first request with a key are saved once endpoint execution
 *   begins, success or failure (including 500s); retries with the key get that saved response,
 *   marked `Idempotent-Replayed: true`;
 * - the key's parameters are compared with the original's: a different endpoint or different
 *   parameters is an `idempotency_error` (HTTP 400);
 * - a request arriving while the original is still executing is refused with 409
 *   `idempotency_key_in_use` and nothing is saved for it;
 * - keys may be pruned once at least 24 hours old; a reused pruned key is a new request.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  createdAt: number;
  state: 'in_progress' | 'done';
  status?: number;
  body?: unknown;
  requestId: string;
}

export type IdempotencyDecision =
  | { kind: 'execute' }
  | { kind: 'replay'; status: number; body: unknown; originalRequestId: string }
  | { kind: 'in-use' }
  | { kind: 'mismatch' };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: () => number) {}

  begin(key: string, fingerprint: string, requestId: string): IdempotencyDecision {
    const now = this.clock();
    const existing = this.entries.get(key);
    if (existing && now - existing.createdAt >= IDEMPOTENCY_TTL_MS) this.entries.delete(key);
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, createdAt: now, state: 'in_progress', requestId });
      return { kind: 'execute' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'in_progress') return { kind: 'in-use' };
    return { kind: 'replay', status: entry.status!, body: entry.body, originalRequestId: entry.requestId };
  }

  complete(key: string, status: number, body: unknown): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.state = 'done';
    entry.status = status;
    entry.body = structuredClone(body);
  }

  /** Execution never began (validation failed): the key is free again. */
  abandon(key: string): void {
    this.entries.delete(key);
  }

  isInProgress(key: string): boolean {
    return this.entries.get(key)?.state === 'in_progress';
  }
}
