/**
 * The truth model as JSON (written under `truth/`): amounts as decimal strings with their
 * currency, times as ISO-8601, every system's id for the record.
 */
import { minorToDecimal } from './minor-units.ts';
import type { TruthCustomer, TruthItem, TruthOrder } from './truth.ts';

export function customerJson(c: TruthCustomer): Record<string, unknown> {
  return {
    key: c.key,
    region: c.region,
    firstName: c.firstName,
    lastName: c.lastName,
    company: c.company,
    email: c.email,
    phone: c.phone,
    address: c.address,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
    inCrm: c.inCrm,
    inNetSuite: c.inNetSuite,
    buyer: c.buyer,
    cases: c.cases,
    ids: c.ids,
  };
}

export function itemJson(item: TruthItem, shopifyIds: Record<string, string>): Record<string, unknown> {
  return {
    key: item.key,
    sku: item.sku,
    name: item.name,
    productType: item.productType,
    category: item.category,
    season: item.season,
    introducedAt: new Date(item.introducedAt).toISOString(),
    discontinuedAt: item.discontinuedAt === null ? null : new Date(item.discontinuedAt).toISOString(),
    prices: Object.fromEntries(Object.entries(item.prices).map(([k, v]) => [k, v.toString()])),
    stock: item.stock,
    cases: item.cases,
    ids: { netsuite: item.netsuiteId, ...shopifyIds },
  };
}

export function orderJson(o: TruthOrder, ids: Record<string, string>): Record<string, unknown> {
  const m = (units: bigint) => minorToDecimal(units, o.currency);
  return {
    key: o.key,
    customerKey: o.customerKey,
    region: o.region,
    currency: o.currency,
    createdAt: new Date(o.createdAt).toISOString(),
    lines: o.lines.map((l) => ({
      itemKey: l.itemKey,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice),
      discount: m(l.discount),
      tax: m(l.tax),
    })),
    subtotal: m(o.subtotal),
    discountTotal: m(o.discountTotal),
    discount: o.discount,
    taxTotal: m(o.taxTotal),
    shipping: m(o.shipping),
    shippingTax: m(o.shippingTax),
    total: m(o.total),
    taxRate: `${(o.taxRateBps / 100).toFixed(2)}%`,
    gateway: o.gateway,
    captured: o.captured,
    refund: o.refund
      ? {
          amount: m(o.refund.amount),
          at: new Date(o.refund.at).toISOString(),
          lines: o.refund.lines.map((l) => ({
            lineIndex: l.lineIndex,
            quantity: l.quantity,
            net: m(l.net),
            tax: m(l.tax),
          })),
        }
      : null,
    fulfilled: o.fulfilled,
    cases: o.cases,
    ids,
  };
}
