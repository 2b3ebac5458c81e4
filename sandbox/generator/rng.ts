/**
 * The generator's only source of randomness: a seeded PRNG (`seededRandom`, mulberry32) with the
 * helpers the generator needs. Each concern draws from its own stream (`rng.fork('orders')`), so
 * adding a draw in one place never shifts the values of another — the output stays stable as the
 * generator grows, and two runs with the same seed are byte-identical.
 *
 * @example
 *   const rng = new Rng(42).fork('customers');
 *   rng.int(1, 6) // the same die roll for seed 42, every time
 */
import { seededRandom } from '../shared/simulator-server.ts';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class Rng {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** An independent stream for one concern, derived from this seed and a label (FNV-1a). */
  fork(label: string): Rng {
    let hash = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < label.length; i++) {
      hash ^= label.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return new Rng(hash >>> 0);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: nothing to pick from');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Random `[0-9A-Za-z]` text, as Stripe's id suffixes. */
  alphanumeric(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(this.next() * 62)];
    return out;
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** `count` distinct indexes from [0, size), ascending (Floyd's algorithm; no full shuffle). */
  sample(size: number, count: number): number[] {
    const n = Math.min(count, size);
    const chosen = new Set<number>();
    for (let j = size - n; j < size; j++) {
      const t = this.int(0, j);
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen].sort((a, b) => a - b);
  }
}

/**
 * Samples ranks with probability ∝ 1/rank^s (Zipf): a few customers place most orders. Built
 * once (cumulative weights), sampled by binary search — O(log n) per draw at a million orders.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(size: number, exponent = 1.07) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 1; rank <= size; rank++) {
      total += 1 / rank ** exponent;
      this.cumulative[rank - 1] = total;
    }
  }

  /** A 0-based rank. */
  sample(rng: Rng): number {
    const target = rng.float() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
