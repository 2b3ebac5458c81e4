import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { NEXT_READY_IDS } from './sqlite-job-table.ts';
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
});
