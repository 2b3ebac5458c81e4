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

export class Tolerance {
  private readonly byCurrency = new Map<string, Decimal>();
  private readonly fallback: Decimal;

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
    return parseDecimal(a).minus(parseDecimal(b)).abs().lte(this.of(currency).times(records));
  }
}
