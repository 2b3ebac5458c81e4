/**
 * The absolute difference a reconciliation rule allows per currency, from the contract's
 * `tolerance` map (`default` for the rest). Decimal strings in, exact comparison out.
 *
 * Why a per-currency tolerance: NetSuite holds two decimals, so a KWD amount of 1.235 is stored
 * as 1.24 (half a fils off) — a difference that is expected, not an error. JPY has no minor
 * units, so its tolerance is usually `0`.
 *
 * @example
 *   const t = new Tolerance({ default: '0.01', KWD: '0.005', JPY: '0' });
 *   t.within('KWD', '1.235', '1.24'); // true
 */
import { type Decimal, parseDecimal } from '../model/decimal.ts';
import { scaledUnits } from './decimal-text.ts';

export class Tolerance {
  private readonly byCurrency = new Map<string, Decimal>();
  private readonly fallback: Decimal;
  /** The tolerance per currency as a bigint at the scale of scaledUnits (the per-record path). */
  private readonly scaled = new Map<string, bigint>();

  constructor(tolerance: Readonly<Record<string, string>>) {
    for (const [code, text] of Object.entries(tolerance)) {
      if (code !== 'default') this.byCurrency.set(code.toUpperCase(), parseDecimal(text).abs());
    }
    this.fallback =
      tolerance.default === undefined ? parseDecimal('0') : parseDecimal(tolerance.default).abs();
  }

  of(currency: string): Decimal {
    return this.byCurrency.get(currency.toUpperCase()) ?? this.fallback;
  }

  /** True when `a` and `b` (decimal strings) differ by no more than the currency's tolerance. */
  within(currency: string, a: string, b: string, records = 1): boolean {
    if (a === b) return true;
    // Amounts of up to ten decimals compare as bigints: every KWD pair half a fils apart comes
    // here, and Decimal was 5% of the 1M bench's CPU. Anything longer goes through Decimal.
    const x = scaledUnits(a);
    const y = scaledUnits(b);
    let allowed = this.scaled.get(currency);
    if (allowed === undefined) {
      allowed = scaledUnits(this.of(currency).toFixed()) ?? -1n;
      this.scaled.set(currency, allowed);
    }
    if (x !== undefined && y !== undefined && allowed >= 0n) {
      const diff = x > y ? x - y : y - x;
      return diff <= allowed * BigInt(records);
    }
    return parseDecimal(a).minus(parseDecimal(b)).abs().lte(this.of(currency).times(records));
  }
}
