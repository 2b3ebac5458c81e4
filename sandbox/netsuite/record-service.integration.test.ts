/**
 * The REST record service over real HTTP, signed with TBA: the paging envelope, references,
 * q= filters, PATCH semantics, external-id upsert, property-name validation, user event scripts,
 * OneWorld rules, currency precision, the sales order lifecycle and snapshot/restore.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NetSuiteSimulator,
  requireFieldScript,
  ScriptRejection,
  SEEDED,
  startNetSuiteSimulator,
} from './index.ts';
import { idFrom, nsFetch } from './test-client.ts';

const R = '/services/rest/record/v1';
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk untyped JSON replies.
type Json = Record<string, any>;
const errorCode = (json: unknown) => (json as Json)['o:errorDetails'][0]['o:errorCode'];
const errorPath = (json: unknown) => (json as Json)['o:errorDetails'][0]['o:errorPath'];

describe('NetSuite simulator: record service', () => {
  let sim: NetSuiteSimulator;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ns-sim-'));
    sim = await startNetSuiteSimulator({
      customFields: {
        custentity_region: { type: 'text', mandatory: true, recordTypes: ['contact'] },
        custbody_channel: { type: 'text', recordTypes: ['salesOrder'] },
        custentity_source: { type: 'text', recordTypes: ['customer'] },
      },
      scripts: [
        {
          scriptId: 'customscript_ue_customer',
          recordTypes: ['customer'],
          beforeSubmit: (ctx) => {
            ctx.newRecord.custentity_source ??= 'integration';
            if (typeof ctx.newRecord.companyName === 'string')
              ctx.newRecord.companyName = ctx.newRecord.companyName.trim();
            if (ctx.newRecord.companyName === 'Forbidden Ltd')
              throw new ScriptRejection('BLOCKED', 'Customer is on the block list');
          },
        },
        requireFieldScript(
          'customscript_ue_channel',
          ['salesOrder'],
          'custbody_channel',
          'Every order needs a channel',
        ),
      ],
    });
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (type: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await nsFetch(sim, 'POST', `${R}/${type}`, { body, headers });
    if (res.status !== 204) throw new Error(`create ${type}: ${res.status} ${JSON.stringify(res.json)}`);
    return idFrom(res.headers.get('location'));
  };
  const get = async (type: string, id: string, query = '') =>
    (await nsFetch(sim, 'GET', `${R}/${type}/${id}${query}`)).json as Json;

  it('POST answers 204 with a Location, GET returns references as {id, refName} and a full UTC timestamp', async () => {
    const res = await nsFetch(sim, 'POST', `${R}/customer`, {
      body: { companyName: 'Globex', subsidiary: { id: SEEDED.subsidiaries.us } },
    });
    expect(res.status).toBe(204);
    expect(res.json).toBeUndefined();
    expect(res.headers.get('x-n-operationid')).toMatch(/^[\w-]{16}$/);
    const id = idFrom(res.headers.get('location'));
    const customer = await get('customer', id);
    expect(customer.subsidiary).toMatchObject({ id: SEEDED.subsidiaries.us, refName: 'Accord Inc. (US)' });
    expect(customer.lastModifiedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(customer.links[0]).toEqual({ rel: 'self', href: `${sim.url}${R}/customer/${id}` });
  });

  it('lists in the paging envelope and enforces limit ≤ 1000 and offset a multiple of limit', async () => {
    const page = (await nsFetch(sim, 'GET', `${R}/inventoryItem?limit=2&offset=2`)).json as Json;
    expect(page).toMatchObject({ count: 1, hasMore: false, offset: 2, totalResults: 3 });
    expect(page.items[0]).toEqual({
      links: [{ rel: 'self', href: `${sim.url}${R}/inventoryItem/${SEEDED.items.discontinued}` }],
      id: SEEDED.items.discontinued,
    });
    expect(page.links.map((l: Json) => l.rel)).toEqual(['previous', 'first', 'last', 'self']);
    const first = (await nsFetch(sim, 'GET', `${R}/inventoryItem?limit=2`)).json as Json;
    expect(first).toMatchObject({ count: 2, hasMore: true, offset: 0, totalResults: 3 });
    expect(first.links.find((l: Json) => l.rel === 'next').href).toContain('offset=2');
    const badOffset = await nsFetch(sim, 'GET', `${R}/inventoryItem?limit=2&offset=3`);
    expect(badOffset.status).toBe(400);
    expect((badOffset.json as Json)['o:errorDetails'][0]['o:errorQueryParam']).toBe('offset');
    expect((await nsFetch(sim, 'GET', `${R}/inventoryItem?limit=1001`)).status).toBe(400);
  });

  it('filters with q=: string operators, AND/OR with parentheses, EMPTY, ANY_OF, booleans', async () => {
    const ids = async (q: string, type = 'customer') =>
      ((await nsFetch(sim, 'GET', `${R}/${type}?q=${encodeURIComponent(q)}`)).json as Json).items.map(
        (i: Json) => i.id,
      );
    const { acme, noEmail, tokyo } = SEEDED.customers;
    expect(await ids('companyName START_WITH "acme"')).toEqual([acme]);
    expect(await ids('email EMPTY')).toContain(noEmail);
    expect(await ids('email EMPTY_NOT AND companyName CONTAIN "retail"')).toEqual([tokyo]);
    expect(
      await ids(
        `(subsidiary ANY_OF [${SEEDED.subsidiaries.uk}, ${SEEDED.subsidiaries.jp}]) OR companyName IS "Acme Corp"`,
      ),
    ).toEqual([acme, noEmail, tokyo]);
    expect(await ids('isInactive IS true', 'inventoryItem')).toEqual([SEEDED.items.discontinued]);
    expect(await ids('basePrice GREATER 20 AND basePrice LESS 200', 'inventoryItem')).toEqual([
      SEEDED.items.gadget,
    ]);
    const bad = await nsFetch(sim, 'GET', `${R}/customer?q=${encodeURIComponent('nosuchfield IS "x"')}`);
    expect(bad.status).toBe(400);
    expect(errorCode(bad.json)).toBe('INVALID_PARAMETER');
  });

  it('reads date-only q= values in the account time zone (America/Los_Angeles)', async () => {
    const id = sim.seed('customrecord_loyalty_tier', {
      name: 'Late night',
      lastModifiedDate: '2026-11-28T05:00:00Z',
    });
    // 05:00 UTC on the 28th is 21:00 on the 27th in Los Angeles.
    const on = async (date: string) =>
      (
        (
          await nsFetch(
            sim,
            'GET',
            `${R}/customrecord_loyalty_tier?q=${encodeURIComponent(`lastModifiedDate ON "${date}"`)}`,
          )
        ).json as Json
      ).items.map((i: Json) => i.id);
    expect(await on('11/27/2026')).toContain(id);
    expect(await on('11/28/2026')).not.toContain(id);
    const after = await nsFetch(
      sim,
      'GET',
      `${R}/customrecord_loyalty_tier?q=${encodeURIComponent('lastModifiedDate AFTER "2026-11-28T04:59:59Z"')}`,
    );
    expect((after.json as Json).items.map((i: Json) => i.id)).toContain(id);
  });

  it('PATCH leaves omitted fields alone and clears a field sent as null', async () => {
    const id = await create('customer', {
      companyName: 'Patchy',
      email: 'a@p.example',
      phone: '555',
      subsidiary: { id: SEEDED.subsidiaries.us },
    });
    expect(
      (await nsFetch(sim, 'PATCH', `${R}/customer/${id}`, { body: { phone: null, comments: 'vip' } })).status,
    ).toBe(204);
    const after = await get('customer', id);
    expect(after).toMatchObject({ companyName: 'Patchy', email: 'a@p.example', comments: 'vip' });
    expect(after).not.toHaveProperty('phone');
  });

  it('PUT eid: upserts by external ID, and eid: works wherever an id does', async () => {
    const first = await nsFetch(sim, 'PUT', `${R}/customer/eid:SHOP-42`, {
      body: { companyName: 'Upsert Co', subsidiary: { id: SEEDED.subsidiaries.us } },
    });
    expect(first.status).toBe(204);
    const id = idFrom(first.headers.get('location'));
    const second = await nsFetch(sim, 'PUT', `${R}/customer/eid:SHOP-42`, {
      body: { email: 'u@up.example' },
    });
    expect(idFrom(second.headers.get('location'))).toBe(id);
    expect(await get('customer', 'eid:SHOP-42')).toMatchObject({
      id,
      externalId: 'SHOP-42',
      companyName: 'Upsert Co',
      email: 'u@up.example',
    });
    const order = await create('salesOrder', {
      entity: { externalId: 'SHOP-42' },
      custbody_channel: 'web',
      item: { items: [{ item: { id: SEEDED.items.widget }, quantity: 1 }] },
    });
    expect((await get('salesOrder', order)).entity.id).toBe(id);
    expect((await nsFetch(sim, 'PATCH', `${R}/customer/eid:NOPE`, { body: { comments: 'x' } })).status).toBe(
      404,
    );
  });

  it('X-NetSuite-PropertyNameValidation: Warning (default) drops an unknown field silently, Error rejects it', async () => {
    const id = await create('customer', {
      companyName: 'Renamed',
      custentity_old_name: 'lost',
      subsidiary: { id: SEEDED.subsidiaries.us },
    });
    expect(await get('customer', id)).not.toHaveProperty('custentity_old_name');
    const rejected = await nsFetch(sim, 'POST', `${R}/customer`, {
      body: {
        companyName: 'Renamed',
        custentity_old_name: 'lost',
        subsidiary: { id: SEEDED.subsidiaries.us },
      },
      headers: { 'X-NetSuite-PropertyNameValidation': 'Error' },
    });
    expect(rejected.status).toBe(400);
    expect(errorCode(rejected.json)).toBe('INVALID_CONTENT');
    expect(errorPath(rejected.json)).toBe('custentity_old_name');
  });

  it('runs user event scripts: set a field, change a value, reject; enforces mandatory custom fields', async () => {
    const id = await create('customer', {
      companyName: '  Spacey Inc  ',
      subsidiary: { id: SEEDED.subsidiaries.us },
    });
    expect(await get('customer', id)).toMatchObject({
      companyName: 'Spacey Inc',
      custentity_source: 'integration',
    });
    const blocked = await nsFetch(sim, 'POST', `${R}/customer`, {
      body: { companyName: 'Forbidden Ltd', subsidiary: { id: SEEDED.subsidiaries.us } },
    });
    expect(blocked.status).toBe(400);
    expect(errorCode(blocked.json)).toBe('USER_ERROR');
    expect(JSON.stringify(blocked.json)).toContain('Customer is on the block list');
    const noRegion = await nsFetch(sim, 'POST', `${R}/contact`, {
      body: { firstName: 'No', lastName: 'Region', subsidiary: { id: SEEDED.subsidiaries.us } },
    });
    expect(noRegion.status).toBe(400);
    expect((noRegion.json as Json)['o:errorDetails'][0].detail).toContain(
      'Please enter value(s) for: custentity_region',
    );
    const noChannel = await nsFetch(sim, 'POST', `${R}/salesOrder`, {
      body: {
        entity: { id: SEEDED.customers.acme },
        item: { items: [{ item: { id: SEEDED.items.widget } }] },
      },
    });
    expect(noChannel.status).toBe(400);
    expect(JSON.stringify(noChannel.json)).toContain('Every order needs a channel');
  });

  it('refuses an order whose customer belongs to another subsidiary, and an inactive item', async () => {
    const wrongSub = await nsFetch(sim, 'POST', `${R}/salesOrder`, {
      body: {
        entity: { id: SEEDED.customers.acme },
        subsidiary: { id: SEEDED.subsidiaries.uk },
        custbody_channel: 'web',
        item: { items: [{ item: { id: SEEDED.items.widget } }] },
      },
    });
    expect(wrongSub.status).toBe(400);
    expect((wrongSub.json as Json)['o:errorDetails'][0].detail).toContain(
      `Invalid entity reference key ${SEEDED.customers.acme} for subsidiary ${SEEDED.subsidiaries.uk}`,
    );
    const inactive = await nsFetch(sim, 'POST', `${R}/salesOrder`, {
      body: {
        entity: { id: SEEDED.customers.acme },
        custbody_channel: 'web',
        item: { items: [{ item: { id: SEEDED.items.widget } }, { item: { id: SEEDED.items.discontinued } }] },
      },
    });
    expect(inactive.status).toBe(400);
    expect(errorPath(inactive.json)).toBe('item.items[1].item');
  });

  it('rounds amounts to the currency precision (JPY 0 decimals) and taxes by the subsidiary nexus', async () => {
    const id = await create('salesOrder', {
      entity: { id: SEEDED.customers.tokyo },
      custbody_channel: 'b2b',
      item: { items: [{ item: { id: SEEDED.items.gadget }, quantity: 3, rate: 1234.5 }] },
    });
    const order = await get('salesOrder', id, '?expandSubResources=true');
    expect(order.currency.id).toBe(SEEDED.currencies.jpy);
    expect(order.subsidiary.id).toBe(SEEDED.subsidiaries.jp);
    expect(order.item.items[0].amount).toBe(3704); // 3703.5 rounded half up
    expect(order).toMatchObject({ subtotal: 3704, taxTotal: 370, total: 4074 });
    expect(order.exchangeRate).toBe(1);
    // Date-only tranDate defaults to today in the account's zone (Los Angeles), not UTC.
    expect(order.tranDate).toBe(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date()),
    );
    expect(order.tranId).toMatch(/^SO\d+$/);
    const gbpOrder = await create('salesOrder', {
      entity: { id: SEEDED.customers.noEmail },
      custbody_channel: 'b2b',
      item: { items: [{ item: { id: SEEDED.items.widget }, quantity: 1, amount: 10.005 }] },
    });
    expect((await get('salesOrder', gbpOrder, '?expandSubResources=true')).item.items[0].amount).toBe(10.01);
    const usdInGbpSub = await create('salesOrder', {
      entity: { id: SEEDED.customers.noEmail },
      currency: { id: SEEDED.currencies.usd },
      custbody_channel: 'b2b',
      item: { items: [{ item: { id: SEEDED.items.widget } }] },
    });
    expect((await get('salesOrder', usdInGbpSub)).exchangeRate).toBeCloseTo(1 / 1.27, 5);
  });

  it('moves a sales order through statuses A → B → D/F → G and H, billing and paying an invoice', async () => {
    const id = await create('salesOrder', {
      entity: { id: SEEDED.customers.acme },
      orderStatus: { id: 'A' },
      custbody_channel: 'web',
      item: {
        items: [
          { item: { id: SEEDED.items.widget }, quantity: 2 },
          { item: { id: SEEDED.items.gadget }, quantity: 1 },
        ],
      },
    });
    const status = async () => (await get('salesOrder', id)).status;
    expect(await status()).toEqual({ id: 'A', refName: 'Pending Approval' });
    expect((await nsFetch(sim, 'POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`)).status).toBe(400);
    await nsFetch(sim, 'PATCH', `${R}/salesOrder/${id}`, { body: { orderStatus: { id: 'B' } } });
    expect((await status()).id).toBe('B');
    const fulfil = await nsFetch(sim, 'POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`);
    expect(fulfil.status).toBe(204);
    expect((await status()).id).toBe('F');
    const bill = await nsFetch(sim, 'POST', `${R}/salesOrder/${id}/!transform/invoice`);
    const invoiceId = idFrom(bill.headers.get('location'));
    expect(await status()).toEqual({ id: 'G', refName: 'Billed' });
    const invoice = await get('invoice', invoiceId);
    expect(invoice).toMatchObject({
      createdFrom: { id },
      subtotal: 164.98,
      taxTotal: 13.61,
      total: 178.59,
      amountRemaining: 178.59,
      status: { id: 'A' },
    });
    await create('customerPayment', {
      customer: { id: SEEDED.customers.acme },
      apply: { items: [{ doc: { id: invoiceId }, apply: true, amount: 100 }] },
    });
    expect((await get('invoice', invoiceId)).amountRemaining).toBe(78.59);
    await create('customerPayment', {
      customer: { id: SEEDED.customers.acme },
      apply: { items: [{ doc: { id: invoiceId }, apply: true }] },
    });
    expect(await get('invoice', invoiceId)).toMatchObject({
      amountRemaining: 0,
      status: { id: 'B', refName: 'Paid In Full' },
    });

    const closing = await create('salesOrder', {
      entity: { id: SEEDED.customers.acme },
      custbody_channel: 'web',
      item: { items: [{ item: { id: SEEDED.items.widget } }] },
    });
    await nsFetch(sim, 'PATCH', `${R}/salesOrder/${closing}`, {
      body: { item: { items: [{ line: 1, isClosed: true }] } },
    });
    expect((await get('salesOrder', closing)).status.id).toBe('H');
  });

  it('snapshots to a file and restores it', async () => {
    const path = join(dir, 'account.json');
    const before = sim.records('customer').length;
    await sim.snapshot(path);
    await create('customer', { companyName: 'After snapshot', subsidiary: { id: SEEDED.subsidiaries.us } });
    expect(sim.records('customer')).toHaveLength(before + 1);
    await sim.restore(path);
    expect(sim.records('customer')).toHaveLength(before);
    const again = await create('customer', {
      companyName: 'After restore',
      subsidiary: { id: SEEDED.subsidiaries.us },
    });
    expect(sim.records('customer').map((c) => c.id)).toContain(again);
  });

  it('serves the metadata catalog with custom fields', async () => {
    const index = (await nsFetch(sim, 'GET', `${R}/metadata-catalog`)).json as Json;
    expect(index.items.map((i: Json) => i.name)).toEqual(
      expect.arrayContaining(['customer', 'salesOrder', 'customrecord_loyalty_tier']),
    );
    const schema = (
      await nsFetch(sim, 'GET', `${R}/metadata-catalog/contact`, {
        headers: { accept: 'application/schema+json' },
      })
    ).json as Json;
    expect(schema.properties.custentity_region).toMatchObject({ 'x-ns-custom-field': true, type: 'string' });
    expect(schema.required).toContain('custentity_region');
    expect(schema.properties.company.$ref).toBe(`${sim.url}${R}/metadata-catalog/customer`);
  });

  it('answers NetSuite-shaped bodies for injected faults', async () => {
    sim.server.faults.push({ kind: 'rate-limit', count: 1 }, { kind: 'server-error', count: 1 });
    const limited = await nsFetch(sim, 'GET', `${R}/customer`);
    expect(limited.status).toBe(429);
    expect(errorCode(limited.json)).toBe('CONCURRENCY_LIMIT_EXCEEDED');
    const failed = await nsFetch(sim, 'GET', `${R}/customer`);
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });
});
