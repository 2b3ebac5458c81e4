/**
 * Lease renewal: part of the queue contract, called from `describeQueueContract`. A batch that
 * outlasts its lease keeps its jobs while its holder renews them (`keepLeasesAlive`), and loses
 * them to another worker once the holder dies and renewals stop. Time is a ManualClock; the
 * keeper is driven by hand (`renewEveryMs: 0`), so nothing here sleeps.
 */
import { expect, it } from 'vitest';
import { keepLeasesAlive } from '../../src/queue/lease-keeper.ts';
import { LeaseLost } from '../../src/queue/queue.ts';
import { type FreshQueue, job } from './queue-fixture.ts';

export function describeQueueHeartbeatContract(fresh: FreshQueue): void {
  it('does not re-lease a long batch while its holder renews it, and re-leases it once the holder dies', async () => {
    const { queue, clock } = await fresh({ leaseMs: 30_000 });
    await queue.enqueueMany([job('orders:1:v1', '1'), job('orders:2:v1', '2'), job('orders:3:v1', '3')]);
    const leases = await queue.leaseMany({ workerId: 'slow', max: 3 });
    expect(leases).toHaveLength(3);
    const keeper = keepLeasesAlive(queue, leases, { renewEveryMs: 0 });

    // Two minutes of work, four times the lease, renewed every 10 s: no other worker gets a job.
    for (let s = 0; s < 120; s += 10) {
      clock.advance(10_000);
      await keeper.beat();
      expect(await queue.lease({ workerId: 'other' })).toBeUndefined();
    }
    expect(keeper.lost.size).toBe(0);
    // The holder finishes one job; then it dies (no more renewals) holding the other two.
    await queue.complete(leases[0]!);
    await keeper.stop();
    clock.advance(29_999);
    expect(await queue.lease({ workerId: 'other' })).toBeUndefined();
    clock.advance(1);
    const taken = await queue.leaseMany({ workerId: 'other', max: 3 });
    expect(taken.map((l) => l.job.recordKey).sort()).toEqual(['2', '3']);
    expect(taken[0]?.job.lastError).toMatch(/LEASE_EXPIRED/);
    await expect(queue.complete(leases[1]!)).rejects.toThrow(LeaseLost);
  });

  it('reports a lease lost before its renewal instead of extending another worker’s lease', async () => {
    const { queue, clock } = await fresh({ leaseMs: 10_000 });
    await queue.enqueue(job('orders:1:v1', '1'));
    const [stalled] = await queue.leaseMany({ workerId: 'stalled', max: 1 });
    clock.advance(10_000);
    const taken = await queue.lease({ workerId: 'w2' });
    expect(taken?.job.id).toBe(stalled!.job.id);
    const keeper = keepLeasesAlive(queue, [stalled!], { renewEveryMs: 0 });
    await keeper.beat();
    await keeper.stop();
    expect([...keeper.lost]).toEqual([stalled!.job.id]);
    // w2's lease was not touched: it expires on its own schedule.
    clock.advance(10_000);
    expect((await queue.lease({ workerId: 'w3' }))?.job.id).toBe(stalled!.job.id);
  });
}
