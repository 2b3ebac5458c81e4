/**
 * The rounding trap, computed the way NetSuite's header-level tax does it, with Money: three lines
 * of 33.33 at 20% give 99.99 × 0.20 = 19.998 → 20.00 on the subtotal, while Shopify's per-line tax
 * gives 3 × round(6.666) = 20.01. Same order, totals one cent apart, no error anywhere.
 *
 * @example
 *   roundingTrapNetSuiteTax(order) // 2000n (20.00 GBP), where Shopify has 2001n
 */
import { Money } from '../../src/model/money.ts';
import { formatScaled } from './minor-units.ts';
import type { TruthOrder } from './truth.ts';

export function roundingTrapNetSuiteTax(order: TruthOrder): bigint {
  const rate = formatScaled(BigInt(order.taxRateBps), 4); // basis points → '0.2000'
  return Money.fromMinorUnits(order.subtotal - order.discountTotal, order.currency)
    .times(rate)
    .round('half-up')
    .toMinorUnits();
}
