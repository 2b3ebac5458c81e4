/**
 * The concurrency-limiter port: every call a connector makes to a system holds one permit for as
 * long as the request is in flight, so the number in flight never exceeds the limiter's cap.
 *
 * Implementations:
 * - `LocalLimiter` (`local-limiter.ts`): a fixed cap inside one process;
 * - `AdaptiveLimiter` (`adaptive-limiter.ts`): a window that shrinks when the system says the pool
 *   is full (HTTP 429, NetSuite `CONCURRENCY_LIMIT_EXCEEDED` — other integrations share the pool)
 *   and probes back up, never above the configured cap;
 * - a limiter shared by every worker through PostgreSQL comes with the Postgres store: it only has
 *   to implement `acquire` (asynchronously, with leases) and honour the same release outcomes.
 *
 * The outcome passed to `release` is how the system's feedback reaches the limiter; a limiter that
 * does not adapt ignores it.
 *
 * @example
 *   const permit = await limiter.acquire(signal);
 *   try {
 *     const res = await fetch(url);
 *     permit.release(res.status === 429 ? 'rejected' : 'ok');
 *   } catch (e) {
 *     permit.release('error');
 *     throw e;
 *   }
 */

/** How the request that held a permit ended, as far as the limiter needs to know. */
export type PermitOutcome =
  /** The system served it (any answer that is not a rate or concurrency refusal). */
  | 'ok'
  /** The system refused it for concurrency or rate (429): the shared pool is fuller than we thought. */
  | 'rejected'
  /** It failed without the system's verdict (network, timeout): says nothing about the pool. */
  | 'error';

export interface Permit {
  /** Frees the slot. Idempotent: a second call is ignored. */
  release(outcome?: PermitOutcome): void;
}

export interface LimiterStats {
  /** Permits held now. */
  inFlight: number;
  /** The most permits ever held at once. */
  maxInFlight: number;
  /** Callers waiting for a permit. */
  waiting: number;
  /** The number of permits the limiter currently allows (≤ cap). */
  limit: number;
  /** The hard cap, never exceeded. */
  cap: number;
  /** Releases with outcome `rejected`. */
  rejected: number;
}

export interface ConcurrencyLimiter {
  /** Waits for a free slot (FIFO). Rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<Permit>;
  stats(): LimiterStats;
  /** Rejects every waiter; later `acquire` calls reject too. */
  close(): void;
}

/**
 * Runs `task` holding one permit; the task reports the outcome through its return or its error.
 *
 * @example
 *   const body = await withPermit(limiter, async () => (await fetch(url)).json());
 */
export async function withPermit<T>(
  limiter: ConcurrencyLimiter,
  task: () => Promise<T>,
  outcomeOf: (result: { value?: T; error?: unknown }) => PermitOutcome = ({ error }) =>
    error === undefined ? 'ok' : 'error',
  signal?: AbortSignal,
): Promise<T> {
  const permit = await limiter.acquire(signal);
  try {
    const value = await task();
    permit.release(outcomeOf({ value }));
    return value;
  } catch (error) {
    permit.release(outcomeOf({ error }));
    throw error;
  }
}

/** Thrown to waiters when a limiter is closed. */
export class LimiterClosed extends Error {
  constructor() {
    super('the concurrency limiter was closed while requests were waiting for a slot');
    this.name = 'LimiterClosed';
  }
}
