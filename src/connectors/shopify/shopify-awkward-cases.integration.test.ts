import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwkwardCases, seedAwkwardCases } from '../../../sandbox/shopify/awkward-cases.ts';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { ValidationRejected } from '../../model/errors.ts';
import type { Money } from '../../model/money.ts';
import type { SystemRecord } from '../connector.ts';
import { ShopifyConnector } from './shopify-connector.ts';
import { shopMoneyOf } from './shopify-money.ts';

type Node = Record<string, unknown>;
const nodes = (connection: unknown) => (connection as { nodes: Node[] }).nodes;
const money = (record: SystemRecord, field: string): Money =>
  shopMoneyOf(record.fields[field], `${record.id} ${field}`);

describe('awkward cases, read through the Shopify connector', () => {
  let sim: ShopifySimulator;
  let connector: ShopifyConnector;
  let cases: AwkwardCases;
  const order = async (id: number) => (await connector.get('order', String(id)))!;

  beforeAll(async () => {
    // Order pages are requested near the 1000-point limit, so the connector rightly waits for the
    // bucket between them; a shared virtual clock lets it wait without the test sleeping.
    const clock = { t: 0 };
    sim = await startShopifySimulator({ bucket: { now: () => clock.t } });
    cases = seedAwkwardCases(sim.store, sim.book);
    connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a partial refund after fulfilment: fulfilled, partially refunded, the refunded line and money visible', async () => {
    const o = await order(cases.partialRefundAfterFulfilment.orderId);
    expect(o.fields.displayFulfillmentStatus).toBe('FULFILLED');
    expect(o.fields.displayFinancialStatus).toBe('PARTIALLY_REFUNDED');
    const [refund] = o.fields.refunds as Node[];
    expect(nodes(refund!.refundLineItems)).toMatchObject([{ quantity: 1, restockType: 'NO_RESTOCK' }]);
    expect(money(o, 'totalRefundedSet').format()).toBe('13.50');
    // 2 × 12.50 + 8% tax + 5.00 shipping = 32.00 received; 13.50 refunded.
    expect(money(o, 'totalReceivedSet').minus(money(o, 'totalRefundedSet')).format()).toBe('18.50');
  });

  it('an authorisation never captured: AUTHORIZED, nothing received — not to be synced as paid', async () => {
    const o = await order(cases.authorisedNeverCaptured.orderId);
    expect(o.fields.displayFinancialStatus).toBe('AUTHORIZED');
    expect(money(o, 'totalReceivedSet').isZero()).toBe(true);
    expect((o.fields.transactions as Node[]).map((t) => t.kind)).toEqual(['AUTHORIZATION']);
  });

  it('an order edited after payment: PARTIALLY_PAID with the added amount outstanding', async () => {
    const o = await order(cases.editedAfterPayment.orderId);
    expect(o.fields.edited).toBe(true);
    expect(o.fields.displayFinancialStatus).toBe('PARTIALLY_PAID');
    expect(money(o, 'totalOutstandingSet').format()).toBe('3.00');
    expect(nodes(o.fields.lineItems).map((l) => l.title)).toEqual(['Enamel mug', 'Gift wrap']);
  });

  it('a guest checkout and a customer without an email', async () => {
    const guest = await order(cases.guestCheckout.orderId);
    expect(guest.fields.customer).toBeNull();
    expect(guest.fields.email).toBe('guest-buyer@example.test');
    const noEmail = (await connector.get('customer', String(cases.customerWithoutEmail.customerId)))!;
    expect(noEmail.fields.email).toBeNull();
    expect(noEmail.fields.phone).toBe('+14155550100');
    const theirOrder = await order(cases.customerWithoutEmail.orderId);
    expect(theirOrder.fields.email).toBeNull();
    expect(theirOrder.fields.customer).toEqual({ id: noEmail.id, email: null });
    expect(await connector.findByField('customer', 'email', 'grace@example.test')).toEqual([]);
  });

  it('a deleted product still on an old order: the line keeps title and SKU, product and variant are null', async () => {
    const o = await order(cases.deletedProduct.orderId);
    expect(nodes(o.fields.lineItems)).toMatchObject([
      { title: 'Discontinued teapot', sku: 'TEAPOT-OLD', product: null, variant: null },
    ]);
    expect(await connector.get('product', String(cases.deletedProduct.productId))).toBeUndefined();
  });

  it('discount + tax + shipping: per-line tax rounding is a cent away from taxing the total, and the total still adds up', async () => {
    const o = await order(cases.roundingCent.orderId);
    const lineTax = nodes(o.fields.lineItems)
      .flatMap((l) => l.taxLines as Node[])
      .map((t) => shopMoneyOf(t.priceSet))
      .reduce((a, b) => a.plus(b));
    expect(lineTax.format()).toBe('0.21');
    expect(money(o, 'totalTaxSet').equals(lineTax)).toBe(true);
    expect(cases.roundingCent.totalLevelTax).toBe('0.22');
    const recomputed = money(o, 'subtotalPriceSet')
      .plus(money(o, 'totalShippingPriceSet'))
      .plus(money(o, 'totalTaxSet'));
    expect(recomputed.equals(money(o, 'totalPriceSet'))).toBe(true);
    expect(money(o, 'totalDiscountsSet').format()).toBe('0.33');
    expect(o.fields.discountCodes).toEqual(['TENOFF']);
  });

  it('JPY and KWD orders convert exactly to minor units', async () => {
    const jpy = await order(cases.jpyOrder.orderId);
    expect((jpy.fields.totalPriceSet as { shopMoney: { amount: string } }).shopMoney.amount).toBe('3960.0');
    expect(money(jpy, 'totalPriceSet').toMinorUnits()).toBe(3960n);
    const kwd = await order(cases.kwdOrder.orderId);
    // 2 × 4.125 = 8.250, 5% tax 0.4125 → 0.413 (three decimals): 8.663 KWD.
    expect(money(kwd, 'totalPriceSet').toMinorUnits()).toBe(8663n);
    expect(money(kwd, 'totalTaxSet').format()).toBe('0.413');
  });

  it('reads every order as changes, in (modifiedAt, id) order, in pages the cost limit allows', async () => {
    const all: SystemRecord[] = [];
    let pages = 0;
    for await (const page of connector.readChanges({ objectType: 'order', pageSize: 100 })) {
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(3);
      all.push(...page);
    }
    expect(all).toHaveLength(sim.store.orders.size);
    expect(pages).toBeGreaterThan(1);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.modifiedAt <= all[i]!.modifiedAt).toBe(true);
  });

  it('describes the financial status enum by introspection, and refuses searching a field Shopify would ignore', async () => {
    const schema = await connector.describe();
    const orderSchema = schema.objects.find((o) => o.name === 'order')!;
    expect(orderSchema.fields.find((f) => f.name === 'displayFinancialStatus')?.enumValues).toEqual(
      expect.arrayContaining([
        'AUTHORIZED',
        'PAID',
        'PARTIALLY_PAID',
        'PARTIALLY_REFUNDED',
        'REFUNDED',
        'VOIDED',
      ]),
    );
    expect(schema.configuration.locations).toContain('Main warehouse');
    await expect(connector.findByField('customer', 'favouriteColour', 'blue')).rejects.toThrow(
      /cannot search customer by "favouriteColour"/,
    );
  });

  it('sets inventory from NetSuite with compare-and-set, idempotently', async () => {
    const [item] = [...sim.store.inventoryItems.values()];
    const request = {
      objectType: 'inventoryLevel',
      externalId: 'MUG-ENAMEL@main',
      idempotencyKey: 'inv-1',
      fields: {
        inventoryItemId: `gid://shopify/InventoryItem/${item!.id}`,
        locationId: `gid://shopify/Location/${cases.locationId}`,
        available: 17,
      },
    };
    await connector.upsert(request);
    await connector.upsert({ ...request, idempotencyKey: 'inv-2' });
    expect(sim.store.level(item!.id, cases.locationId)!.quantities.available).toBe(17);
    const scanned: SystemRecord[] = [];
    for await (const page of connector.scan({ objectType: 'inventoryItem' })) scanned.push(...page);
    const level = nodes(scanned.find((r) => r.id.endsWith(`/${item!.id}`))!.fields.inventoryLevels)[0]!;
    expect(level.quantities).toEqual(expect.arrayContaining([{ name: 'available', quantity: 17 }]));
    const changed: SystemRecord[] = [];
    const since = { modifiedAt: new Date(Date.now() - 60_000).toISOString(), id: '' };
    for await (const page of connector.readChanges({ objectType: 'inventoryItem', since }))
      changed.push(...page);
    expect(changed.map((r) => r.id)).toContain(`gid://shopify/InventoryItem/${item!.id}`);
    for (let i = 1; i < changed.length; i++)
      expect(changed[i - 1]!.modifiedAt <= changed[i]!.modifiedAt).toBe(true);
  });

  it('in a fresh shop, refuses external ids until the id metafield definition exists, then upserts on it', async () => {
    const fresh = await startShopifySimulator({ shop: { customIdDefinitions: [] } });
    try {
      const shop = new ShopifyConnector({
        storeDomain: fresh.storeDomain,
        accessToken: fresh.accessToken,
        baseUrl: fresh.url,
      });
      const request = {
        objectType: 'customer',
        externalId: 'ns-42',
        fields: { email: 'fresh@example.test' },
        idempotencyKey: 'fresh-1',
      };
      const error = await shop.upsert(request).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(ValidationRejected);
      expect(error!.message).toMatch(/ensureExternalIdDefinition/);
      expect(fresh.store.customers.size).toBe(0);
      expect(await shop.ensureExternalIdDefinition()).toEqual({ created: true });
      expect(await shop.ensureExternalIdDefinition()).toEqual({ created: false });
      const result = await shop.upsert({ ...request, idempotencyKey: 'fresh-2' });
      expect(result.created).toBe(true);
      expect((await shop.getByExternalId('customer', 'ns-42'))?.id).toBe(result.id);
    } finally {
      await fresh.close();
    }
  });

  it('without read_all_orders, orders older than 60 days vanish from every read, and describe() shows the missing scope', async () => {
    const clock = { t: Date.parse('2026-08-01T12:00:00Z') };
    const limited = await startShopifySimulator({
      shop: { now: () => clock.t },
      scopes: ['read_customers', 'write_customers', 'read_orders'],
    });
    try {
      const old = limited.book.create({
        email: 'summer@example.test',
        lines: [{ title: 'Fan', quantity: 1, unitPrice: '20.00' }],
      });
      clock.t = Date.parse('2026-11-28T12:00:00Z');
      const recent = limited.book.create({
        email: 'winter@example.test',
        lines: [{ title: 'Heater', quantity: 1, unitPrice: '60.00' }],
      });
      const shop = new ShopifyConnector({
        storeDomain: limited.storeDomain,
        accessToken: limited.accessToken,
        baseUrl: limited.url,
      });
      const seen: string[] = [];
      for await (const page of shop.scan({ objectType: 'order' })) seen.push(...page.map((r) => r.id));
      expect(seen).toEqual([`gid://shopify/Order/${recent.id}`]);
      expect(await shop.get('order', String(old.id))).toBeUndefined();
      expect((await shop.describe()).configuration.accessScopes).not.toContain('read_all_orders');
    } finally {
      await limited.close();
    }
  });

  it('skips an upsert whose values Shopify already holds, so no echo comes back', async () => {
    const request = {
      objectType: 'customer',
      externalId: 'noop-1',
      fields: { email: 'noop@example.test', tags: ['a', 'b'] },
      idempotencyKey: 'noop-v1',
    };
    const first = await connector.upsert(request);
    const writes = () => sim.server.inspect.requests().length;
    const before = writes();
    const again = await connector.upsert({ ...request, idempotencyKey: 'noop-v2' });
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(writes() - before).toBe(1); // the lookup only, no customerSet
    const changed = await connector.upsert({
      ...request,
      fields: { ...request.fields, tags: ['a'] },
      idempotencyKey: 'noop-v3',
    });
    expect(changed.record?.fields.tags).toEqual(['a']);
  });

  it('classifies a wrong API version path (HTTP 404) as a permanent error that names what to check', async () => {
    const wrong = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      apiVersion: 'not-a-version',
      maxAttempts: 1,
    });
    const error = await wrong.get('customer', '1').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error!.message).toMatch(/HTTP 404.*store domain/);
  });
});
