import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { UserInputError } from '../../model/errors.ts';
import type { SystemRecord } from '../connector.ts';
import { ShopifyConnector } from './shopify-connector.ts';

/** Contracts name Shopify records by their GraphQL type (`Customer`); older ones by the alias (`customer`). */
describe('Shopify record names', () => {
  let sim: ShopifySimulator;
  let connector: ShopifyConnector;

  beforeAll(async () => {
    sim = await startShopifySimulator();
    connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
    });
    await connector.upsert({
      objectType: 'Customer',
      externalId: 'netsuite:names-1',
      idempotencyKey: 'names-1',
      fields: { email: 'names-1@example.test', firstName: 'Grace', lastName: 'Names' },
    });
  });
  afterAll(async () => {
    await connector.close();
    await sim.close();
  });

  const scanAll = async (objectType: string) => {
    const records: SystemRecord[] = [];
    for await (const page of connector.scan({ objectType })) records.push(...page);
    return records;
  };

  it('reads the same customers by GraphQL type name and by alias, each named as asked', async () => {
    const canonical = await scanAll('Customer');
    const alias = await scanAll('customer');
    expect(canonical.length).toBeGreaterThan(0);
    expect(canonical.map((r) => r.id)).toEqual(alias.map((r) => r.id));
    expect(new Set(canonical.map((r) => r.objectType))).toEqual(new Set(['Customer']));
    expect(new Set(alias.map((r) => r.objectType))).toEqual(new Set(['customer']));
    const written = await connector.getByExternalId('Customer', 'netsuite:names-1');
    expect(written?.fields.email).toBe('names-1@example.test');
    const found = await connector.findByField('Customer', 'email', 'names-1@example.test');
    expect(found.map((r) => r.id)).toEqual([written?.id]);
  });

  it('accepts Order, Product and InventoryItem as readable names', async () => {
    for (const name of ['Order', 'Product', 'InventoryItem']) {
      const pages = connector.readChanges({ objectType: name, pageSize: 5 });
      for await (const page of pages) {
        for (const record of page) expect(record.objectType).toBe(name);
        break;
      }
    }
  });

  it('refuses an unknown name, listing the valid ones', async () => {
    const attempt = scanAll('Orders');
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(scanAll('Orders')).rejects.toThrow(
      /"Orders".*Customer, Order, Product, InventoryItem.*order \(= Order\)/,
    );
  });

  it('describes every object a contract maps, ProductVariant and InventoryLevel included', async () => {
    // Drift matches contract record names to these case-insensitively (`ProductVariant` finds productVariant).
    const schema = await connector.describe();
    const names = schema.objects.map((o) => o.name.toLowerCase());
    for (const name of ['Customer', 'Order', 'Product', 'InventoryItem', 'ProductVariant', 'InventoryLevel'])
      expect(names).toContain(name.toLowerCase());
    const variant = schema.objects.find((o) => o.name.toLowerCase() === 'productvariant');
    expect(variant?.fields.map((f) => f.name)).toContain('sku');
  });
});
