/** What the queue contract suites need from an implementation, and a job builder. */
import type { BackoffPolicy } from '../../src/queue/backoff.ts';
import type { NewJob, Queue } from '../../src/queue/queue.ts';
import type { ManualClock } from '../../src/store/clock.ts';
import type { Store } from '../../src/store/store.ts';

export interface QueueOptions {
  clock: ManualClock;
  random?: (() => number) | undefined;
  backoff?: BackoffPolicy | undefined;
  maxAttempts?: number | undefined;
  leaseMs?: number | undefined;
  liveBurst?: number | undefined;
}

export interface QueueFixture {
  store: Store;
  queue: Queue;
  close(): Promise<void>;
}

export type QueueFactory = (options: QueueOptions) => Promise<QueueFixture>;
export type FreshQueue = (options?: Partial<QueueOptions>) => Promise<QueueFixture & { clock: ManualClock }>;

export const job = (key: string, recordKey = key, extra: Partial<NewJob> = {}): NewJob => ({
  key,
  flow: 'orders',
  recordKey,
  payload: { key },
  ...extra,
});
