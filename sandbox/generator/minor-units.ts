/**
 * Amounts inside the generator are integer minor units (bigint) of the order's currency — exact,
 * and cheap enough for a million records. They become decimal strings only at the edge, in each
 * vendor's format. `Money` (src/model/money.ts) does the splitting (`allocate`) and NetSuite's
 * precision rule (`forNetSuite`); this file only does the text conversion, which must agree with
 * `Money.format()` exactly (tested), but runs without a decimal library: measured on this
 * machine, `Money.fromMinorUnits(x).format()` costs ~6 µs and this ~0.35 µs, and a million-record
 * business formats several million amounts (a Shopify order alone carries ~30 money bags).
 *
 * @example
 *   minorToDecimal(12345n, 'KWD') // '12.345'
 *   minorToDecimal(-5n, 'USD')    // '-0.05'
 */
import { minorUnitsOf } from '../../src/model/currencies.ts';
import { Money } from '../../src/model/money.ts';

/** Decimal text with exactly the currency's minor-unit places (`"12.50"`, `"1999"`, `"1.230"`). */
export function minorToDecimal(units: bigint, currency: string): string {
  return formatScaled(units, minorUnitsOf(currency));
}

/** Decimal text of `units / 10^places`, padded to `places`. */
export function formatScaled(units: bigint, places: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** Minor units → Money, for the places that need Money's exact operations. */
export function toMoney(units: bigint, currency: string): Money {
  return Money.fromMinorUnits(units, currency);
}

/** `a * numerator / denominator`, rounded half-up in integer arithmetic (a tax rate in basis points). */
export function mulDivRound(a: bigint, numerator: bigint, denominator: bigint): bigint {
  const product = a * numerator;
  const sign = product < 0n ? -1n : 1n;
  const magnitude = product * sign;
  return sign * ((magnitude * 2n + denominator) / (denominator * 2n));
}

/**
 * Splits `total` minor units over `weights` so the parts sum exactly to the total, with Money's
 * largest-remainder rule. Used for discounts across lines and partial refunds.
 */
export function allocateMinor(total: bigint, weights: readonly bigint[], currency: string): bigint[] {
  return toMoney(total, currency)
    .allocate(weights.map((w) => w.toString()))
    .map((m) => m.toMinorUnits());
}

/** The smaller of two bigints (`Math.min` does not take bigints). */
export function minBigInt(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
