/**
 * The queue contract suite: every queue implementation runs it unchanged (SQLite now, PostgreSQL
 * later). Time is a ManualClock and jitter an injected random source: nothing here sleeps.
 *
 * @example
 *   // test/queue/sqlite-queue.integration.test.ts
 *   describeQueueContract('sqlite', async (options) => {
 *     const store = await openSqliteStore(join(dir, `${n++}.db`), { clock: options.clock });
 *     return { store, queue: openSqliteQueue(store, options), close: () => store.close() };
 *   }, { openModule: …, location: () => … });
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../sandbox/shared/simulator-server.ts';
import { failureFromError, LeaseLost, type NewJob } from '../../src/queue/queue.ts';
import { ManualClock } from '../../src/store/clock.ts';
import { IllegalTransition } from '../../src/store/state-machine.ts';
import { type CrashTarget, describeQueueCrashContract } from './queue-crash-contract.ts';
import { type FreshQueue, job, type QueueFactory, type QueueFixture } from './queue-fixture.ts';
import { describeQueueHeartbeatContract } from './queue-heartbeat-contract.ts';
import { describeQueueRetryContract } from './queue-retry-contract.ts';

export type { FreshQueue, QueueFactory, QueueFixture, QueueOptions } from './queue-fixture.ts';

export function describeQueueContract(name: string, open: QueueFactory, crash?: CrashTarget): void {
  describe(`queue contract: ${name}`, () => {
    const opened: QueueFixture[] = [];
    const fresh: FreshQueue = async (options = {}) => {
      const clock = options.clock ?? new ManualClock(Date.parse('2026-11-28T09:00:00.000Z'));
      const f = await open({ ...options, clock });
      opened.push(f);
      return { ...f, clock };
    };
    afterEach(async () => {
      for (const f of opened.splice(0)) await f.close();
    });

    it('enqueues idempotently by job key: the same change twice is one job', async () => {
      const { queue } = await fresh();
      const first = await queue.enqueue(job('orders:1:v1', '1'));
      const again = await queue.enqueue({ ...job('orders:1:v1', '1'), payload: { different: true } });
      expect(first.created).toBe(true);
      expect(again).toMatchObject({
        created: false,
        job: { id: first.job.id, payload: { key: 'orders:1:v1' } },
      });
      expect(
        await queue.enqueueMany([job('orders:1:v1', '1'), job('orders:2:v1', '2'), job('orders:2:v1', '2')]),
      ).toEqual({
        created: 1,
        existing: 2,
      });
      expect((await queue.stats()).byState.pending).toBe(2);
      await expect(queue.enqueue({ ...job('x'), lane: 'urgent' as never })).rejects.toThrow(
        /lane must be one of live, bulk/,
      );
    });

    it('leases, completes once, and never hands out a finished job again', async () => {
      const { queue } = await fresh();
      await queue.enqueue(job('orders:1:v1', '1'));
      const lease = await queue.lease({ workerId: 'w1' });
      expect(lease?.job).toMatchObject({
        key: 'orders:1:v1',
        state: 'running',
        attempts: 1,
        leaseOwner: 'w1',
      });
      expect(await queue.lease({ workerId: 'w2' })).toBeUndefined();
      expect((await queue.complete(lease!)).state).toBe('succeeded');
      await expect(queue.complete(lease!)).rejects.toThrow(LeaseLost);
      expect(await queue.lease({ workerId: 'w2' })).toBeUndefined();
      expect((await queue.enqueue(job('orders:1:v1', '1'))).created).toBe(false);
    });

    it('checks every state change against the transitions listed as data', async () => {
      const { queue } = await fresh();
      const { job: j } = await queue.enqueue(job('orders:1:v1', '1'));
      const err = await queue.retryDead(j.id, { by: 'ana', reason: 'fixed' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IllegalTransition);
      expect(err).toMatchObject({ machine: 'job', from: 'pending', to: 'pending' });
      const lease = await queue.lease({ workerId: 'w1' });
      await queue.complete(lease!);
      await expect(queue.retryDead(j.id, { by: 'ana', reason: 'fixed' })).rejects.toMatchObject({
        from: 'succeeded',
        to: 'pending',
      });
    });

    it('runs one job per record at a time, in enqueue order, under 2 concurrent consumers', async () => {
      const { queue } = await fresh();
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      const jobs: NewJob[] = [];
      for (let v = 1; v <= 4; v++)
        for (const k of keys) jobs.push(job(`orders:${k}:v${v}`, k, { payload: { k, v } }));
      await queue.enqueueMany(jobs);
      const random = seededRandom(7);
      const running = new Set<string>();
      const seen: Record<string, number[]> = {};
      const overlaps: string[] = [];
      const consumer = async (workerId: string) => {
        let idle = 0;
        while (idle < 50) {
          const lease = await queue.lease({ workerId });
          if (!lease) {
            idle += 1;
            await new Promise((r) => setImmediate(r));
            continue;
          }
          idle = 0;
          const { k, v } = lease.job.payload as { k: string; v: number };
          if (running.has(k)) overlaps.push(`${k} v${v} started while another ${k} job ran`);
          running.add(k);
          for (let t = Math.floor(random() * 5); t >= 0; t--) await new Promise((r) => setImmediate(r));
          seen[k] = [...(seen[k] ?? []), v];
          running.delete(k);
          await queue.complete(lease);
        }
      };
      await Promise.all([consumer('w1'), consumer('w2')]);
      expect(overlaps).toEqual([]);
      for (const k of keys) expect(seen[k]).toEqual([1, 2, 3, 4]);
      expect((await queue.stats()).byState.succeeded).toBe(24);
    });

    it('leases a batch in one go, never two jobs of one record, only of the flows asked for', async () => {
      const { queue } = await fresh();
      await queue.enqueueMany([
        job('orders:1:v1', '1'),
        job('orders:1:v2', '1'),
        job('orders:2:v1', '2'),
        job('items:9:v1', '9', { flow: 'items' }),
        job('orders:3:v1', '3'),
      ]);
      const batch = await queue.leaseMany({ workerId: 'w1', max: 10, flows: ['orders'] });
      expect(batch.map((l) => l.job.key)).toEqual(['orders:1:v1', 'orders:2:v1', 'orders:3:v1']);
      expect(await queue.leaseMany({ workerId: 'w2', max: 10, flows: [] })).toEqual([]);
      expect((await queue.leaseMany({ workerId: 'w2', max: 1 })).map((l) => l.job.key)).toEqual([
        'items:9:v1',
      ]);
      for (const lease of batch) await queue.complete(lease);
      expect((await queue.lease({ workerId: 'w2' }))?.job.key).toBe('orders:1:v2');
    });

    it('purges old succeeded jobs, after which their key may be enqueued anew', async () => {
      const { queue, clock } = await fresh();
      await queue.enqueue(job('orders:1:v1', '1'));
      await queue.complete((await queue.lease({ workerId: 'w1' }))!);
      await queue.enqueue(job('orders:2:v1', '2'));
      expect(await queue.purgeSucceeded(new Date(clock.now()).toISOString())).toBe(0);
      clock.advance(1);
      expect(await queue.purgeSucceeded(new Date(clock.now()).toISOString())).toBe(1);
      expect(await queue.getByKey('orders:1:v1')).toBeUndefined();
      expect((await queue.getByKey('orders:2:v1'))?.state).toBe('pending');
      expect((await queue.enqueue(job('orders:1:v1', '1'))).created).toBe(true);
    });

    it('serves live before bulk: a live order is not stuck behind a backfill', async () => {
      const { queue } = await fresh();
      await queue.enqueueMany(
        Array.from({ length: 30 }, (_, i) => job(`items:${i}`, `item-${i}`, { lane: 'bulk', flow: 'items' })),
      );
      await queue.enqueueMany(
        Array.from({ length: 5 }, (_, i) => job(`orders:${i}`, `order-${i}`, { lane: 'live' })),
      );
      const lanes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const lease = await queue.lease({ workerId: 'w1' });
        lanes.push(lease!.job.lane);
        await queue.complete(lease!);
      }
      expect(lanes).toEqual(['live', 'live', 'live', 'live', 'live']);
      expect((await queue.stats()).readyByLane).toEqual({ live: 0, bulk: 30 });
    });

    it('still gives bulk its share while live work keeps coming (no starvation)', async () => {
      const { queue } = await fresh({ liveBurst: 4 });
      await queue.enqueueMany(
        Array.from({ length: 10 }, (_, i) => job(`items:${i}`, `item-${i}`, { lane: 'bulk', flow: 'items' })),
      );
      await queue.enqueueMany(
        Array.from({ length: 30 }, (_, i) => job(`orders:${i}`, `order-${i}`, { lane: 'live' })),
      );
      const lanes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const lease = await queue.lease({ workerId: 'w1' });
        lanes.push(lease!.job.lane);
        await queue.complete(lease!);
      }
      expect(lanes).toEqual(['live', 'live', 'live', 'live', 'bulk', 'live', 'live', 'live', 'live', 'bulk']);
      const bulkOnly = await queue.lease({ workerId: 'w2', lanes: ['bulk'] });
      expect(bulkOnly?.job.lane).toBe('bulk');
    });

    it('re-delivers a job whose lease expired (crashed worker) and rejects the stale worker', async () => {
      const { queue, clock } = await fresh({ leaseMs: 10_000 });
      await queue.enqueue(job('orders:1:v1', '1'));
      const first = await queue.lease({ workerId: 'crashed' });
      clock.advance(9_999);
      expect(await queue.lease({ workerId: 'w2' })).toBeUndefined();
      clock.advance(1);
      const second = await queue.lease({ workerId: 'w2' });
      expect(second?.job).toMatchObject({ id: first!.job.id, attempts: 2, leaseOwner: 'w2' });
      expect(second?.job.lastError).toMatch(/LEASE_EXPIRED/);
      await expect(queue.complete(first!)).rejects.toThrow(LeaseLost);
      await expect(queue.fail(first!, failureFromError(new Error('late')))).rejects.toThrow(LeaseLost);
      // a heartbeat keeps a slow but alive worker's lease
      clock.advance(8_000);
      const extended = await queue.heartbeat(second!);
      clock.advance(5_000);
      expect(await queue.lease({ workerId: 'w3' })).toBeUndefined();
      expect((await queue.complete(extended)).state).toBe('succeeded');
    });

    it('kills a job that keeps crashing its workers, with a LEASE_EXPIRED dead letter', async () => {
      const { queue, store, clock } = await fresh({ leaseMs: 1_000, maxAttempts: 2 });
      await queue.enqueue(job('orders:poison:v1', 'poison', { payload: { poison: true } }));
      await queue.lease({ workerId: 'w1' });
      clock.advance(1_000);
      await queue.lease({ workerId: 'w2' });
      clock.advance(1_000);
      expect(await queue.lease({ workerId: 'w3' })).toBeUndefined();
      const dead = await queue.getByKey('orders:poison:v1');
      expect(dead).toMatchObject({ state: 'dead', attempts: 2 });
      const [letter] = await store.deadLetters.list({ state: 'open' });
      expect(letter).toMatchObject({
        classification: 'LEASE_EXPIRED',
        jobId: dead!.id,
        payload: { poison: true },
        attempts: 2,
      });
      expect(letter?.reason).toMatch(/gave up after 2 attempts.*lease of worker w2 expired/);
    });

    it('rolls a completion back with the store transaction it joined', async () => {
      const { queue, store } = await fresh();
      await queue.enqueue(job('orders:1:v1', '1'));
      const lease = await queue.lease({ workerId: 'w1' });
      await expect(
        store.transaction(async (tx) => {
          await tx.cursors.advance(
            { flow: 'orders', system: 'shopify', objectType: 'order' },
            { modifiedAt: '2026-11-28T09:00:00.000Z', id: '1' },
          );
          await queue.complete(lease!, { tx });
          throw new Error('audit write failed');
        }),
      ).rejects.toThrow('audit write failed');
      expect((await queue.get(lease!.job.id))?.state).toBe('running');
      expect(
        await store.cursors.get({ flow: 'orders', system: 'shopify', objectType: 'order' }),
      ).toBeUndefined();
      await store.transaction((tx) => queue.complete(lease!, { tx }));
      expect((await queue.get(lease!.job.id))?.state).toBe('succeeded');
    });

    describeQueueRetryContract(fresh);
    describeQueueHeartbeatContract(fresh);
    if (crash) describeQueueCrashContract(crash);
  });
}
