/**
 * `startSandbox` in-process at scale 2,000: every system holds exactly the generated counts
 * (counted through its API), Shopify derives the generated totals and statuses, the manifest's
 * planted disagreements are visible through the APIs, reset and restart behave.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBusinessRecords } from '../../sandbox/generator/index.ts';
import { REGIONS } from '../../sandbox/generator/regions.ts';
import { type Sandbox, startSandbox } from '../../sandbox/orchestrator/index.ts';
import { shopSystemName } from '../../sandbox/orchestrator/systems/shopify.ts';
import { Decimal } from '../../src/model/decimal.ts';
import {
  type Endpoint,
  hubspot,
  hubspotCount,
  netsuite,
  netsuiteCount,
  netsuiteQuery,
  netsuiteRecord,
  salesforce,
  salesforceCount,
  shopify,
  shopifyAll,
  stripe,
  stripeCount,
  wms,
  wmsCount,
} from './sandbox-clients.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-sandbox-data-'));
let sandbox: Sandbox;
const shops = (): Endpoint[] => REGIONS.map((r) => sandbox.systems[shopSystemName(r) as 'shopify']);

async function shopifyOrder(gid: string): Promise<Record<string, unknown> | null> {
  for (const shop of shops()) {
    const data = await shopify(
      shop,
      'query($id: ID!) { order(id: $id) { id displayFinancialStatus totalPriceSet { shopMoney { amount } } } }',
      { id: gid },
    );
    if (data.order) return data.order as Record<string, unknown>;
  }
  return null;
}

beforeAll(async () => {
  sandbox = await startSandbox({ dir, seed: 7, scale: 2_000, scenario: 'full' });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox holds the generated business', () => {
  it('every system holds exactly the generated counts, counted through its API', async () => {
    const counts = sandbox.summary.counts;
    const expected = (path: string) => counts[path] ?? 0;
    const s = sandbox.systems;
    for (const type of [
      'subsidiary',
      'currency',
      'customer',
      'inventoryItem',
      'salesOrder',
      'invoice',
      'customerPayment',
      'creditMemo',
    ]) {
      expect(await netsuiteCount(s.netsuite, type), `netsuite/${type}`).toBe(expected(`netsuite/${type}`));
    }
    for (const region of REGIONS) {
      const shop = sandbox.systems[shopSystemName(region) as 'shopify'];
      const prefix = `shopify/${region.shop.handle}`;
      expect((await shopifyAll(shop, 'orders', 'id')).length, `${prefix}/orders`).toBe(
        expected(`${prefix}/orders`),
      );
      expect((await shopifyAll(shop, 'customers', 'id')).length, `${prefix}/customers`).toBe(
        expected(`${prefix}/customers`),
      );
      expect((await shopifyAll(shop, 'products', 'id')).length, `${prefix}/products`).toBe(
        expected(`${prefix}/products`),
      );
    }
    for (const resource of ['customers', 'payment_intents', 'charges', 'refunds']) {
      expect(await stripeCount(s.stripe, resource), `stripe/${resource}`).toBe(
        expected(`stripe/${resource}`),
      );
    }
    expect(await salesforceCount(s.salesforce, 'Account')).toBe(expected('salesforce/Account'));
    expect(await salesforceCount(s.salesforce, 'Contact')).toBe(expected('salesforce/Contact'));
    expect(await hubspotCount(s.hubspot, 'companies')).toBe(expected('hubspot/companies'));
    expect(await hubspotCount(s.hubspot, 'contacts')).toBe(expected('hubspot/contacts'));
    expect(await wmsCount(s.wms, '/v1/orders')).toBe(expected('wms/orders'));
    expect(await wmsCount(s.wms, '/v1/shipments')).toBe(expected('wms/shipments'));
    expect(await wmsCount(s.wms, '/v1/inventory/levels')).toBe(expected('wms/stockLevels'));
    for (const region of REGIONS) {
      const shop = sandbox.systems[shopSystemName(region) as 'shopify'];
      const data = await shopify(
        shop,
        '{ locations(first: 5) { nodes { inventoryLevels(first: 100) { nodes { id } } } } }',
      );
      const levels = (data.locations as { nodes: { inventoryLevels: { nodes: unknown[] } }[] }).nodes.flatMap(
        (l) => l.inventoryLevels.nodes,
      );
      expect(levels.length, region.shop.handle).toBe(
        expected(`shopify/${region.shop.handle}/inventoryLevels`),
      );
    }
  }, 60_000);

  it('Shopify derives every generated order total and financial status from the loaded rows', async () => {
    for (const region of REGIONS) {
      const shop = sandbox.systems[shopSystemName(region) as 'shopify'];
      const served = new Map(
        (
          await shopifyAll(shop, 'orders', 'id displayFinancialStatus totalPriceSet { shopMoney { amount } }')
        ).map((o) => [o.id, o]),
      );
      const amount = (o: unknown) =>
        (o as { totalPriceSet: { shopMoney: { amount: string } } }).totalPriceSet.shopMoney.amount;
      for await (const order of readBusinessRecords(
        join(sandbox.dir, 'data'),
        `shopify/${region.shop.handle}/orders`,
      )) {
        const got = served.get(order.id);
        // Exact decimals: Shopify's Decimal scalar may drop trailing zeros ("669.2").
        expect({
          id: order.id,
          status: got?.displayFinancialStatus,
          total: new Decimal(amount(got)).toFixed(3),
        }).toEqual({
          id: order.id,
          status: order.displayFinancialStatus,
          total: new Decimal(amount(order)).toFixed(3),
        });
      }
    }
  }, 60_000);

  it("the manifest's planted disagreements are visible through the APIs", async () => {
    const planted = sandbox.manifest.disagreements.filter((d) => d.kind === 'planted');
    const categories = new Set(planted.map((d) => d.category));
    expect([...categories].sort()).toEqual([
      'changed-address',
      'different-quantity',
      'different-total',
      'duplicate-invoice',
      'missing-record',
      'new-product-category',
      'unstocked-level',
      'wrong-status',
    ]);
    const s = sandbox.systems;
    for (const d of planted) {
      if (d.category === 'missing-record' || d.category === 'new-product-category') {
        expect(await shopifyOrder(d.keys.shopify ?? ''), d.id).not.toBeNull();
        expect(
          (await netsuiteRecord(s.netsuite, 'salesOrder', `eid:${encodeURIComponent(d.keys.match ?? '')}`))
            .status,
          d.id,
        ).toBe(404);
      } else if (d.category === 'different-total') {
        const order = await shopifyOrder(d.keys.shopify ?? '');
        const total =
          (order?.totalPriceSet as { shopMoney: { amount: string } } | undefined)?.shopMoney.amount ?? 'NaN';
        expect(new Decimal(total).equals(String(d.values.shopify)), d.id).toBe(true);
        const so = (await (await netsuiteRecord(s.netsuite, 'salesOrder', d.keys.netsuite ?? '')).json()) as {
          total: number;
        };
        expect(so.total, d.id).toBe(Number(d.values.netsuite));
      } else if (d.category === 'wrong-status') {
        expect((await shopifyOrder(d.keys.shopify ?? ''))?.displayFinancialStatus, d.id).toBe(
          d.values.shopify,
        );
        const intent = (await (await stripe(s.stripe, `/v1/payment_intents/${d.keys.stripe}`)).json()) as {
          status: string;
        };
        expect(intent.status, d.id).toBe('succeeded');
      } else if (d.category === 'duplicate-invoice') {
        const ids = (d.keys.netsuite ?? '').split(',');
        const sources = new Set<string>();
        for (const id of ids) {
          const invoice = (await (await netsuiteRecord(s.netsuite, 'invoice', id)).json()) as {
            createdFrom: { id: string };
          };
          sources.add(invoice.createdFrom.id);
        }
        expect(ids.length, d.id).toBe(d.values.netsuite);
        expect(sources.size, d.id).toBe(1);
      } else if (d.category === 'different-quantity' || d.category === 'unstocked-level') {
        const [item, location] = (d.keys.netsuite ?? '').split(':');
        const [balance] = await netsuiteQuery(
          s.netsuite,
          `SELECT SUM(quantityavailable) AS available FROM InventoryBalance WHERE item = ${item} AND location = ${location}`,
        );
        if (d.category === 'different-quantity')
          expect(Number(balance?.available), d.id).toBe(d.values.netsuite);
        else expect(Number(balance?.available), d.id).toBeGreaterThan(0);
        const sku = d.keys.match.slice(0, d.keys.match.lastIndexOf('@'));
        const data = await shopify(
          s.shopify,
          'query($q: String!) { inventoryItems(first: 5, query: $q) { nodes { sku inventoryLevels(first: 5) { nodes { id location { name } quantities(names: ["available"]) { quantity } } } } } }',
          { q: `sku:"${sku}"` },
        );
        const levels = (
          data.inventoryItems as {
            nodes: { inventoryLevels: { nodes: { id: string; quantities: { quantity: number }[] }[] } }[];
          }
        ).nodes.flatMap((n) => n.inventoryLevels.nodes);
        if (d.category === 'unstocked-level') expect(levels, d.id).toEqual([]);
        else
          expect(levels.find((l) => l.id === d.keys.shopify)?.quantities[0]?.quantity, d.id).toBe(
            d.values.shopify,
          );
      } else if (d.category === 'changed-address') {
        const account = (await (
          await salesforce(s.salesforce, `/sobjects/Account/${d.keys.salesforce}`)
        ).json()) as {
          BillingStreet: string;
        };
        expect(account.BillingStreet, d.id).toBe(d.values.salesforce);
        const customer = (await (
          await netsuiteRecord(s.netsuite, 'customer', d.keys.netsuite ?? '')
        ).json()) as {
          addressBook: { items: { addressBookAddress: { addr1: string } }[] };
        };
        expect(customer.addressBook.items[0]?.addressBookAddress.addr1, d.id).toBe(d.values.netsuite);
      } else if (d.category === 'orphan-payment') {
        // The payment is in Stripe; the Shopify order it names is in no shop.
        const intent = (await (await stripe(s.stripe, `/v1/payment_intents/${d.keys.stripe}`)).json()) as {
          metadata: { shopify_order_id: string };
        };
        expect(intent.metadata.shopify_order_id, d.id).toBe(d.values.stripe);
        expect(await shopifyOrder(String(d.values.stripe)), d.id).toBeNull();
      }
    }
  }, 60_000);
});

describe('the loaded systems accept new work', () => {
  it('NetSuite books a sales order against a generated customer and item, taxed at its subsidiary nexus', async () => {
    const ns = sandbox.systems.netsuite;
    const customer = (await (await netsuiteRecord(ns, 'customer', '1000')).json()) as {
      subsidiary: { id: string };
    };
    const region = REGIONS.find((r) => r.subsidiary.id === customer.subsidiary.id);
    const created = await netsuite(ns, 'POST', '/services/rest/record/v1/salesOrder', {
      externalId: 'sandbox-test-order-1',
      entity: { id: '1000' },
      item: { items: [{ item: { id: '5000' }, quantity: 2, rate: 10 }] },
    });
    expect(created.status).toBe(204);
    const order = (await (await netsuiteRecord(ns, 'salesOrder', 'eid:sandbox-test-order-1')).json()) as {
      subtotal: number;
      taxTotal: number;
    };
    expect(order.subtotal).toBe(20);
    expect(order.taxTotal).toBe(
      Number(new Decimal(20).times(region!.taxRateBps).dividedBy(10_000).toFixed(2)),
    );
    expect(order.taxTotal).toBeGreaterThan(0);
  });
});

describe('reset and restart', () => {
  it('reset restores records changed through the APIs, on the same ports with the same credentials', async () => {
    const before = sandbox.systems;
    const customer = (await (await netsuiteRecord(before.netsuite, 'customer', '1000')).json()) as {
      email: string;
    };
    const patched = await netsuite(before.netsuite, 'PATCH', '/services/rest/record/v1/customer/1000', {
      email: 'changed@sandbox.test',
    });
    expect(patched.status).toBe(204);
    const company = (await (
      await hubspot(before.hubspot, '/crm/v3/objects/companies/9000000001')
    ).json()) as {
      properties: { name: string };
    };
    await hubspot(before.hubspot, '/crm/v3/objects/companies/9000000001', {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: 'Renamed in the sandbox' } }),
    });
    expect(
      ((await (await netsuiteRecord(before.netsuite, 'customer', '1000')).json()) as { email: string }).email,
    ).toBe('changed@sandbox.test');

    await sandbox.reset();
    const after = sandbox.systems;
    expect(after.netsuite.url).toBe(before.netsuite.url);
    expect(after.netsuite.credentials).toEqual(before.netsuite.credentials);
    expect(
      ((await (await netsuiteRecord(after.netsuite, 'customer', '1000')).json()) as { email: string }).email,
    ).toBe(customer.email);
    const restored = (await (
      await hubspot(after.hubspot, '/crm/v3/objects/companies/9000000001')
    ).json()) as {
      properties: { name: string };
    };
    expect(restored.properties.name).toBe(company.properties.name);
  }, 60_000);

  it('a restart restores every system from its snapshot', async () => {
    const s = sandbox.systems;
    await netsuite(s.netsuite, 'PATCH', '/services/rest/record/v1/customer/1001', {
      email: 'kept@sandbox.test',
    });
    const order = (await (
      await wms(s.wms, '/v1/orders', {
        method: 'POST',
        body: JSON.stringify({
          reference: 'SO-RESTART-1',
          shippingMethod: 'ground',
          recipient: { name: 'Ada', address1: '1 Loop Rd', city: 'Reno', postalCode: '89501', country: 'US' },
          lines: [{ sku: 'MUG-OAK-00001', quantity: 1 }],
        }),
      })
    ).json()) as { id: string };
    expect(order.id).toBeTruthy();
    const created = await salesforce(s.salesforce, '/sobjects/Account', {
      method: 'POST',
      body: JSON.stringify({ Name: 'Created before the restart' }),
    });
    const { id: accountId } = (await created.json()) as { id: string };
    const wmsOrders = await wmsCount(s.wms, '/v1/orders');

    await sandbox.close({ snapshot: true });
    // Someone takes the WMS's port meanwhile: it comes back on another one, the rest on theirs.
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(s.wms.port, '127.0.0.1', resolve));
    try {
      sandbox = await startSandbox({ dir });
    } finally {
      squatter.close();
    }
    const r = sandbox.systems;
    expect(r.wms.port).not.toBe(s.wms.port);
    expect(readFileSync(sandbox.envFile, 'utf8')).toContain(r.wms.credentials.apiKey);
    expect(readFileSync(sandbox.contractFile, 'utf8')).toContain(`baseUrl: ${r.wms.url}`);
    expect([...sandbox.restored].sort()).toEqual(Object.keys(r).sort());
    expect(r.netsuite.url).toBe(s.netsuite.url);
    expect(
      ((await (await netsuiteRecord(r.netsuite, 'customer', '1001')).json()) as { email: string }).email,
    ).toBe('kept@sandbox.test');
    expect(await wmsCount(r.wms, '/v1/orders')).toBe(wmsOrders);
    expect((await wms(r.wms, `/v1/orders/${order.id}`)).status).toBe(200);
    expect((await salesforce(r.salesforce, `/sobjects/Account/${accountId}`)).status).toBe(200);
    // Ids created after the restart do not collide with ones created before it.
    const next = await salesforce(r.salesforce, '/sobjects/Account', {
      method: 'POST',
      body: JSON.stringify({ Name: 'Created after the restart' }),
    });
    expect(((await next.json()) as { id: string }).id).not.toBe(accountId);
  }, 120_000);
});
