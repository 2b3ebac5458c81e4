/**
 * Collects single-record writes that arrive together into batches for vendors whose limits count
 * calls, not records (HubSpot batch upserts, Salesforce sObject Collections). The coalescer owns
 * only the waiting: who joins which batch and when it leaves; the vendor's batcher sends the batch
 * and settles each waiter with its own result or error.
 *
 * - Writes are grouped by a key (object type + id field); a batch leaves when it is full or
 *   `windowMs` after its first member arrived.
 * - One external id appears at most once per batch (compared case-insensitively, as both vendors
 *   match external ids): a repeat waits for the next batch, so writes to one record stay in order.
 *
 * @example
 *   const coalescer = new BatchCoalescer<Input, Saved, Group>((group, batch) => send(group, batch), 200, 5);
 *   const saved = await coalescer.submit('Account\u0000Ext__c', { objectType: 'Account', … }, input);
 */
import { toError } from '../../model/errors.ts';

/** One write waiting for its batch's outcome. */
export interface Waiter<I, R> {
  readonly input: I;
  resolve(value: R): void;
  reject(error: Error): void;
}

/** Sends one batch and settles every waiter in it; must not throw. */
export type DispatchBatch<I, R, G> = (group: G, batch: Waiter<I, R>[]) => Promise<void>;

interface Queue<I, R, G> {
  group: G;
  waiting: Waiter<I, R>[];
  timer: NodeJS.Timeout | undefined;
}

export class BatchCoalescer<I extends { readonly externalId: string }, R, G> {
  private readonly queues = new Map<string, Queue<I, R, G>>();

  constructor(
    private readonly dispatch: DispatchBatch<I, R, G>,
    private readonly maxBatch: number,
    /** How long a batch waits for companions before it leaves. */
    private readonly windowMs: number,
  ) {}

  /** Queues one write under `key` (the group it belongs to) and resolves with its own outcome. */
  submit(key: string, group: G, input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { group, waiting: [], timer: undefined };
        this.queues.set(key, queue);
      }
      queue.waiting.push({ input, resolve, reject });
      if (queue.waiting.length >= this.maxBatch) this.flush(key);
      else queue.timer ??= setTimeout(() => this.flush(key), this.windowMs);
    });
  }

  private flush(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    clearTimeout(queue.timer);
    queue.timer = undefined;
    const batch: Waiter<I, R>[] = [];
    const rest: Waiter<I, R>[] = [];
    const ids = new Set<string>();
    for (const w of queue.waiting) {
      const id = w.input.externalId.toLowerCase();
      if (batch.length < this.maxBatch && !ids.has(id)) {
        ids.add(id);
        batch.push(w);
      } else rest.push(w);
    }
    queue.waiting = rest;
    if (rest.length > 0) queue.timer = setTimeout(() => this.flush(key), 0);
    void this.dispatch(queue.group, batch).catch((thrown: unknown) => {
      // A dispatcher is meant to settle every waiter itself; this only keeps a bug in one from
      // leaving callers waiting forever.
      const error = toError(thrown);
      for (const w of batch) w.reject(error);
    });
  }
}
