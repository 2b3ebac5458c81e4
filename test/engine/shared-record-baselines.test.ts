/**
 * Two flows over one target record keep a baseline each: the Shopify flow and the CRM flow both
 * write NetSuite customer 1. Each flow's second pass writes nothing, an owner's change moves once,
 * and a hand edit of a field in NetSuite is flagged by the flow whose field it is, even when the
 * other flow wrote the record last (with one baseline per record, that flow's baseline had been
 * replaced by the other's and the edit went unnoticed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConnector } from '../../src/connectors/memory/memory-connector.ts';
import { traceRecord } from '../../src/engine/operations/trace-record.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { memoryEngine } from './memory-fixture.ts';
import { sharedCustomerContract } from './shared-customer-contract.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig() {
  const contract = sharedCustomerContract();
  const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
  const crm = new MemoryConnector({ system: 'crm', kind: 'salesforce' });
  const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
  const { engine, store, close } = await memoryEngine(contract, { shop, crm, erp });
  cleanup = close;
  const run = async (flow: string) => {
    const r = await engine.runFlow(flow, { once: true });
    expect(r.balanced, `${flow} balanced`).toBe(true);
    return r.counts;
  };
  // Both flows write NetSuite customer 1: the Shopify flow creates it, the CRM flow adds the phone.
  const customer = shop.put('Customer', { email: 'ada@example.com', name: 'Ada Ltd' });
  expect((await run('customers')).written).toBe(1);
  const contact = crm.put('Contact', { Email: 'ADA@example.com', Phone: '+44 20 7946 0000' });
  expect((await run('crm-phones')).written).toBe(1);
  expect(erp.records('customer')).toHaveLength(1);
  return { shop, crm, erp, store, run, customer, contact };
}

async function flagged(store: SqliteStore) {
  return (await store.reviews.list({ state: 'open' })).map((r) => [r.flow, r.kind, r.field]);
}

describe('two flows over one target record, a baseline each', () => {
  it('writes nothing on a second pass of either flow, and an owner change moves once', async () => {
    const { shop, erp, store, run, customer } = await rig();
    const writes = erp.writes;
    for (const flow of ['customers', 'crm-phones', 'customers', 'crm-phones'])
      expect((await run(flow)).written, flow).toBe(0);
    expect(erp.writes).toBe(writes);

    shop.put('Customer', { name: 'Ada Lovelace Ltd' }, customer.id);
    expect(await run('customers')).toMatchObject({ captured: 1, written: 1 });
    expect(erp.writes).toBe(writes + 1);
    expect(erp.records('customer')[0]?.fields).toMatchObject({
      companyName: 'Ada Lovelace Ltd',
      phone: '+44 20 7946 0000',
    });
    for (const flow of ['crm-phones', 'customers', 'crm-phones'])
      expect((await run(flow)).written, flow).toBe(0);
    expect(erp.writes).toBe(writes + 1);
    expect(await flagged(store)).toEqual([]);
    // Each flow's baseline of the NetSuite customer is its own, named.
    const id = erp.records('customer')[0]!.id;
    expect((await store.baselines.listFlows('customer', 'erp', id)).map((b) => b.flow)).toEqual([
      'crm-phones',
      'customers',
    ]);
  });

  it('traces each flow holding a baseline of the record, and which flow last saw each field', async () => {
    const { erp, store, customer } = await rig();
    const report = await traceRecord(store, { entity: 'customer', key: `shop:${customer.id}` });
    const netsuite = report.systems.find((s) => s.system === 'erp');
    // The CRM flow read the record last; the Shopify flow's baseline is still there, named.
    expect(netsuite?.flow).toBe('crm-phones');
    expect(netsuite?.flows.map((f) => f.flow)).toEqual(['crm-phones', 'customers']);
    expect(netsuite?.fields.map((f) => [f.field, f.now, f.seenBy])).toEqual([
      ['email', 'ada@example.com', 'crm-phones'],
      ['name', 'Ada Ltd', 'customers'],
      ['phone', '+44 20 7946 0000', 'crm-phones'],
    ]);
    expect(netsuite?.recordId).toBe(erp.records('customer')[0]?.id);
  });

  it('flags a hand edit of the phone in NetSuite for the CRM flow, after the Shopify flow wrote the record last', async () => {
    const { shop, crm, erp, store, run, customer, contact } = await rig();
    // The Shopify flow writes the customer after the CRM flow did.
    shop.put('Customer', { name: 'Ada Lovelace Ltd' }, customer.id);
    expect((await run('customers')).written).toBe(1);
    // Someone edits the phone in NetSuite; the CRM owns it. The contact is then touched in the CRM.
    const [record] = erp.records('customer');
    erp.put('customer', { phone: '+44 20 0000 0000' }, record?.id);
    crm.put('Contact', {}, contact.id);
    const writes = erp.writes;
    expect(await run('crm-phones')).toMatchObject({ captured: 1, written: 0, inReview: 1 });
    expect(await flagged(store)).toEqual([['crm-phones', 'conflict', 'phone']]);
    expect(erp.writes).toBe(writes);
    expect(erp.records('customer')[0]?.fields.phone).toBe('+44 20 0000 0000');
  });

  it('flags a hand edit of the name in NetSuite for the Shopify flow, after the CRM flow wrote the record last', async () => {
    const { shop, crm, erp, store, run, customer, contact } = await rig();
    crm.put('Contact', { Phone: '+44 20 7946 0001' }, contact.id);
    expect((await run('crm-phones')).written).toBe(1);
    const [record] = erp.records('customer');
    erp.put('customer', { companyName: 'ADA HAND EDIT' }, record?.id);
    // The Shopify customer changes another field: the email moves, the hand-edited name is flagged.
    shop.put('Customer', { email: 'ada@lovelace.example' }, customer.id);
    expect(await run('customers')).toMatchObject({ captured: 1, written: 1 });
    expect(await flagged(store)).toEqual([['customers', 'conflict', 'name']]);
    expect(erp.records('customer')[0]?.fields).toMatchObject({
      email: 'ada@lovelace.example',
      companyName: 'ADA HAND EDIT',
    });
  });
});
