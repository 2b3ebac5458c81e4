import { afterEach, describe, expect, it } from 'vitest';
import { GovernancePool } from './governance-pool.ts';

describe('GovernancePool', () => {
  let pool: GovernancePool | undefined;
  afterEach(() => pool?.close());

  it('admits up to its capacity and refuses the next request', () => {
    pool = new GovernancePool(5, () => 0);
    for (let i = 0; i < 5; i += 1) expect(pool.tryAcquire()).toBe(true);
    expect(pool.tryAcquire()).toBe(false);
    expect(pool.rejected).toBe(1);
    pool.release();
    expect(pool.tryAcquire()).toBe(true);
  });

  it('shares the pool with other integrations', () => {
    pool = new GovernancePool(5, () => 0.99); // others take their maximum
    pool.setOtherIntegrations({ maxSlots: 3, holdMs: { min: 60_000, max: 60_000 } });
    expect(pool.heldByOthers).toBe(3);
    expect(pool.tryAcquire()).toBe(true);
    expect(pool.tryAcquire()).toBe(true);
    expect(pool.tryAcquire()).toBe(false);
    pool.setOtherIntegrations(undefined);
    expect(pool.tryAcquire()).toBe(true);
  });
});
