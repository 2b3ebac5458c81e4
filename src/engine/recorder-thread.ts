/**
 * The recorder thread (see `thread-recorder.ts`): opens its own handle on the store and queue from
 * the sibling recipe, then records each batch it is sent with `recordOutcomes` and replies with
 * the recorded batch (next leases included) and the warnings logged meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toError } from '../model/errors.ts';
import type { QueueSibling, ThreadSibling } from '../queue/queue.ts';
import { systemClock } from '../store/clock.ts';
import type { NextLease } from './batch-recorder.ts';
import type { EngineLogger } from './engine-events.ts';
import { type JobResult, type RecordedBatch, recordOutcomes } from './record-outcomes.ts';

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
    const next = request.next;
    const batch = await recordOutcomes(
      store,
      queue,
      request.results,
      { clock: systemClock, logger },
      next ? (tx) => queue.leaseMany(next, { tx }) : undefined,
    );
    reply = { id: request.id, ok: true, batch, logs };
  } catch (thrown) {
    const error = toError(thrown);
    reply = { id: request.id, ok: false, error: { name: error.name, message: error.message }, logs };
  }
  parentPort?.postMessage(reply);
});
