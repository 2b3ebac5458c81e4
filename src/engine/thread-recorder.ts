/**
 * Records batches on a thread of their own: this thread processes the next batch (normalise,
 * match, decide, write — the connectors and their limiters stay here) while the recorder thread
 * commits the last one (queue completions, baselines, links, the audit chain, run counts, and the
 * lease of the worker's next batch) through its own connection to the same store.
 *
 * Why: with in-process systems the engine is CPU-bound on one core, and the record step is about
 * 40 % of its CPU (`npm run bench -- engine`, profile in the closing note of issue 7); on a
 * machine with a second core it runs beside the pipeline instead of after it: 100,000 records went
 * from 8,864 to 11,801 per second on an idle machine (with the other changes of that session;
 * `npm run bench -- engine` prints each thread's CPU).
 *
 * The thread starts at the first batch and is not kept alive for its own sake (unref'd while
 * idle). Commit order, crash safety and the transaction boundaries are those of `recordOutcomes`:
 * the thread runs exactly that function.
 *
 * @example
 *   const recorder = threadRecorder(queue.threadSibling()!);
 *   const batch = await recorder.record(results, { next: { workerId, max: 200 }, logger });
 */
import { Worker } from 'node:worker_threads';
import type { ThreadSibling } from '../queue/queue.ts';
import { toJsonText } from '../store/json-column.ts';
import type { BatchRecorder, RecordOptions } from './batch-recorder.ts';
import type { EngineLogger } from './engine-events.ts';
import type { JobResult, RecordedBatch } from './record-outcomes.ts';
import type { RecorderReply, RecorderRequest } from './recorder-thread.ts';

const BOOT = new URL('./recorder-thread-boot.mjs', import.meta.url);
const ENTRY = new URL('./recorder-thread.ts', import.meta.url).href;

interface Pending {
  resolve: (batch: RecordedBatch) => void;
  reject: (error: Error) => void;
  logger: EngineLogger;
}

export function threadRecorder(sibling: ThreadSibling): BatchRecorder {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  /** The thread died (or was closed): what it held is rejected, and the next batch starts another. */
  const failAll = (w: Worker, error: Error) => {
    if (worker !== w && worker !== undefined) return; // an earlier thread's late exit
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(BOOT, { workerData: { entry: ENTRY, sibling } });
    w.on('message', (reply: RecorderReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      for (const line of reply.logs) p.logger[line.level](line.obj, line.msg);
      if (reply.ok) p.resolve(reply.batch);
      else p.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    w.on('error', (error) => failAll(w, error));
    w.on('exit', (code) => failAll(w, new Error(`the recorder thread stopped (exit code ${code})`)));
    return w;
  };

  return {
    record(results, options: RecordOptions) {
      worker ??= start();
      const id = nextId++;
      const request: RecorderRequest = { id, results: results.map(transferable), next: options.next };
      // Referenced while a batch is out: an idle thread must not keep the process alive.
      worker.ref();
      return new Promise<RecordedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject, logger: options.logger });
        worker?.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/**
 * What crosses to the other thread. A job is recorded by its id and lease token: its payload (the
 * whole captured record) stays behind — the queue keeps it, and a dead letter takes it from there.
 * The change's planned writes are not recorded either. Review items and failures carry record
 * fields and responses of any shape, so they cross as the JSON the store would keep of them (a
 * class instance would lose its `toJSON` in a structured clone).
 */
function transferable(result: JobResult): JobResult {
  const lease = { ...result.lease, job: { ...result.lease.job, payload: null } };
  const where = `job ${result.lease.job.key}`;
  if (!result.ok) return { ...result, lease, failure: jsonCopy(result.failure, `${where} failure`) };
  const { outcome } = result;
  const reviews =
    outcome.reviews.length === 0 ? outcome.reviews : jsonCopy(outcome.reviews, `${where} reviews`);
  return { ...result, lease, outcome: { ...outcome, writes: [], reviews } };
}

function jsonCopy<T>(value: T, where: string): T {
  return JSON.parse(toJsonText(value, where)) as T;
}
