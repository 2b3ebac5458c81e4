import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../store/clock.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { LeaseLost } from '../queue.ts';
import { NEXT_READY_IDS, SUCCEED_HELD_MANY } from './sqlite-job-table.ts';
import { openSqliteQueue } from './sqlite-queue.ts';

describe('sqlite queue: the lease query plan', () => {
  it('reads due pending jobs from the partial jobs_ready index in (run_at, id) order, with no sort', async () => {
    const store = await openSqliteStore(':memory:');
    openSqliteQueue(store);
    const plan = (
      store.connection.db
        .prepare(`EXPLAIN QUERY PLAN ${NEXT_READY_IDS}`)
        .all({ lane: 'live', now: 1, flows: null, max: 10 }) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH j USING INDEX jobs_ready (lane=? AND run_at<?)');
    expect(plan.some((d) => d.includes('jobs_in_line'))).toBe(true);
    expect(plan.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
    const index = store.connection.db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'jobs_ready'")
      .get() as { sql: string };
    expect(index.sql).toMatch(/WHERE state = 'pending'/);
    await store.close();
  });

  it('completes a batch by reading the batch once and each job by primary key (not per running job)', async () => {
    const store = await openSqliteStore(':memory:');
    openSqliteQueue(store);
    const plan = (
      store.connection.db
        .prepare(`EXPLAIN QUERY PLAN ${SUCCEED_HELD_MANY}`)
        .all({ now: 1, leases: '[]' }) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan[0]).toMatch(/SCAN json_each/);
    expect(plan).toContain('SEARCH jobs USING INTEGER PRIMARY KEY (rowid=?)');
    await store.close();
  });
});

describe('sqlite queue: batch lease and completion', () => {
  const job = (key: string, recordKey: string, lane: 'live' | 'bulk' = 'live') => ({
    key,
    flow: 'f',
    recordKey,
    lane,
    payload: { key },
  });

  it('leases a batch in lane order, one job per record, and completes it reporting lost leases', async () => {
    const clock = new ManualClock();
    const store = await openSqliteStore(':memory:', { clock });
    const queue = openSqliteQueue(store, { liveBurst: 2, leaseMs: 1_000 });
    await queue.enqueueMany([
      job('a1', 'a'),
      job('a2', 'a'),
      job('b1', 'b'),
      job('c1', 'c'),
      job('d1', 'd'),
      job('x1', 'x', 'bulk'),
    ]);
    const first = await queue.leaseMany({ workerId: 'w', max: 10 });
    // a2 waits behind a1 (same record); after two live jobs a bulk one goes next.
    expect(first.map((l) => l.job.key)).toEqual(['a1', 'b1', 'x1', 'c1', 'd1']);
    expect(first.every((l) => l.job.state === 'running' && l.job.attempts === 1)).toBe(true);

    // The leases expire and another worker takes the jobs: completing them must not touch them.
    clock.advance(1_001);
    const retaken = await queue.leaseMany({ workerId: 'w2', max: 10 });
    expect(retaken.map((l) => l.job.key).sort()).toEqual(['a1', 'b1', 'c1', 'd1', 'x1']);
    const { lost } = await queue.completeMany(first);
    expect(lost).toHaveLength(first.length);
    expect(lost.every((l) => l instanceof LeaseLost)).toBe(true);

    const { lost: none } = await queue.completeMany(retaken);
    expect(none).toEqual([]);
    for (const l of retaken) expect((await queue.get(l.job.id))?.state).toBe('succeeded');
    // a2 is next in line now that a1 is done.
    const next = await queue.leaseMany({ workerId: 'w', max: 10 });
    expect(next.map((l) => l.job.key)).toEqual(['a2']);
    await store.close();
  });
  it('returns each leased job exactly as stored (the lease builds the row from what it set)', async () => {
    const clock = new ManualClock();
    const store = await openSqliteStore(':memory:', { clock });
    const queue = openSqliteQueue(store, { leaseMs: 1_000 });
    await queue.enqueueMany([
      { ...job('p1', 'p'), runId: 'run-1', maxAttempts: 3, payload: { n: 1, nested: { s: 'é' } } },
      job('q1', 'q', 'bulk'),
    ]);
    clock.advance(5);
    const leases = await queue.leaseMany({ workerId: 'w-1', max: 10 });
    expect(leases).toHaveLength(2);
    for (const lease of leases) {
      const stored = await queue.get(lease.job.id);
      expect(lease.job).toEqual(stored);
      expect(lease.expiresAt).toBe(stored?.leaseExpiresAt);
    }
    // the token returned is the one stored: it completes the job
    expect((await queue.completeMany(leases)).lost).toEqual([]);
    await store.close();
  });
});
