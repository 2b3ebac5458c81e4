/**
 * The record step on its own thread (src/engine/thread-recorder.ts) records exactly what the
 * in-process record step does: the same counts, dead letters with their change and request,
 * review items, links, baselines and an audit chain that verifies — and it really runs on the
 * other thread, through its own connection to the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { silentLogger } from '../../src/engine/engine-events.ts';
import { threadRecorder } from '../../src/engine/thread-recorder.ts';
import { ValidationRejected } from '../../src/model/errors.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { customersContract, type MemoryRig, memoryRig } from './memory-fixture.ts';

const rigs: MemoryRig[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const customer = (n: number) => ({
  email: `c${n}@example.com`,
  profile: { name: `Customer ${n}` },
  // Every 17th carries a tier the contract does not map: a review item, never a default.
  tier: n % 17 === 0 ? 'PLATINUM' : n % 2 ? 'GOLD' : 'SILVER',
  credit: { amount: `${n}.25`, currency: 'USD' },
});

/** 400 customers through the engine; every 13th is refused by the ERP for good (a dead letter). */
async function runScenario(recordOnThread: boolean) {
  const rig = await memoryRig(customersContract(), {
    erp: {
      beforeWrite: (req) => {
        if (Number(req.externalId?.replace('shop:', '')) % 13 === 0)
          throw new ValidationRejected(
            `erp refused customer ${req.externalId}: Please enter a value for Terms`,
            { status: 400, vendorCode: 'USER_ERROR' },
            { system: 'erp' },
          );
      },
    },
    engine: { tuning: { lookbackMs: 0, drainTimeoutMs: 10_000, batchSize: 50, loops: 3, recordOnThread } },
  });
  rigs.push(rig);
  for (let i = 1; i <= 400; i++) rig.shop.put('Customer', customer(i));
  const run = await rig.engine.runFlow('customers', { once: true });
  const deadLetters = await rig.store.deadLetters.list({ state: 'open' });
  const reviews = await rig.store.reviews.list({ state: 'open' });
  const audit = await verifyAudit(rig.store);
  const events = await rig.store.audit.scan(1, 10_000);
  return {
    usesThread: rig.queue.threadSibling() !== undefined && recordOnThread,
    counts: run.counts,
    balanced: run.balanced,
    deadLetters: deadLetters
      .map((d) => ({
        key: d.recordKey,
        reason: d.reason,
        classification: d.classification,
        // The in-memory shop stamps edits with the wall clock: the two runs differ only there.
        payload: {
          ...(d.payload as object),
          record: { ...(d.payload as { record: object }).record, modifiedAt: 'now' },
        },
        request: d.request,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    reviews: reviews
      .map((r) => ({ key: r.recordKey, kind: r.kind, field: r.field, candidates: r.candidates }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    auditOk: audit.ok,
    auditEvents: events
      .map((e) => `${e.recordKey} ${e.field} ${JSON.stringify(e.newValue)} ${e.rule}`)
      .sort(),
    erp: rig.erp
      .records('customer')
      .map((r) => `${r.externalId} ${JSON.stringify(r.fields)}`)
      .sort(),
    links: (
      await Promise.all(
        rig.shop
          .records('Customer')
          .map((c) => rig.store.links.find('customer', { system: 'shop', id: c.id }, 'erp')),
      )
    ).filter(Boolean).length,
    baselines: (
      await rig.store.baselines.getMany(
        'customer',
        'shop',
        rig.shop.records('Customer').map((c) => c.id),
      )
    ).size,
  };
}

describe('the record step on its own thread', () => {
  it('records what the in-process record step records: counts, dead letters, reviews, links, baselines, audit', async () => {
    const onThread = await runScenario(true);
    const inProcess = await runScenario(false);
    expect(onThread.usesThread).toBe(true);
    expect(onThread.counts).toMatchObject({
      captured: 400,
      // 23 unknown tiers (every 17th) wait in review before any write; 29 of the 30 thirteenths are
      // refused (221 = 13 × 17 never reaches the ERP).
      written: 400 - 23 - 29,
      deadLettered: 29,
      inReview: 23,
      pending: 0,
    });
    expect(onThread.balanced).toBe(true);
    expect(onThread.auditOk).toBe(true);
    expect(onThread.deadLetters[0]).toMatchObject({
      reason: expect.stringContaining('Please enter a value for Terms'),
      classification: 'VALIDATION_REJECTED',
      payload: { source: 'shop', record: { id: expect.any(String) } },
      request: { system: 'erp', objectType: 'customer' },
    });
    expect(onThread.links).toBe(onThread.counts.written);
    const { usesThread: _a, ...thread } = onThread;
    const { usesThread: _b, ...local } = inProcess;
    expect(thread).toEqual(local);
  });

  it('commits through its own connection, visible to this one, and leases the next batch in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-thread-recorder-'));
    dirs.push(dir);
    const store = await openSqliteStore(join(dir, 'accord.db'));
    const queue = openSqliteQueue(store);
    const sibling = queue.threadSibling();
    expect(sibling).toBeDefined();
    const recorder = threadRecorder(sibling!);
    try {
      const run = await store.runs.start({ flow: 'f' });
      await queue.enqueueMany(
        Array.from({ length: 6 }, (_, i) => ({
          key: `k${i}`,
          flow: 'f',
          recordKey: `r${i}`,
          payload: { n: i },
          runId: run.id,
        })),
      );
      await store.runs.addCounts(run.id, { captured: 6, pending: 6 });
      const first = await queue.leaseMany({ workerId: 'w', max: 3, flows: ['f'] });
      const batch = await recorder.record(
        first.map((lease, i) => ({
          lease,
          ok: true as const,
          outcome: {
            bucket: 'written' as const,
            baselines: [
              {
                entity: 'customer',
                system: 'erp',
                recordId: `e${i}`,
                flow: 'f',
                seen: { name: `N${i}` },
                seenAt: '2026-11-28T10:00:00.000Z',
                written: {},
              },
            ],
            link: {
              entity: 'customer',
              flow: 'f',
              a: { system: 'shop', id: `s${i}` },
              b: { system: 'erp', id: `e${i}` },
              matchedBy: 'created' as const,
            },
            audit: [
              {
                kind: 'field-written' as const,
                system: 'erp',
                entity: 'customer',
                recordId: `e${i}`,
                recordKey: `shop:s${i}`,
                field: 'name',
                newValue: `N${i}`,
                runId: run.id,
                flow: 'f',
                rule: 'initial-sync',
              },
            ],
            reviews: [],
            writes: [],
          },
        })),
        { next: { workerId: 'w', max: 3, flows: ['f'] }, logger: silentLogger },
      );
      expect(batch.finished).toBe(3);
      expect(batch.next.map((l) => l.job.key).sort()).toEqual(['k3', 'k4', 'k5']);
      expect(batch.next[0]?.job.payload).toMatchObject({ n: expect.any(Number) });
      // What the other thread committed, read through this thread's connection.
      expect((await queue.get(first[0]!.job.id))?.state).toBe('succeeded');
      expect((await queue.get(batch.next[0]!.job.id))?.state).toBe('running');
      expect(await store.links.find('customer', { system: 'shop', id: 's2' }, 'erp')).toMatchObject({
        a: { system: 'erp', id: 'e2' },
      });
      expect((await store.baselines.get('customer', 'erp', 'e1'))?.seen).toEqual({ name: 'N1' });
      expect((await store.runs.get(run.id))?.counts).toMatchObject({ written: 3, pending: 3 });
      const audit = await verifyAudit(store);
      expect(audit).toMatchObject({ ok: true, events: 3 });
    } finally {
      await recorder.close();
      await store.close();
    }
  });

  it("rejects with the store's own message when the batch cannot be recorded, and records nothing of it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-thread-recorder-'));
    dirs.push(dir);
    const store = await openSqliteStore(join(dir, 'accord.db'));
    const queue = openSqliteQueue(store);
    const recorder = threadRecorder(queue.threadSibling()!);
    try {
      await queue.enqueue({ key: 'k', flow: 'f', recordKey: 'r', payload: {} });
      const [lease] = await queue.leaseMany({ workerId: 'w', max: 1 });
      const unstorable = {
        entity: 'customer',
        system: 'erp',
        recordId: 'e1',
        flow: 'f',
        // JSON cannot hold NaN: the store refuses it rather than keep a different value.
        seen: { credit: Number.NaN },
        seenAt: '2026-11-28T10:00:00.000Z',
        written: {},
      };
      await expect(
        recorder.record(
          [
            {
              lease: lease!,
              ok: true,
              outcome: { bucket: 'written', baselines: [unstorable], audit: [], reviews: [], writes: [] },
            },
          ],
          { logger: silentLogger },
        ),
      ).rejects.toThrow(/baseline customer erp:e1 seen: \$\.credit is NaN/);
      // The transaction rolled back: the job is still the lease's, nothing else was written.
      expect((await queue.get(lease!.job.id))?.state).toBe('running');
      expect(await store.baselines.get('customer', 'erp', 'e1')).toBeUndefined();
    } finally {
      await recorder.close();
      await store.close();
    }
  });

  it('is not offered for an in-memory database or an injected clock', async () => {
    const memory = await openSqliteStore(':memory:');
    expect(openSqliteQueue(memory).threadSibling()).toBeUndefined();
    await memory.close();
    const dir = mkdtempSync(join(tmpdir(), 'accord-thread-recorder-'));
    dirs.push(dir);
    const store = await openSqliteStore(join(dir, 'accord.db'), { clock: { now: () => 0 } });
    expect(openSqliteQueue(store).threadSibling()).toBeUndefined();
    await store.close();
  });
});
