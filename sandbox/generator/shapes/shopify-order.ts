/**
 * A Shopify `Order` in the GraphQL Admin API's shape: money bags for every total, `lineItems` and
 * `shippingLines` connections with their `taxLines` (Shopify's `rate` is a Float, so it is one
 * here too) and `discountAllocations`, `transactions` (the gateway's SALE, AUTHORIZATION or
 * REFUND), `refunds` with `refundLineItems`.
 *
 * @example
 *   shopifyOrder({ order, customer, legacyId: 5000000001, name: '#1001', financialStatus: 'PAID', … })
 */
import type { TruthCustomer, TruthOrder } from '../truth.ts';
import { shopifyGid, shopifyTime } from '../vendor-ids.ts';
import { mailingAddress, moneyBag } from './shopify-shapes.ts';

type Json = Record<string, unknown>;

export function shopifyOrder(input: {
  order: TruthOrder;
  customer: TruthCustomer;
  legacyId: number;
  name: string;
  financialStatus: string;
  paymentIntentId: string;
  refundLegacyId: number;
}): Json {
  const o = input.order;
  const c = o.currency;
  const bag = (units: bigint) => moneyBag(units, c);
  const rate = o.taxRateBps / 10_000;
  const taxLine = (units: bigint) => ({
    title: 'Tax',
    rate,
    ratePercentage: o.taxRateBps / 100,
    priceSet: bag(units),
  });
  const lineId = (i: number) => 13_000_000_000 + o.index * 8 + i;
  const stripe = o.gateway === 'stripe';
  const transactions: Json[] = [
    {
      id: shopifyGid('OrderTransaction', 6_000_000_000 + o.index * 4),
      kind: o.captured ? 'SALE' : 'AUTHORIZATION',
      status: 'SUCCESS',
      gateway: stripe ? 'stripe' : 'manual',
      authorizationCode: stripe ? input.paymentIntentId : null,
      amountSet: bag(o.total),
      processedAt: shopifyTime(o.createdAt),
    },
  ];
  const refunds: Json[] = [];
  if (o.refund) {
    const r = o.refund;
    transactions.push({
      id: shopifyGid('OrderTransaction', 6_000_000_000 + o.index * 4 + 1),
      kind: 'REFUND',
      status: 'SUCCESS',
      gateway: stripe ? 'stripe' : 'manual',
      authorizationCode: stripe ? input.paymentIntentId : null,
      amountSet: bag(r.amount),
      processedAt: shopifyTime(r.at),
    });
    refunds.push({
      id: shopifyGid('Refund', input.refundLegacyId),
      createdAt: shopifyTime(r.at),
      note: 'Customer returned one item',
      totalRefundedSet: bag(r.amount),
      refundLineItems: {
        nodes: r.lines.map((l) => ({
          lineItem: { id: shopifyGid('LineItem', lineId(l.lineIndex)) },
          quantity: l.quantity,
          restockType: 'RETURN',
          subtotalSet: bag(l.net),
          totalTaxSet: bag(l.tax),
        })),
      },
    });
  }
  const updatedAt = o.refund ? o.refund.at : o.createdAt + (o.fulfilled ? 86_400_000 : 0);
  const address = mailingAddress(input.customer);
  return {
    id: shopifyGid('Order', input.legacyId),
    legacyResourceId: String(input.legacyId),
    name: input.name,
    email: input.customer.email,
    createdAt: shopifyTime(o.createdAt),
    processedAt: shopifyTime(o.createdAt),
    updatedAt: shopifyTime(updatedAt),
    cancelledAt: null,
    closed: false,
    currencyCode: c,
    presentmentCurrencyCode: c,
    taxesIncluded: false,
    displayFinancialStatus: input.financialStatus,
    displayFulfillmentStatus: o.fulfilled ? 'FULFILLED' : 'UNFULFILLED',
    customer: input.customer.ids.shopify ? { id: input.customer.ids.shopify } : null,
    billingAddress: address,
    shippingAddress: address,
    subtotalPriceSet: bag(o.subtotal - o.discountTotal),
    totalDiscountsSet: bag(o.discountTotal),
    totalShippingPriceSet: bag(o.shipping),
    totalTaxSet: bag(o.taxTotal),
    totalPriceSet: bag(o.total),
    totalRefundedSet: bag(o.refund?.amount ?? 0n),
    currentTotalPriceSet: bag(o.total - (o.refund?.amount ?? 0n)),
    discountCodes: o.discount ? [o.discount.code] : [],
    discountApplications: {
      nodes: o.discount
        ? [
            {
              __typename: 'DiscountCodeApplication',
              code: o.discount.code,
              allocationMethod: 'ACROSS',
              targetSelection: 'ALL',
              targetType: 'LINE_ITEM',
              value: { __typename: 'PricingPercentageValue', percentage: o.discount.percent },
            },
          ]
        : [],
    },
    taxLines: o.taxTotal > 0n ? [taxLine(o.taxTotal)] : [],
    lineItems: {
      nodes: o.lines.map((l, i) => ({
        id: shopifyGid('LineItem', lineId(i)),
        title: l.title,
        sku: l.sku,
        quantity: l.quantity,
        originalUnitPriceSet: bag(l.unitPrice),
        originalTotalSet: bag(l.unitPrice * BigInt(l.quantity)),
        discountedTotalSet: bag(l.unitPrice * BigInt(l.quantity) - l.discount),
        discountAllocations: l.discount > 0n ? [{ allocatedAmountSet: bag(l.discount) }] : [],
        taxLines: l.tax > 0n || o.taxRateBps > 0 ? [taxLine(l.tax)] : [],
        taxable: o.taxRateBps > 0,
      })),
    },
    shippingLines: {
      nodes:
        o.shipping > 0n
          ? [
              {
                title: 'Standard',
                code: 'STANDARD',
                originalPriceSet: bag(o.shipping),
                discountedPriceSet: bag(o.shipping),
                taxLines: o.shippingTax > 0n ? [taxLine(o.shippingTax)] : [],
              },
            ]
          : [],
    },
    transactions,
    refunds,
    tags: [],
    note: null,
  };
}
