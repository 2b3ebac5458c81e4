/**
 * `npm run bench -- record-step`: the SQLite cost per record of what `npm run bench -- engine`
 * asks of the store and queue, without the engine around it — capture (enqueueMany of 5,000-job
 * pages + cursor), the per-record reads (source baseline, link lookup), and the record step
 * (completeMany, baselines putMany ×2, link put, 3 audit events, run counts, next leaseMany) in one
 * transaction per batch (BENCH_BATCH, default 200 like the engine). Row shapes copy the engine
 * bench's. Prints CPU µs per record for each phase; ends with one JSON line.
 *
 *   BENCH_RECORDS=20000 npm run bench -- record-step
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditEventInput, appendAudit } from '../src/audit/audit-log.ts';
import type { Lease, NewJob } from '../src/queue/queue.ts';
import { openSqliteQueue } from '../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { NewBaseline } from '../src/store/store.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const PAGE = 5_000;
const FLOW = 'customers';

const dir = mkdtempSync(join(tmpdir(), 'accord-record-step-bench-'));
const cpu = { capture: 0, lease: 0, reads: 0, record: 0 };
const timed = async <T>(phase: keyof typeof cpu, fn: () => Promise<T>): Promise<T> => {
  const start = process.cpuUsage();
  try {
    return await fn();
  } finally {
    const used = process.cpuUsage(start);
    cpu[phase] += used.user + used.system;
  }
};

try {
  const store = await openSqliteStore(join(dir, 'accord.db'));
  const queue = openSqliteQueue(store);
  const run = await store.runs.start({ flow: FLOW });
  const at = () => new Date().toISOString();

  for (let first = 1; first <= RECORDS; first += PAGE) {
    const modifiedAt = at();
    const jobs: NewJob[] = [];
    for (let i = first; i < Math.min(RECORDS + 1, first + PAGE); i++) {
      jobs.push({
        key: `${FLOW}:shop:${i}:${modifiedAt}#ICLs8D6NGCaX`,
        flow: FLOW,
        recordKey: `shop:${i}`,
        runId: run.id,
        payload: {
          source: 'shop',
          record: {
            objectType: 'Customer',
            id: String(i),
            modifiedAt,
            fields: { email: `c${i}@example.com`, profile: { name: `Customer ${i}` }, tier: 'GOLD' },
          },
          via: 'poll',
        },
      });
    }
    await timed('capture', () =>
      store.transaction(async (tx) => {
        const { created } = await queue.enqueueMany(jobs, { tx });
        await tx.runs.addCounts(run.id, { captured: created, pending: created });
        await tx.cursors.advance(
          { flow: FLOW, system: 'shop', objectType: 'Customer' },
          { modifiedAt, id: String(first) },
        );
      }),
    );
  }

  const leaseOptions = { workerId: 'bench', max: BATCH, flows: [FLOW] };
  let leases: Lease[] = await timed('lease', () => queue.leaseMany(leaseOptions));
  let done = 0;
  const started = performance.now();
  while (leases.length > 0) {
    const batch = leases;
    await timed('reads', async () => {
      for (const { job } of batch) {
        const id = (job.payload as { record: { id: string } }).record.id;
        await store.baselines.get('customer', 'shop', id);
        await store.links.find('customer', { system: 'shop', id }, 'erp');
      }
    });
    const baselines: NewBaseline[] = [];
    const audit: AuditEventInput[] = [];
    const now = at();
    for (const { job } of batch) {
      const id = (job.payload as { record: { id: string } }).record.id;
      const seen = { email: `c${id}@example.com`, name: `Customer ${id}`, tier: 'gold' };
      const meta = { sourceSystem: 'shop', sourceVersion: now, runId: run.id, at: now };
      baselines.push(
        {
          entity: 'customer',
          system: 'shop',
          recordId: id,
          flow: FLOW,
          seen,
          seenVersion: `${now}#x`,
          seenAt: now,
          written: {},
        },
        {
          entity: 'customer',
          system: 'erp',
          recordId: id,
          flow: FLOW,
          seen,
          seenVersion: `${now}#y`,
          seenAt: now,
          written: Object.fromEntries(Object.entries(seen).map(([k, value]) => [k, { value, ...meta }])),
        },
      );
      for (const [field, value] of Object.entries(seen)) {
        audit.push({
          kind: 'field-written',
          system: 'erp',
          entity: 'customer',
          recordId: id,
          recordKey: job.recordKey,
          field,
          oldValue: null,
          newValue: value,
          runId: run.id,
          flow: FLOW,
          rule: 'initial-sync',
          sourceSystem: 'shop',
          sourceVersion: now,
          at: now,
        });
      }
    }
    leases = await timed('record', () =>
      store.transaction(async (tx) => {
        await queue.completeMany?.(batch, { tx });
        await tx.baselines.putMany?.(baselines);
        for (const { job } of batch) {
          const id = (job.payload as { record: { id: string } }).record.id;
          await tx.links.put({
            entity: 'customer',
            flow: FLOW,
            a: { system: 'shop', id },
            b: { system: 'erp', id },
            matchedBy: 'created',
          });
        }
        await appendAudit(tx, audit);
        await tx.runs.addCounts(run.id, { pending: -batch.length, written: batch.length });
        return queue.leaseMany(leaseOptions, { tx });
      }),
    );
    done += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  if (done !== RECORDS) throw new Error(`bench: ${done} of ${RECORDS} records recorded`);
  const us = (phase: keyof typeof cpu) => Number((cpu[phase] / RECORDS).toFixed(1));
  const total = us('capture') + us('lease') + us('reads') + us('record');
  console.log(`records:             ${RECORDS} in batches of ${BATCH}`);
  console.log(
    `CPU µs per record:   capture ${us('capture')}, first lease ${us('lease')}, reads ${us('reads')}, record step (incl. next lease) ${us('record')}; total ${total.toFixed(1)}`,
  );
  console.log(
    `load average:        ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'record-step',
      records: RECORDS,
      capture_cpu_us: us('capture'),
      reads_cpu_us: us('reads'),
      record_cpu_us: us('record'),
      total_cpu_us: Number(total.toFixed(1)),
      record_phase_wall_s: Number(seconds.toFixed(2)),
      load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
