/**
 * Makes a write idempotent per key within one connector instance: a concurrent call with the same
 * key joins the running one, and a replay of a completed key returns the earlier result without
 * another request. Across processes the vendor-side upsert on the external id is what prevents
 * duplicates; this only saves the repeated call (and a needless modification stamp).
 *
 * @example
 *   const memo = new IdempotencyMemo<WriteResult>(1000);
 *   const result = await memo.run(request.idempotencyKey, () => write(request));
 */
export class IdempotencyMemo<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly done = new Map<string, T>();

  constructor(private readonly capacity = 1000) {}

  async run(key: string, work: () => Promise<T>): Promise<T> {
    const done = this.done.get(key);
    if (done !== undefined) return done;
    const running = this.running.get(key);
    if (running) return running;
    const promise = work().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    const result = await promise;
    this.done.set(key, result);
    // Oldest first: a Map iterates in insertion order.
    if (this.done.size > this.capacity) this.done.delete(this.done.keys().next().value as string);
    return result;
  }
}
