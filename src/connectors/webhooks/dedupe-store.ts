/**
 * Remembers which webhook events were already taken, so a duplicate delivery (a vendor retry, a
 * second subscription, a replayed request) is processed once. The engine provides a durable
 * implementation in its store; {@link InMemoryDedupeStore} serves tests and single-process demos.
 *
 * `claim` is the one atomic step: it records the key and says whether it was new. A handler that
 * fails after claiming calls `release`, so the vendor's retry is processed rather than dropped.
 *
 * @example
 *   if (!(await store.claim(`shopify:${topic}:${eventId}`))) return; // duplicate
 */
export interface DedupeStore {
  /** Records `key`; true when it was not seen (within the retention), false for a duplicate. */
  claim(key: string, now?: Date): Promise<boolean>;
  /** Forgets `key`, after a failure to process the event. */
  release(key: string): Promise<void>;
}

export interface InMemoryDedupeStoreOptions {
  /** How long a key is remembered; must exceed the vendor's retry span and the staleness window. */
  retentionMs?: number;
  /** Oldest keys are forgotten beyond this many. */
  maxKeys?: number;
}

export class InMemoryDedupeStore implements DedupeStore {
  private readonly seen = new Map<string, number>();
  private readonly retentionMs: number;
  private readonly maxKeys: number;

  constructor(options: InMemoryDedupeStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  async claim(key: string, now: Date = new Date()): Promise<boolean> {
    const t = now.getTime();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.retentionMs) return false;
    this.seen.delete(key);
    this.seen.set(key, t);
    while (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  async release(key: string): Promise<void> {
    this.seen.delete(key);
  }
}
