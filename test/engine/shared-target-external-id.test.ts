/**
 * Two flows into one target record (a NetSuite customer created from Shopify and later matched
 * by a CRM flow on email): the record keeps the external id it was created with. Re-stamping it
 * with the second flow's id made the first flow's upserts by external id miss the record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConnector } from '../../src/connectors/memory/memory-connector.ts';
import { memoryEngine } from './memory-fixture.ts';
import { sharedCustomerContract } from './shared-customer-contract.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('two flows writing one target record', () => {
  it('keeps the external id the record was created with; each flow still finds its record', async () => {
    const contract = sharedCustomerContract();
    const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
    const crm = new MemoryConnector({ system: 'crm', kind: 'salesforce' });
    const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
    const { engine, close } = await memoryEngine(contract, { shop, crm, erp });
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
