/**
 * The recorder thread (see `thread-recorder.ts`): opens its own handle on the store and queue from
 * the sibling recipe, then records each batch it is sent with `recordOutcomes` and replies with
 * the recorded batch (next leases included) and the warnings logged meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toError } from '../model/errors.ts';
import type { QueueSibling, ThreadSibling } from '../queue/queue.ts';
import { systemClock } from '../store/clock.ts';
import { inProcessRecorder, type NextLease } from './batch-recorder.ts';
import type { EngineLogger } from './engine-events.ts';
import type { JobResult, RecordedBatch } from './record-outcomes.ts';

export interface RecorderRequest {
  id: number;
  results: JobResult[];
  next?: NextLease | undefined;
}

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string | undefined;
}

export type RecorderReply =
  | { id: number; ok: true; batch: RecordedBatch; logs: LoggedLine[] }
  | { id: number; ok: false; error: { name: string; message: string }; logs: LoggedLine[] };

const { sibling } = workerData as { sibling: ThreadSibling };
const opened: Promise<QueueSibling> = import(sibling.module).then(
  (m: { openQueueSibling(options: unknown): Promise<QueueSibling> }) => m.openQueueSibling(sibling.options),
);

parentPort?.on('message', async (request: RecorderRequest) => {
  const logs: LoggedLine[] = [];
  const line = (level: LoggedLine['level']) => (obj: object, msg?: string) => {
    logs.push({ level, obj, msg });
  };
  const logger: EngineLogger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  let reply: RecorderReply;
  try {
    const { store, queue } = await opened;
    // The very record step of the calling thread, on this thread's own store and queue.
    const recorder = inProcessRecorder({ store, queue, clock: systemClock, logger });
    const batch = await recorder.record(request.results, { next: request.next, logger });
    reply = { id: request.id, ok: true, batch, logs };
  } catch (thrown) {
    const error = toError(thrown);
    reply = { id: request.id, ok: false, error: { name: error.name, message: error.message }, logs };
  }
  parentPort?.postMessage(reply);
});
