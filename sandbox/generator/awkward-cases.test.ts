import { describe, expect, it } from 'vitest';
import { Money } from '../../src/model/money.ts';
import { generateBusiness } from './business.ts';
import { REGIONS } from './regions.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read vendor JSON by path
type Json = Record<string, any>;

const DIAL = 3;
const business = generateBusiness({
  seed: 31,
  scale: 12_000,
  scenario: {
    base: 'clean',
    awkward: {
      noEmail: DIAL,
      duplicateEmail: DIAL,
      ambiguousCrmMatch: DIAL,
      partialRefund: DIAL,
      uncapturedMarkedPaid: DIAL,
      discontinuedMidSync: DIAL,
      kwdThirdDecimal: DIAL,
      jpyNoDecimals: DIAL,
      roundingTrap: DIAL,
      nullVsEmpty: DIAL,
      deletedRecord: DIAL,
      clockSkew: DIAL,
      concurrentEdit: DIAL,
      longName: DIAL,
    },
  },
});
const all = (path: string) => business.records(path) as Json[];
const truthCustomers = all('truth/customers');
const truthOrders = all('truth/orders');
const withCase = (list: Json[], name: string) => list.filter((r) => r.cases.includes(name));
const shopOrders = new Map(
  REGIONS.flatMap((r) => all(`shopify/${r.shop.handle}/orders`)).map((o) => [o.id, o]),
);
const nsCustomers = new Map(all('netsuite/customer').map((c) => [c.id, c]));
const sfAccounts = new Map(all('salesforce/Account').map((a) => [a.Id, a]));
const sfContacts = all('salesforce/Contact');
const salesOrders = new Map(all('netsuite/salesOrder').map((s) => [s.externalId, s]));
const intents = new Map(all('stripe/payment_intents').map((pi) => [pi.metadata.shopify_order_id, pi]));
const orderOf = (truth: Json) => shopOrders.get(truth.ids.shopify)!;
// Sales orders carry the engine's external id, `<shop system>:<order gid>`: found here by the gid.
const soOf = (truth: Json) =>
  [...salesOrders.entries()].find(
    ([eid]) => /^shopify(-[a-z]+)?:/.test(eid) && eid.endsWith(`:${orderOf(truth).id}`),
  )?.[1];

