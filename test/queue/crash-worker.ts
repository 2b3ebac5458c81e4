/**
 * Child process of the queue crash test: enqueues the test's jobs (idempotently), then consumes
 * them until none is left. Each job does an external side effect first (a line appended to the
 * effects file: at-least-once), then records a baseline and an audit event and completes the job
 * in ONE store transaction (exactly-once). The parent SIGKILLs it at arbitrary points.
 *
 * usage: node --import tsx crash-worker.ts <openModule> <location> <effectsFile> <workerId> <jobs> <records>
 */
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { appendAudit } from '../../src/audit/audit-log.ts';
import { LeaseLost } from '../../src/queue/queue.ts';
import type { OpenForCrashTest } from './crash-target.ts';

const [openModule, location, effectsFile, workerId, jobsText, recordsText] = process.argv.slice(2);
if (!openModule || !location || !effectsFile || !workerId || !jobsText || !recordsText) {
  throw new Error('usage: crash-worker.ts <openModule> <location> <effectsFile> <workerId> <jobs> <records>');
}
const jobs = Number(jobsText);
const records = Number(recordsText);
const { openForCrashTest } = (await import(pathToFileURL(openModule).href)) as {
  openForCrashTest: OpenForCrashTest;
};
const { store, queue, close } = await openForCrashTest(location, { leaseMs: 1_500, maxAttempts: 100 });

await queue.enqueueMany(
  Array.from({ length: jobs }, (_, i) => ({
    key: `crash:${i}`,
    flow: 'crash',
    recordKey: `r${i % records}`,
    lane: i % 3 === 0 ? ('bulk' as const) : ('live' as const),
    payload: { i },
  })),
);
process.stdout.write('ready\n');

for (;;) {
  const lease = await queue.lease({ workerId });
  if (!lease) {
    const { byState } = await queue.stats();
    if (byState.pending + byState.running + byState.retrying === 0) break;
    await new Promise((r) => setTimeout(r, 25)); // a killed sibling's lease has to expire first
    continue;
  }
  const { i } = lease.job.payload as { i: number };
  appendFileSync(effectsFile, `${lease.job.key}\n`);
  try {
    await store.transaction(async (tx) => {
      await tx.baselines.put({
        entity: 'crash',
        system: 'target',
        recordId: lease.job.recordKey,
        flow: 'crash',
        seen: { lastI: i },
        seenAt: new Date().toISOString(),
        written: {},
      });
      await appendAudit(tx, {
        kind: 'field-written',
        entity: 'crash',
        recordKey: lease.job.recordKey,
        field: 'i',
        newValue: i,
        runId: workerId,
      });
      await new Promise((r) => setImmediate(r)); // widen the window in which a kill lands mid-transaction
      await queue.complete(lease, { tx });
    });
    process.stdout.write(`done ${lease.job.key}\n`);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    process.stdout.write(`lost ${lease.job.key}\n`); // this machine was too slow for the lease; at-least-once
  }
}
await close();
process.stdout.write('finished\n');
