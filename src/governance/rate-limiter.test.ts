import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';
import { RequestGate } from './request-gate.ts';

/** A clock that only moves when the limiter sleeps: every start time is exact. */
function fakeTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('never lets more than `requests` start in any window of perMs, first come first served', async () => {
    const time = fakeTime();
    const rate = new RateLimiter({ requests: 5, perMs: 1_000 }, time);
    const started: { n: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        rate.take().then(() => {
          started.push({ n, at: time.now() });
        }),
      ),
    );
    expect(started.map((s) => s.n)).toEqual([...Array(12).keys()]);
    expect(started.map((s) => s.at)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    // No window of one second holds more than five starts.
    for (const s of started) {
      expect(started.filter((o) => o.at >= s.at && o.at < s.at + 1_000).length).toBeLessThanOrEqual(5);
    }
  });

  it('counts only the starts inside the window: after a pause the full rate is there again, no more', async () => {
    const time = fakeTime();
    const rate = new RateLimiter({ requests: 2, perMs: 1_000 }, time);
    await rate.take();
    await rate.take();
    await time.sleep(10_000);
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rate.take();
      at.push(time.now());
    }
    expect(at).toEqual([10_000, 10_000, 11_000]);
  });

  it('refuses a rate that cannot be kept', () => {
    expect(() => new RateLimiter({ requests: 0, perMs: 1_000 })).toThrow(/positive/);
    expect(() => new RateLimiter({ requests: 5, perMs: 0 })).toThrow(/positive/);
  });

  it('a RequestGate with a rate holds its calls to it as well as to its concurrency cap', async () => {
    const time = fakeTime();
    const gate = new RequestGate(3, new RateLimiter({ requests: 2, perMs: 1_000 }, time));
    const at: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => gate.run(async () => at.push(time.now()))));
    expect(at).toEqual([0, 0, 1000, 1000, 2000]);
    expect(gate.stats()).toMatchObject({ requests: 5, inFlight: 0 });
  });
});
