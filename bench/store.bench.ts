/**
 * `npm run bench -- store`: what the SQLite store and queue sustain on this machine.
 *
 * - commits/s with `synchronous = NORMAL` and `FULL` under WAL: each commit is one store
 *   transaction holding a baseline, a run-count update and an audit event (the engine's "record"
 *   step, shrunk);
 * - queue: enqueue jobs/s (batched in transactions of 1,000); lease + complete jobs/s with each job
 *   in its own two transactions, and with `leaseMany(100)` + one completing transaction per batch.
 * - audit: events appended/s (500 per transaction) and verified/s (the whole chain re-hashed).
 * Ends with one JSON line of the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAudit } from '../src/audit/audit-log.ts';
import { openSqliteQueue } from '../src/queue/sqlite/sqlite-queue.ts';
import type { Synchronous } from '../src/store/sqlite/sqlite-connection.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-store-bench-'));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

async function commitsPerSecond(synchronous: Synchronous): Promise<number> {
  const store = await openSqliteStore(join(dir, `commits-${synchronous}.db`), { synchronous });
  const run = await store.runs.start({ flow: 'bench' });
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let commits = 0;
  while (performance.now() < deadline) {
    const id = String(commits);
    await store.transaction(async (tx) => {
      await tx.baselines.put({
        entity: 'customer',
        system: 'netsuite',
        recordId: id,
        flow: 'bench',
        seen: { email: `c${id}@example.test`, name: `Customer ${id}` },
        seenAt: new Date().toISOString(),
        written: {},
      });
      await tx.runs.addCounts(run.id, { captured: 1, written: 1 });
      await appendAudit(tx, {
        kind: 'field-written',
        system: 'netsuite',
        entity: 'customer',
        recordId: id,
        recordKey: id,
        field: 'email',
        newValue: `c${id}@example.test`,
        runId: run.id,
      });
    });
    commits += 1;
  }
  const rate = commits / ((performance.now() - started) / 1000);
  await store.close();
  return rate;
}

async function queueRates(): Promise<{
  enqueue: number;
  leaseComplete: number;
  batched: number;
  jobs: number;
}> {
  const store = await openSqliteStore(join(dir, 'queue.db'));
  const queue = openSqliteQueue(store);
  const jobs = Number(process.env.BENCH_JOBS ?? 20_000);
  let started = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
      key: `orders:${i + k}:v1`,
      flow: 'orders',
      recordKey: String((i + k) % 5000),
      lane: (i + k) % 10 === 0 ? ('live' as const) : ('bulk' as const),
      payload: { id: i + k, total: '19.99', currency: 'EUR' },
    }));
    await queue.enqueueMany(batch);
  }
  const enqueue = jobs / ((performance.now() - started) / 1000);
  started = performance.now();
  let done = 0;
  for (;;) {
    const lease = await queue.lease({ workerId: 'bench' });
    if (!lease) break;
    await queue.complete(lease);
    done += 1;
  }
  const leaseComplete = done / ((performance.now() - started) / 1000);
  if (done !== jobs) throw new Error(`bench: ${done} of ${jobs} jobs completed`);
  // the same again, leased 100 at a time and completed in one store transaction per batch
  const again = Array.from({ length: jobs }, (_, i) => ({
    key: `batch:${i}`,
    flow: 'orders',
    recordKey: String(i % 5000),
    payload: { id: i, total: '19.99', currency: 'EUR' },
  }));
  for (let i = 0; i < jobs; i += 1000) await queue.enqueueMany(again.slice(i, i + 1000));
  started = performance.now();
  done = 0;
  for (;;) {
    const leases = await queue.leaseMany({ workerId: 'bench', max: 100 });
    if (leases.length === 0) break;
    await store.transaction(async (tx) => {
      for (const lease of leases) await queue.complete(lease, { tx });
    });
    done += leases.length;
  }
  const batched = done / ((performance.now() - started) / 1000);
  if (done !== jobs) throw new Error(`bench: ${done} of ${jobs} batched jobs completed`);
  await store.close();
  return { enqueue, leaseComplete, batched, jobs };
}

async function auditRates(): Promise<{ append: number; verify: number; events: number }> {
  const store = await openSqliteStore(join(dir, 'audit.db'));
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? 20_000);
  let started = performance.now();
  for (let i = 0; i < events; i += 500) {
    await store.transaction((tx) =>
      appendAudit(
        tx,
        Array.from({ length: 500 }, (_, k) => ({
          kind: 'field-written' as const,
          system: 'netsuite',
          entity: 'customer',
          recordId: String(i + k),
          recordKey: `c${i + k}@example.test`,
          field: 'email',
          oldValue: null,
          newValue: `c${i + k}@example.test`,
          runId: 'bench',
          flow: 'crm',
          rule: 'owner',
          sourceSystem: 'hubspot',
          sourceVersion: '2026-11-28T10:00:00.000Z',
        })),
      ),
    );
  }
  const append = events / ((performance.now() - started) / 1000);
  started = performance.now();
  const check = await verifyAudit(store);
  const verify = events / ((performance.now() - started) / 1000);
  if (!check.ok || check.events !== events)
    throw new Error(`bench: audit chain did not verify: ${JSON.stringify(check)}`);
  await store.close();
  return { append, verify, events };
}

try {
  const normal = await commitsPerSecond('normal');
  console.log(`commits/s, WAL + synchronous=NORMAL: ${normal.toFixed(0)}`);
  const full = await commitsPerSecond('full');
  console.log(`commits/s, WAL + synchronous=FULL:   ${full.toFixed(0)}`);
  const q = await queueRates();
  console.log(
    `queue: enqueue ${q.enqueue.toFixed(0)} jobs/s, lease+complete ${q.leaseComplete.toFixed(0)} jobs/s one by one, ${q.batched.toFixed(0)} jobs/s in batches of 100 (${q.jobs} jobs)`,
  );
  const a = await auditRates();
  console.log(
    `audit: append ${a.append.toFixed(0)} events/s (500 per transaction), verify ${a.verify.toFixed(0)} events/s`,
  );
  console.log(
    JSON.stringify({
      bench: 'store',
      commits_per_s_normal: Math.round(normal),
      commits_per_s_full: Math.round(full),
      enqueue_jobs_per_s: Math.round(q.enqueue),
      lease_complete_jobs_per_s: Math.round(q.leaseComplete),
      lease_complete_batched_jobs_per_s: Math.round(q.batched),
      jobs: q.jobs,
      audit_append_events_per_s: Math.round(a.append),
      audit_verify_events_per_s: Math.round(a.verify),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