describe('every awkward case at its dial', () => {
  it('customer with no email: null in the CRM and Shopify, absent in NetSuite', () => {
    const cases = withCase(truthCustomers, 'noEmail');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      expect(sfContacts.find((x) => x.Id === c.ids.salesforceContact)?.Email).toBeNull();
      expect(nsCustomers.get(c.ids.netsuite)).not.toHaveProperty('email');
    }
  });

  it('the same email on two customers, differing in case and whitespace', () => {
    const cases = withCase(truthCustomers, 'duplicateEmail');
    expect(cases).toHaveLength(DIAL * 2);
    const normal = (e: string) => e.trim().toLowerCase();
    const groups = new Map<string, string[]>();
    for (const c of cases) groups.set(normal(c.email), [...(groups.get(normal(c.email)) ?? []), c.email]);
    expect(groups.size).toBe(DIAL);
    for (const raw of groups.values()) {
      expect(raw).toHaveLength(2);
      expect(raw[0]).not.toBe(raw[1]);
    }
  });

  it('two Salesforce accounts that both match one NetSuite customer (no external id to decide)', () => {
    const cases = withCase(truthCustomers, 'ambiguousCrmMatch');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      const ns = nsCustomers.get(c.ids.netsuite)!;
      expect(ns.externalId).toBeUndefined();
      const matching = sfContacts.filter(
        (x) => x.Email && x.Email.trim().toLowerCase() === ns.email.trim().toLowerCase(),
      );
      expect(new Set(matching.map((x) => x.AccountId)).size).toBe(2);
      for (const m of matching) expect(sfAccounts.get(m.AccountId)?.NetSuite_Id__c).toBeNull();
    }
  });

  it('an order with a partial refund, refunded in Shopify, Stripe and NetSuite', () => {
    const cases = withCase(truthOrders, 'partialRefund');
    expect(cases).toHaveLength(DIAL);
    const refunds = all('stripe/refunds');
    for (const t of cases) {
      const order = orderOf(t);
      expect(order.displayFinancialStatus).toBe('PARTIALLY_REFUNDED');
      const refunded = Money.of(order.totalRefundedSet.shopMoney.amount, order.currencyCode);
      expect(refunded.isZero()).toBe(false);
      expect(refunded.compare(Money.of(order.totalPriceSet.shopMoney.amount, order.currencyCode))).toBe(-1);
      const pi = intents.get(order.id)!;
      expect(refunds.filter((r) => r.payment_intent === pi.id).map((r) => r.amount)).toEqual([
        Number(refunded.toMinorUnits()),
      ]);
    }
    expect(all('netsuite/creditMemo')).toHaveLength(DIAL);
  });

  it('an authorised payment never captured but marked paid downstream', () => {
    const cases = withCase(truthOrders, 'uncapturedMarkedPaid');
    expect(cases).toHaveLength(DIAL);
    const payments = all('netsuite/customerPayment');
    for (const t of cases) {
      const pi = intents.get(t.ids.shopify)!;
      expect([pi.status, pi.amount_received, pi.amount_capturable]).toEqual([
        'requires_capture',
        0,
        pi.amount,
      ]);
      expect(orderOf(t).displayFinancialStatus).toBe('AUTHORIZED');
      expect(payments.find((p) => p.externalId === `stripe:${pi.id}`)?.payment).toBe(soOf(t)!.total);
    }
  });

  it('an item discontinued in the middle of a sync: inactive in NetSuite, on sale in Shopify, its order not in NetSuite', () => {
    const items = all('truth/items').filter((i) => i.cases.includes('discontinuedMidSync'));
    expect(items).toHaveLength(DIAL);
    const nsItems = new Map(all('netsuite/inventoryItem').map((i) => [i.itemId, i]));
    for (const item of items) {
      expect(nsItems.get(item.sku)?.isInactive).toBe(true);
      const product = all('shopify/accord-goods-us/products').find(
        (p) => p.variants.nodes[0].sku === item.sku,
      );
      expect(product?.status).toBe('ACTIVE');
    }
    const orders = withCase(truthOrders, 'discontinuedMidSync');
    expect(orders).toHaveLength(DIAL);
    for (const t of orders) {
      expect(soOf(t)).toBeUndefined();
      expect(Date.parse(orderOf(t).createdAt)).toBeLessThan(
        Date.parse(nsItems.get(t.lines[0].sku)!.lastModifiedDate),
      );
    }
  });

  it('a KWD amount with a third decimal that NetSuite cannot hold; paid by bank, not Stripe', () => {
    const cases = withCase(truthOrders, 'kwdThirdDecimal');
    expect(cases).toHaveLength(DIAL);
    for (const t of cases) {
      const order = orderOf(t);
      const total = Money.of(order.totalPriceSet.shopMoney.amount, 'KWD');
      expect(order.currencyCode).toBe('KWD');
      expect(total.forNetSuite('half-up').exact).toBe(false);
      expect(soOf(t)!.total).toBe(total.forNetSuite('half-up').value.amountText());
      expect(intents.has(order.id)).toBe(false);
      expect(order.transactions[0].gateway).toBe('manual');
    }
  });

  it('JPY with no decimals: a half-yen tax rounded to whole yen, everywhere', () => {
    const cases = withCase(truthOrders, 'jpyNoDecimals');
    expect(cases).toHaveLength(DIAL);
    for (const t of cases) {
      const order = orderOf(t);
      const line = order.lineItems.nodes[0];
      expect(order.currencyCode).toBe('JPY');
      expect(Number(line.originalUnitPriceSet.shopMoney.amount) % 10).toBe(5);
      expect(line.taxLines[0].priceSet.shopMoney.amount).toMatch(/^\d+$/);
      expect(Money.of(line.originalUnitPriceSet.shopMoney.amount, 'JPY').times('0.1').isExact()).toBe(false);
      expect(intents.get(order.id)!.amount).toBe(Number(order.totalPriceSet.shopMoney.amount));
    }
  });

  it('the rounding trap: three lines of 33.33 plus 20% tax, exact in both systems, one cent apart', () => {
    const cases = withCase(truthOrders, 'roundingTrap');
    expect(cases).toHaveLength(DIAL);
    const line = Money.of('33.33', 'GBP');
    const perLineTax = line.times('0.20').round('half-up');
    const subtotal = line.times('3');
    const shopifyTax = perLineTax.times('3');
    const netSuiteTax = subtotal.times('0.20').round('half-up');
    expect([perLineTax.format(), shopifyTax.format(), netSuiteTax.format()]).toEqual([
      '6.67',
      '20.01',
      '20.00',
    ]);
    for (const t of cases) {
      const order = orderOf(t);
      expect(order.lineItems.nodes.map((l: Json) => l.originalUnitPriceSet.shopMoney.amount)).toEqual([
        '33.33',
        '33.33',
        '33.33',
      ]);
      expect(order.totalTaxSet.shopMoney.amount).toBe(shopifyTax.format());
      expect(order.totalPriceSet.shopMoney.amount).toBe(subtotal.plus(shopifyTax).format());
      const so = soOf(t)!;
      expect([so.taxTotal, so.total]).toEqual([netSuiteTax.format(), subtotal.plus(netSuiteTax).format()]);
      expect(intents.get(order.id)!.amount).toBe(12000);
    }
  });

  it('nulls versus empty strings: phone null in the CRM and Shopify, "" in NetSuite', () => {
    const cases = withCase(truthCustomers, 'nullVsEmpty');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      expect(sfAccounts.get(c.ids.salesforceAccount)?.Phone).toBeNull();
      expect(nsCustomers.get(c.ids.netsuite)?.phone).toBe('');
    }
  });

  it('a deleted record: in the Salesforce recycle bin, alive in NetSuite', () => {
    const cases = withCase(truthCustomers, 'deletedRecord');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      expect(sfAccounts.get(c.ids.salesforceAccount)?.IsDeleted).toBe(true);
      expect(nsCustomers.get(c.ids.netsuite)?.isInactive).toBe(false);
    }
  });

  it('timestamps with clock skew: NetSuite stamps the sales order before Shopify created the order', () => {
    const cases = withCase(truthOrders, 'clockSkew');
    expect(cases).toHaveLength(DIAL);
    for (const t of cases)
      expect(Date.parse(soOf(t)!.dateCreated)).toBeLessThan(Date.parse(orderOf(t).createdAt));
    const skewed = all('truth/orders').filter((t) => {
      const so = soOf(t);
      return so && Date.parse(so.dateCreated) < Date.parse(orderOf(t).createdAt);
    });
    expect(skewed).toHaveLength(DIAL);
  });

  it('a record edited in two systems within seconds, to different values', () => {
    const cases = withCase(truthCustomers, 'concurrentEdit');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      const account = sfAccounts.get(c.ids.salesforceAccount)!;
      const ns = nsCustomers.get(c.ids.netsuite)!;
      expect(account.Phone).not.toBe(ns.phone);
      const gap = Math.abs(
        Date.parse(account.LastModifiedDate.replace('+0000', 'Z')) - Date.parse(ns.lastModifiedDate),
      );
      expect(gap).toBeLessThanOrEqual(2000);
    }
  });

  it('names over 200 characters: whole in Salesforce, cut to 83 in NetSuite', () => {
    const cases = withCase(truthCustomers, 'longName');
    expect(cases).toHaveLength(DIAL);
    for (const c of cases) {
      expect(sfAccounts.get(c.ids.salesforceAccount)!.Name.length).toBeGreaterThan(200);
      expect(nsCustomers.get(c.ids.netsuite)!.companyName).toHaveLength(83);
    }
  });

  it('lists every case in the manifest', () => {
    const listed = new Set(business.manifest.awkwardCases.map((a) => a.case));
    for (const name of [
      'noEmail',
      'duplicateEmail',
      'ambiguousCrmMatch',
      'nullVsEmpty',
      'longName',
      'clockSkew',
    ]) {
      expect(listed.has(name), name).toBe(true);
    }
    const categories = new Set(business.manifest.disagreements.map((d) => d.category));
    expect([...categories].sort()).toEqual(
      [
        'concurrent-edit',
        'deleted-record',
        'discontinued-mid-sync',
        'precision-loss',
        'rounding',
        'uncaptured-marked-paid',
      ].sort(),
    );
  });
});
