/**
 * Where a batch of finished jobs is recorded (step 6 of the pipeline): on this thread, or on a
 * thread of its own (`thread-recorder.ts`) so the next batch is processed while this one commits.
 * Both run the same `recordOutcomes` — one store transaction per batch — and may lease the worker's
 * next batch inside it.
 *
 * @example
 *   const recorder = inProcessRecorder(deps);
 *   const { next } = await recorder.record(results, { next: { workerId, max: 200, flows: ['orders'] }, logger });
 */
import type { LeaseOptions } from '../queue/queue.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { EngineLogger } from './engine-events.ts';
import { type JobResult, type RecordedBatch, recordOutcomes } from './record-outcomes.ts';

/** The next batch to lease in the recording transaction. */
export type NextLease = LeaseOptions & { max: number };

export interface RecordOptions {
  /** The worker's next batch, leased in the recording transaction. */
  next?: NextLease | undefined;
  /** Where the record step's warnings go (the run's logger). */
  logger: EngineLogger;
}

export interface BatchRecorder {
  /** Records `results` in one store transaction; leases `options.next` in it when given. */
  record(results: readonly JobResult[], options: RecordOptions): Promise<RecordedBatch>;
  close(): Promise<void>;
}

export function inProcessRecorder(deps: EngineDeps): BatchRecorder {
  return {
    record: (results, { next, logger }) =>
      recordOutcomes(
        deps.store,
        deps.queue,
        results,
        { clock: deps.clock, logger },
        next ? (tx) => deps.queue.leaseMany(next, { tx }) : undefined,
      ),
    close: async () => {},
  };
}
