import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from './adaptive-limiter.ts';
import { LimiterClosed, withPermit } from './concurrency-limiter.ts';
import { LocalLimiter } from './local-limiter.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LocalLimiter', () => {
  it('never has more permits out than its cap, with many concurrent tasks of varied length', async () => {
    const limiter = new LocalLimiter(3);
    let current = 0;
    let highest = 0;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withPermit(limiter, async () => {
          current += 1;
          highest = Math.max(highest, current);
          for (let k = 0; k < (i % 5) + 1; k++) await tick();
          current -= 1;
        }),
      ),
    );
    expect(highest).toBe(3);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, maxInFlight: 3, waiting: 0, cap: 3 });
  });

  it('serves waiters first come, first served, and ignores a second release', async () => {
    const limiter = new LocalLimiter(1);
    const first = await limiter.acquire();
    const order: number[] = [];
    const a = limiter.acquire().then((p) => {
      order.push(1);
      return p;
    });
    const b = limiter.acquire().then((p) => {
      order.push(2);
      return p;
    });
    first.release();
    first.release();
    const pa = await a;
    expect(limiter.stats().inFlight).toBe(1);
    pa.release();
    (await b).release();
    expect(order).toEqual([1, 2]);
    expect(limiter.stats().maxInFlight).toBe(1);
  });

  it('lets an aborted waiter go without taking a slot, and rejects waiters on close', async () => {
    const limiter = new LocalLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(LimiterClosed);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(LimiterClosed);
    held.release();
  });

  it('refuses a cap that is not a positive whole number', () => {
    expect(() => new LocalLimiter(0)).toThrow(/at least 1/);
    expect(() => new LocalLimiter(2.5)).toThrow(/whole number/);
  });
});

describe('AdaptiveLimiter', () => {
  it('shrinks its window to what was in flight when the pool refuses a request', async () => {
    const limiter = new AdaptiveLimiter({ cap: 5 });
    const permits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    expect(limiter.stats().limit).toBe(5);
    // Others hold 2 of the 5 slots: our last two requests are refused. The fifth was sent with 5
    // of ours in flight, so at most 4 were free.
    permits[4]!.release('rejected');
    expect(limiter.stats().limit).toBe(4);
    // The same burst: a second refusal of a request granted before the decrease is not a new signal.
    permits[3]!.release('rejected');
    expect(limiter.stats().limit).toBe(4);
    for (const p of permits.slice(0, 3)) p.release('ok');
    // Next round at the new window: one more refusal takes it to what was in flight.
    const round2 = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
    expect(limiter.stats().inFlight).toBe(4);
    round2[3]!.release('rejected');
    expect(limiter.stats().limit).toBe(3);
    // Released in any order, the measurement is the same: it was taken when the permit was granted.
    expect(limiter.stats().rejected).toBe(3);
    for (const p of round2.slice(0, 3)) p.release('ok');
  });

  it('never goes below its minimum nor above its cap', async () => {
    const limiter = new AdaptiveLimiter({ cap: 4, minimum: 1 });
    for (let i = 0; i < 10; i++) (await limiter.acquire()).release('rejected');
    expect(limiter.stats().limit).toBe(1);
    for (let i = 0; i < 500; i++) {
      const batch = await Promise.all(Array.from({ length: limiter.stats().limit }, () => limiter.acquire()));
      for (const p of batch) p.release('ok');
      expect(limiter.stats().limit).toBeLessThanOrEqual(4);
    }
    expect(limiter.stats().limit).toBe(4);
    expect(limiter.stats().maxInFlight).toBeLessThanOrEqual(4);
  });

  it('recovers when other integrations give their slots back, and tracks a pool that changes', async () => {
    const limiter = new AdaptiveLimiter({ cap: 5, probeWindows: 2 });
    const pool = 5;
    let others = 0;
    const limits: number[] = [];
    let served = 0;
    let refused = 0;
    let highest = 0;
    for (let round = 0; round < 120; round++) {
      others = round < 40 ? 0 : round < 80 ? 3 : 1;
      // Our demand is unbounded: take every slot the window allows this round.
      const batch = await Promise.all(Array.from({ length: limiter.stats().limit }, () => limiter.acquire()));
      highest = Math.max(highest, limiter.stats().inFlight);
      const free = pool - others;
      batch.forEach((p, i) => {
        if (i < free) {
          served += 1;
          p.release('ok');
        } else {
          refused += 1;
          p.release('rejected');
        }
      });
      limits.push(limiter.stats().limit);
    }
    expect(highest).toBeLessThanOrEqual(5);
    expect(limits[39]).toBe(5);
    // Others took 3 slots: the window came down to the 2 left within a few round trips…
    expect(Math.min(...limits.slice(40, 80))).toBe(2);
    expect(limits.slice(50, 80).every((l) => l <= 3)).toBe(true);
    // …and climbed back up when they freed 2 of them.
    expect(Math.max(...limits.slice(100, 120))).toBeGreaterThanOrEqual(4);
    expect(refused / (served + refused)).toBeLessThan(0.25);
    expect(served).toBeGreaterThan(0);
  });

  it("reads the system's own limit and never opens more slots than it allows", async () => {
    let reads = 0;
    const limiter = new AdaptiveLimiter({
      cap: 5,
      readCeiling: async () => {
        reads += 1;
        return 2;
      },
    });
    (await limiter.acquire()).release('ok');
    await tick();
    expect(reads).toBe(1);
    expect(limiter.systemCeiling).toBe(2);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    let third = false;
    const c = limiter.acquire().then((p) => {
      third = true;
      return p;
    });
    await tick();
    expect(third).toBe(false);
    expect(limiter.stats().limit).toBe(2);
    a.release('ok');
    (await c).release('ok');
    b.release('ok');
    for (let i = 0; i < 100; i++) (await limiter.acquire()).release('ok');
    expect(limiter.stats().limit).toBe(2);
  });

  it('opens a single slot until the first reading of the limit is in', async () => {
    let answer: (n: number) => void = () => {};
    const limiter = new AdaptiveLimiter({
      cap: 5,
      readCeiling: () => new Promise<number>((resolve) => (answer = resolve)),
    });
    const first = await limiter.acquire();
    let second = false;
    const pending = limiter.acquire().then((p) => {
      second = true;
      return p;
    });
    await tick();
    expect(second).toBe(false);
    answer(3);
    await tick();
    expect(second).toBe(true);
    expect(limiter.stats().limit).toBe(3);
    first.release('ok');
    (await pending).release('ok');
  });

  it('keeps the configured cap when the role may not read the limit', async () => {
    const limiter = new AdaptiveLimiter({
      cap: 3,
      readCeiling: async () => {
        throw new Error('403 INSUFFICIENT_PERMISSION');
      },
    });
    (await limiter.acquire()).release('ok');
    await tick();
    expect(limiter.systemCeiling).toBe(3);
    const limiterHigh = new AdaptiveLimiter({ cap: 3, readCeiling: async () => 15 });
    await limiterHigh.refreshCeiling();
    expect(limiterHigh.systemCeiling).toBe(3);
    expect(limiterHigh.stats().limit).toBe(3);
  });
});
