/**
 * Two flows into one target record (a NetSuite customer created from Shopify and later matched
 * by a CRM flow on email): the record keeps the external id it was created with. Re-stamping it
 * with the second flow's id made the first flow's upserts by external id miss the record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConnector } from '../../src/connectors/memory/memory-connector.ts';
import { parseContract } from '../../src/contract/index.ts';
import { memoryEngine } from './memory-fixture.ts';

const CONTRACT = `
accord: 1
name: shared-target
systems:
  shop: { kind: shopify, connection: { shop: t.myshopify.com, accessToken: env:T }, limits: { concurrency: 2 } }
  crm: { kind: salesforce, connection: { instanceUrl: "https://x.my.salesforce.com", accessToken: env:S }, limits: { concurrency: 2 } }
  erp:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
    limits: { concurrency: 3 }
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 2, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    owner: shop
    fields:
      email: { kind: email }
      name: { kind: string }
      phone: { kind: string, owner: crm }
    mappings:
      shop:
        record: Customer
        id: id
        fields: { email: email, name: name }
      crm:
        record: Contact
        id: Id
        fields: { email: Email, phone: Phone }
      erp:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, name: companyName, phone: phone }
flows:
  customers:
    entity: customer
    from: shop
    to: erp
    direction: one-way
    trigger: { schedule: every 15m }
    owner: integrations
    match: { keys: [external-id, { field: email, normalise: [trim, lowercase] }], onNoMatch: create, onMultipleMatches: review }
  crm-phones:
    entity: customer
    from: crm
    to: erp
    direction: one-way
    trigger: { schedule: every 15m }
    owner: integrations
    match: { keys: [external-id, { field: email, normalise: [trim, lowercase] }], onNoMatch: skip, onMultipleMatches: review }
reconciliation:
  customers: { flows: [customers], schedule: "0 5 * * *", count: true }
`;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('two flows writing one target record', () => {
  it('keeps the external id the record was created with; each flow still finds its record', async () => {
    const parsed = parseContract(CONTRACT, 'shared-target.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
    const crm = new MemoryConnector({ system: 'crm', kind: 'salesforce' });
    const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
    const { engine, close } = await memoryEngine(parsed.contract, { shop, crm, erp });
    cleanup = close;

    const customer = shop.put('Customer', { email: 'ada@example.com', name: 'Ada Ltd' });
    expect((await engine.runFlow('customers', { once: true })).counts.written).toBe(1);
    crm.put('Contact', { Email: 'ADA@example.com', Phone: '+44 20 7946 0000' });
    expect((await engine.runFlow('crm-phones', { once: true })).counts.written).toBe(1);

    const [record] = erp.records('customer');
    expect(erp.records('customer')).toHaveLength(1);
    expect(record?.fields).toMatchObject({ companyName: 'Ada Ltd', phone: '+44 20 7946 0000' });
    expect(record?.externalId).toBe(`shop:${customer.id}`);

    shop.put('Customer', { name: 'Ada Lovelace Ltd' }, customer.id);
    expect((await engine.runFlow('customers', { once: true })).counts.written).toBe(1);
    expect(erp.records('customer')).toHaveLength(1);
    expect(erp.records('customer')[0]?.fields.companyName).toBe('Ada Lovelace Ltd');
  });
});
