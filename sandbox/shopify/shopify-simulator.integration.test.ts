import { type AdminApiClient, createAdminApiClient } from '@shopify/admin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebaseFetch } from '../../src/connectors/shopify/rebase-fetch.ts';
import { type ShopifySimulator, startShopifySimulator } from './shopify-simulator.ts';

/** Shopify's own Admin API client, unmodified, aimed at the simulator through `customFetchApi`. */
function sdk(sim: ShopifySimulator, accessToken = sim.accessToken): AdminApiClient {
  return createAdminApiClient({
    storeDomain: sim.storeDomain,
    apiVersion: '2026-10',
    accessToken,
    customFetchApi: rebaseFetch(sim.url),
    logger: () => {},
  });
}

const CUSTOMER = 'id legacyResourceId email firstName lastName updatedAt';

describe('Shopify simulator driven by @shopify/admin-api-client', () => {
  let sim: ShopifySimulator;
  let client: AdminApiClient;

  beforeAll(async () => {
    sim = await startShopifySimulator({ accessToken: 'shpat_sdk_test_token' });
    client = sdk(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('creates customers, lists them in pages, updates one and reads it back', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const { data, errors, extensions } = await client.request(
        `mutation Create($input: CustomerInput!) { customerCreate(input: $input) { customer { ${CUSTOMER} } userErrors { field message } } }`,
        { variables: { input: { email: `buyer${n}@example.test`, firstName: `Buyer`, lastName: `No${n}` } } },
      );
      expect(errors).toBeUndefined();
      expect(data.customerCreate.userErrors).toEqual([]);
      expect(data.customerCreate.customer.id).toMatch(/^gid:\/\/shopify\/Customer\/\d{13}$/);
      expect(data.customerCreate.customer.id).toBe(
        `gid://shopify/Customer/${data.customerCreate.customer.legacyResourceId}`,
      );
      expect(extensions?.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
      ids.push(data.customerCreate.customer.id);
    }

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const {
        data,
      }: {
        data?: {
          customers: {
            edges: { node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      } = await client.request(
        `query Page($after: String) { customers(first: 2, after: $after, sortKey: UPDATED_AT, query: "email:buyer*") {
           edges { cursor node { id email } } pageInfo { hasNextPage endCursor } } }`,
        { variables: { after } },
      );
      pages += 1;
      seen.push(...data!.customers.edges.map((e) => e.node.id));
      after = data!.customers.pageInfo.hasNextPage ? data!.customers.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);

    const update = await client.request(
      `mutation Update($input: CustomerInput!) { customerUpdate(input: $input) { customer { ${CUSTOMER} } userErrors { field message } } }`,
      { variables: { input: { id: ids[2], lastName: 'Renamed' } } },
    );
    expect(update.data.customerUpdate.customer.lastName).toBe('Renamed');
    const read = await client.request(`query One($id: ID!) { customer(id: $id) { ${CUSTOMER} } }`, {
      variables: { id: ids[2] },
    });
    expect(read.data.customer).toMatchObject({ email: 'buyer3@example.test', lastName: 'Renamed' });
  });

  it('reports invalid and duplicate emails as userErrors in an HTTP 200 payload', async () => {
    const invalid = await client.request(
      `mutation { customerCreate(input: { email: "nope" }) { customer { id } userErrors { field message } } }`,
    );
    expect(invalid.errors).toBeUndefined();
    expect(invalid.data.customerCreate).toEqual({
      customer: null,
      userErrors: [{ field: ['email'], message: 'Email is invalid' }],
    });
    const taken = await client.request(
      `mutation { customerCreate(input: { email: "BUYER1@example.test" }) { customer { id } userErrors { field message } } }`,
    );
    expect(taken.data.customerCreate.userErrors[0].message).toBe('Email has already been taken');
  });

  it('refunds part of a fulfilled order and reads the refund back with its lines and transactions', async () => {
    const order = sim.book.create({
      lines: [{ title: 'Lamp', quantity: 2, unitPrice: '40.00', taxRate: '0.1' }],
      shipping: { title: 'Courier', price: '7.50' },
      fulfilled: true,
    });
    const orderId = `gid://shopify/Order/${order.id}`;
    const before = await client.request(
      `query O($id: ID!) { order(id: $id) { displayFinancialStatus displayFulfillmentStatus totalPriceSet { shopMoney { amount currencyCode } }
         lineItems(first: 5) { nodes { id quantity } } } }`,
      { variables: { id: orderId } },
    );
    expect(before.data.order).toMatchObject({
      displayFinancialStatus: 'PAID',
      displayFulfillmentStatus: 'FULFILLED',
      totalPriceSet: { shopMoney: { amount: '95.5', currencyCode: 'USD' } },
    });
    const lineItemId = before.data.order.lineItems.nodes[0].id;
    const refund = await client.request(
      `mutation R($input: RefundInput!) { refundCreate(input: $input) {
         refund { id totalRefundedSet { shopMoney { amount } }
           refundLineItems(first: 5) { nodes { quantity restockType subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } lineItem { id } } }
           transactions(first: 5) { nodes { kind status amountSet { shopMoney { amount } } } } }
         order { displayFinancialStatus totalRefundedSet { shopMoney { amount } } currentTotalPriceSet { shopMoney { amount } } }
         userErrors { field message } } }`,
      {
        variables: {
          input: {
            orderId,
            note: 'Damaged in transit',
            refundLineItems: [{ lineItemId, quantity: 1, restockType: 'NO_RESTOCK' }],
            transactions: [{ orderId, amount: '44.00', gateway: 'shopify_payments', kind: 'REFUND' }],
          },
        },
      },
    );
    const payload = refund.data.refundCreate;
    expect(payload.userErrors).toEqual([]);
    expect(payload.refund.refundLineItems.nodes).toEqual([
      {
        quantity: 1,
        restockType: 'NO_RESTOCK',
        subtotalSet: { shopMoney: { amount: '40.0' } },
        totalTaxSet: { shopMoney: { amount: '4.0' } },
        lineItem: { id: lineItemId },
      },
    ]);
    expect(payload.refund.transactions.nodes).toEqual([
      { kind: 'REFUND', status: 'SUCCESS', amountSet: { shopMoney: { amount: '44.0' } } },
    ]);
    expect(payload.order).toEqual({
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      totalRefundedSet: { shopMoney: { amount: '44.0' } },
      currentTotalPriceSet: { shopMoney: { amount: '51.5' } },
    });
    const overRefund = await client.request(
      `mutation R($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }`,
      {
        variables: {
          input: {
            orderId,
            transactions: [{ orderId, amount: '60.00', gateway: 'shopify_payments', kind: 'REFUND' }],
          },
        },
      },
    );
    expect(overRefund.data.refundCreate.refund).toBeNull();
    expect(overRefund.data.refundCreate.userErrors[0].message).toMatch(/exceeds/);
  });

  it('captures an authorisation, moving the order from AUTHORIZED to PAID', async () => {
    const order = sim.book.create({
      lines: [{ title: 'Chair', quantity: 1, unitPrice: '120.00' }],
      payment: 'authorize',
    });
    const id = `gid://shopify/Order/${order.id}`;
    const q = `query O($id: ID!) { order(id: $id) { displayFinancialStatus totalReceivedSet { shopMoney { amount } } transactions(first: 5) { id kind } } }`;
    const before = await client.request(q, { variables: { id } });
    expect(before.data.order.displayFinancialStatus).toBe('AUTHORIZED');
    expect(before.data.order.totalReceivedSet.shopMoney.amount).toBe('0.0');
    const capture = await client.request(
      `mutation C($input: OrderCaptureInput!) { orderCapture(input: $input) { transaction { kind status parentTransaction { id } } userErrors { message } } }`,
      {
        variables: {
          input: { id, parentTransactionId: before.data.order.transactions[0].id, amount: '120.00' },
        },
      },
    );
    expect(capture.data.orderCapture.transaction).toMatchObject({ kind: 'CAPTURE', status: 'SUCCESS' });
    const after = await client.request(q, { variables: { id } });
    expect(after.data.order.displayFinancialStatus).toBe('PAID');
  });

  it('sets inventory with compare-and-set, refusing a stale compareQuantity', async () => {
    const location = sim.store.addLocation('Annex');
    const { variants } = sim.store.addProduct({
      title: 'Kettle',
      variants: [{ sku: 'KETTLE', price: '25.00', stock: { [location.id]: 7 } }],
    });
    const itemId = `gid://shopify/InventoryItem/${variants[0]!.inventoryItemId}`;
    const locationId = `gid://shopify/Location/${location.id}`;
    const set = (quantity: number, compareQuantity: number) =>
      client.request(
        `mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
           inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { code message } } }`,
        {
          variables: {
            input: {
              reason: 'correction',
              name: 'available',
              quantities: [{ inventoryItemId: itemId, locationId, quantity, compareQuantity }],
            },
          },
        },
      );
    const stale = await set(3, 99);
    expect(stale.data.inventorySetQuantities.userErrors[0].code).toBe('COMPARE_QUANTITY_STALE');
    const ok = await set(3, 7);
    expect(ok.data.inventorySetQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: 'available', delta: -4, quantityAfterChange: 3 },
    ]);
  });

  it('refuses a wrong or missing access token with 401, as Shopify does', async () => {
    const wrong = await sdk(sim, 'shpat_wrong').request('{ shop { name } }');
    expect(wrong.errors?.networkStatusCode).toBe(401);
    const raw = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });
});
