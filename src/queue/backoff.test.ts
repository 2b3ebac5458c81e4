import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, retryDelayMs } from './backoff.ts';

const policy = { baseMs: 500, capMs: 30_000 };

describe('retryDelayMs', () => {
  it('stays within [0, ceiling) for any jitter, and the ceiling doubles up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const ceiling = backoffCeilingMs(attempt, policy);
          const delay = retryDelayMs(attempt, policy, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
          expect(ceiling).toBe(Math.min(30_000, 500 * 2 ** (attempt - 1)));
        },
      ),
    );
  });

  it('never goes below a Retry-After, even with zero jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 600_000 }),
        (attempt, retryAfter) => {
          expect(retryDelayMs(attempt, policy, () => 0, retryAfter)).toBe(retryAfter);
          expect(retryDelayMs(attempt, policy, () => 0.99, retryAfter)).toBeGreaterThanOrEqual(retryAfter);
        },
      ),
    );
  });

  it('spreads retries out: 1,000 failures at attempt 5 do not retry in lockstep', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const delays = new Set(Array.from({ length: 1000 }, () => retryDelayMs(5, policy, random)));
    expect(delays.size).toBeGreaterThan(900);
  });
});
