import type { Decimal } from '../../src/model/decimal.ts';
import { dec, sum } from './shop-money.ts';
import type { LineItemRow, OrderRow } from './shop-rows.ts';

/**
 * An order's derived money and statuses, computed exactly as the Admin API reports them:
 * subtotal after discounts, tax summed from the per-line tax lines, received and refunded from
 * successful transactions, and Shopify's display statuses.
 */
/** A line's total after its discount allocations, before tax. */
export function lineNet(line: LineItemRow): Decimal {
  return dec(line.unitPrice)
    .times(line.quantity)
    .minus(sum(line.discountAllocations.map((d) => d.amount)));
}

/** Splits `total` over `weights` in minor units, largest remainder first, never losing a cent. */
export function allocate(total: Decimal, weights: Decimal[], places: number): Decimal[] {
  const unit = dec('1').dividedBy(dec('10').pow(places));
  const weightSum = weights.reduce((a, b) => a.plus(b), dec('0'));
  const exact = weights.map((w) => (weightSum.isZero() ? dec('0') : total.times(w).dividedBy(weightSum)));
  const floors = exact.map((e) => e.toDecimalPlaces(places, 1 /* ROUND_DOWN */));
  let remainder = total.minus(floors.reduce((a, b) => a.plus(b), dec('0')));
  const order = exact
    .map((e, i) => ({ i, frac: e.minus(floors[i]!) }))
    .sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (const { i } of order) {
    if (remainder.lessThan(unit)) break;
    floors[i] = floors[i]!.plus(unit);
    remainder = remainder.minus(unit);
  }
  return floors;
}

export interface OrderTotals {
  subtotal: Decimal;
  discounts: Decimal;
  shipping: Decimal;
  tax: Decimal;
  totalPrice: Decimal;
  received: Decimal;
  refunded: Decimal;
  authorized: Decimal;
  currentTotal: Decimal;
  outstanding: Decimal;
}

/** Every derived amount of an order, exactly as the API reports them. */
export function orderTotals(order: OrderRow): OrderTotals {
  const subtotal = order.lineItems.reduce((a, l) => a.plus(lineNet(l)), dec('0'));
  const discounts = sum(order.lineItems.flatMap((l) => l.discountAllocations.map((d) => d.amount)));
  const shipping = sum(order.shippingLines.map((l) => l.discountedPrice));
  const tax = sum(
    [...order.lineItems.flatMap((l) => l.taxLines), ...order.shippingLines.flatMap((l) => l.taxLines)].map(
      (t) => t.amount,
    ),
  );
  const totalPrice = order.taxesIncluded ? subtotal.plus(shipping) : subtotal.plus(shipping).plus(tax);
  const ok = order.transactions.filter((t) => t.status === 'SUCCESS');
  const received = sum(ok.filter((t) => t.kind === 'SALE' || t.kind === 'CAPTURE').map((t) => t.amount));
  const refunded = sum(ok.filter((t) => t.kind === 'REFUND').map((t) => t.amount));
  const voided = new Set(ok.filter((t) => t.kind === 'VOID').map((t) => t.parentId));
  const authorized = sum(
    ok.filter((t) => t.kind === 'AUTHORIZATION' && !voided.has(t.id)).map((t) => t.amount),
  ).minus(sum(ok.filter((t) => t.kind === 'CAPTURE').map((t) => t.amount)));
  const removed = sum(
    order.refunds.flatMap((r) => [
      ...r.lineItems.flatMap((li) => [li.subtotal, li.totalTax]),
      r.shippingAmount,
    ]),
  );
  const currentTotal = totalPrice.minus(removed);
  const net = received.minus(refunded);
  const owed = currentTotal.minus(net);
  return {
    subtotal,
    discounts,
    shipping,
    tax,
    totalPrice,
    received,
    refunded,
    authorized,
    currentTotal,
    outstanding: owed.isNegative() ? dec('0') : owed,
  };
}

/** Shopify's `displayFinancialStatus`, derived from the transactions. */
export function financialStatus(order: OrderRow, now: number): string {
  const t = orderTotals(order);
  const auths = order.transactions.filter((x) => x.kind === 'AUTHORIZATION' && x.status === 'SUCCESS');
  const voided = order.transactions.some((x) => x.kind === 'VOID' && x.status === 'SUCCESS');
  if (t.refunded.greaterThan(0))
    return t.refunded.greaterThanOrEqualTo(t.received) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (t.received.isZero()) {
    if (voided) return 'VOIDED';
    if (auths.length > 0) {
      const expired = auths.every((a) => a.authorizationExpiresAt !== null && a.authorizationExpiresAt < now);
      return expired ? 'EXPIRED' : 'AUTHORIZED';
    }
    return 'PENDING';
  }
  return t.received.greaterThanOrEqualTo(t.totalPrice) ? 'PAID' : 'PARTIALLY_PAID';
}

/** Shopify's `displayFulfillmentStatus`, from fulfilled quantities. */
export function fulfillmentStatus(order: OrderRow): string {
  const total = order.lineItems.reduce((a, l) => a + l.quantity, 0);
  const done = order.lineItems.reduce((a, l) => a + l.fulfilledQuantity, 0);
  if (done === 0) return 'UNFULFILLED';
  return done >= total ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
}
