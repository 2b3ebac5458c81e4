import { describe, expect, it } from 'vitest';
import { minorUnitsOf } from '../../src/model/currencies.ts';
import { parseDecimal } from '../../src/model/decimal.ts';
import { generateBusiness } from './business.ts';
import { REGIONS, shopSystemOf } from './regions.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read vendor JSON by path
type Json = Record<string, any>;

const business = generateBusiness({ seed: 21, scale: 8000, scenario: 'full' });
const all = (path: string) => business.records(path) as Json[];
const shopOrders = REGIONS.flatMap((r) => all(`shopify/${r.shop.handle}/orders`));
const places = (amount: string) => amount.split('.')[1]?.length ?? 0;

describe('one business, consistent across systems', () => {
  it('pays every Stripe-gateway Shopify order with a payment intent of the same amount in minor units', () => {
    const intents = new Map(all('stripe/payment_intents').map((pi) => [pi.metadata.shopify_order_id, pi]));
    const viaStripe = shopOrders.filter((o) => o.transactions[0].gateway === 'stripe');
    expect(viaStripe.length).toBeGreaterThan(500);
    for (const order of viaStripe) {
      const pi = intents.get(order.id);
      if (!pi) throw new Error(`no payment intent for ${order.id}`);
      const money = order.totalPriceSet.shopMoney;
      const minor = parseDecimal(money.amount).times(10 ** minorUnitsOf(money.currencyCode));
      expect(minor.isInteger()).toBe(true);
      expect(pi.amount).toBe(Number(minor.toFixed(0)));
      expect(pi.currency).toBe(money.currencyCode.toLowerCase());
      expect(pi.metadata.shopify_order_name).toBe(order.name);
      // Stripe takes KWD in fils but only with the last digit 0.
      if (pi.currency === 'kwd') expect(pi.amount % 10).toBe(0);
    }
    expect(intents.size).toBe(viaStripe.length);
  });

  it("points every NetSuite sales order's externalId at a Shopify order, and every invoice at a sales order", () => {
    // The engine's external id: `<shop system>:<order gid>` (shopify:gid://shopify/Order/…).
    const orderKeys = new Set(
      REGIONS.flatMap((r) => all(`shopify/${r.shop.handle}/orders`).map((o) => `${shopSystemOf(r)}:${o.id}`)),
    );
    const salesOrders = all('netsuite/salesOrder');
    expect(salesOrders.length).toBeGreaterThan(500);
    for (const so of salesOrders) expect(orderKeys.has(so.externalId), so.externalId).toBe(true);
    const soIds = new Set(salesOrders.map((so) => so.id));
    for (const invoice of all('netsuite/invoice')) expect(soIds.has(invoice.createdFrom.id)).toBe(true);
  });

  it("keeps each currency's minor units: Shopify per ISO (JPY 0, KWD 3), NetSuite 0 or 2 places only", () => {
    for (const order of shopOrders) {
      const code = order.currencyCode;
      for (const key of ['totalPriceSet', 'subtotalPriceSet', 'totalTaxSet', 'totalShippingPriceSet']) {
        expect(places(order[key].shopMoney.amount), `${order.id} ${key}`).toBe(minorUnitsOf(code));
      }
    }
    const currencyOf = new Map(REGIONS.map((r) => [r.currencyId, r.currency]));
    for (const type of ['salesOrder', 'invoice', 'creditMemo', 'customerPayment']) {
      for (const record of all(`netsuite/${type}`)) {
        const code = currencyOf.get(record.currency.id)!;
        expect(record.currency.refName).toBe(code);
        const amounts = [
          record.total,
          record.subtotal,
          record.taxTotal,
          record.payment,
          record.amountRemaining,
        ]
          .concat((record.item?.items ?? []).flatMap((l: Json) => [l.rate, l.amount]))
          .concat((record.apply?.items ?? []).map((a: Json) => a.amount))
          .filter((a) => a !== undefined);
        for (const amount of amounts) {
          expect(typeof amount).toBe('string');
          expect(places(amount), `${type} ${record.id} ${amount}`).toBe(code === 'JPY' ? 0 : 2);
        }
      }
    }
  });

  it('books each sales order in the subsidiary of its currency, with {id, refName} references', () => {
    for (const so of all('netsuite/salesOrder')) {
      const region = REGIONS.find((r) => r.subsidiary.id === so.subsidiary.id)!;
      expect(so.subsidiary.refName).toBe(region.subsidiary.name);
      expect(so.currency.id).toBe(region.currencyId);
      expect(so.entity).toEqual({ id: expect.any(String), refName: expect.any(String) });
      expect(so.lastModifiedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it("adds up: a Shopify order's total is its lines less discounts, plus tax and shipping", () => {
    for (const order of shopOrders) {
      const sum = order.lineItems.nodes
        .reduce(
          (s: ReturnType<typeof parseDecimal>, l: Json) =>
            s.plus(parseDecimal(l.discountedTotalSet.shopMoney.amount)),
          parseDecimal('0'),
        )
        .plus(parseDecimal(order.totalTaxSet.shopMoney.amount))
        .plus(parseDecimal(order.totalShippingPriceSet.shopMoney.amount));
      expect(sum.equals(parseDecimal(order.totalPriceSet.shopMoney.amount)), order.id).toBe(true);
    }
  });

  it('links every record to records that exist: customers, items, WMS orders', () => {
    const stripeCustomers = new Set(all('stripe/customers').map((c) => c.id));
    for (const pi of all('stripe/payment_intents')) expect(stripeCustomers.has(pi.customer)).toBe(true);
    const charges = new Map(all('stripe/charges').map((c) => [c.id, c]));
    for (const pi of all('stripe/payment_intents')) {
      const charge = charges.get(pi.latest_charge);
      expect(charge?.payment_intent).toBe(pi.id);
      expect(charge?.captured).toBe(pi.status === 'succeeded');
    }
    const nsCustomers = new Set(all('netsuite/customer').map((c) => c.id));
    for (const so of all('netsuite/salesOrder')) expect(nsCustomers.has(so.entity.id)).toBe(true);
    const skus = new Set(all('netsuite/inventoryItem').map((i) => i.itemId));
    for (const so of all('netsuite/salesOrder'))
      for (const l of so.item.items) expect(skus.has(l.item.refName)).toBe(true);
    for (const r of REGIONS) {
      const customers = new Set(all(`shopify/${r.shop.handle}/customers`).map((c) => c.id));
      for (const o of all(`shopify/${r.shop.handle}/orders`)) expect(customers.has(o.customer.id)).toBe(true);
    }
    const wmsOrders = new Set(all('wms/orders').map((o) => o.id));
    for (const s of all('wms/shipments')) expect(wmsOrders.has(s.orderId)).toBe(true);
    const tranIds = new Set(all('netsuite/salesOrder').map((so) => so.tranId));
    for (const o of all('wms/orders')) expect(tranIds.has(o.reference)).toBe(true);
  });

  it('sums the summary totals from the records themselves', () => {
    const byCurrency: Record<string, ReturnType<typeof parseDecimal>> = {};
    for (const o of shopOrders) {
      const m = o.totalPriceSet.shopMoney;
      byCurrency[m.currencyCode] = (byCurrency[m.currencyCode] ?? parseDecimal('0')).plus(
        parseDecimal(m.amount),
      );
    }
    for (const [code, total] of Object.entries(byCurrency)) {
      expect(parseDecimal(business.summary.totals['shopify.orders']![code]!).equals(total)).toBe(true);
    }
    expect(Object.keys(byCurrency).sort()).toEqual(['EUR', 'GBP', 'JPY', 'KWD', 'USD']);
  });
});
