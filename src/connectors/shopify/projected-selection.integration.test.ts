import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAwkwardCases } from '../../../sandbox/shopify/awkward-cases.ts';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { loadContract } from '../../contract/index.ts';
import { mappedPaths } from '../../contract/mapped-paths.ts';
import type { SystemRecord } from '../connector.ts';
import { projectedSelection } from './projected-selection.ts';
import { ShopifyConnector } from './shopify-connector.ts';
import { SHOPIFY_OBJECTS } from './shopify-objects.ts';

/**
 * Reading only what the contract maps: the example contract's Shopify paths, against the
 * simulator's cost calculator (requested and actual cost per order) and its data.
 */
describe('Shopify projected selection', () => {
  let sim: ShopifySimulator;
  let connector: ShopifyConnector;
  let orderPaths: string[];
  let customerPaths: string[];
  const costs: { requested: number; actual: number }[] = [];

  beforeAll(async () => {
    sim = await startShopifySimulator();
    seedAwkwardCases(sim.store, sim.book);
    sim.store.createCustomer({ email: 'projected@example.test', firstName: 'Ada', lastName: 'Lane' });
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = (await response.clone().json()) as {
        extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number } };
      };
      const cost = body.extensions?.cost;
      if (cost) costs.push({ requested: cost.requestedQueryCost, actual: cost.actualQueryCost });
      return response;
    };
    connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      fetch: recording,
    });
    const loaded = await loadContract('examples/shopify-stripe-netsuite.yaml');
    if (!loaded.ok) throw new Error('the example contract does not load');
    orderPaths = mappedPaths(loaded.contract.entities.salesOrder!.mappings.shopify!);
    customerPaths = mappedPaths(loaded.contract.entities.customer!.mappings.shopify!);
  });
  afterAll(async () => {
    await connector.close();
    await sim.close();
  });

  const scanAll = async (objectType: string, paths: string[]) => {
    const records: SystemRecord[] = [];
    costs.length = 0;
    for await (const page of connector.scan({ objectType, mappedPaths: paths })) records.push(...page);
    return records;
  };

  it("estimates at least the shop's requested cost, far below the full order selection", async () => {
    const orders = await scanAll('Order', orderPaths);
    expect(orders.length).toBeGreaterThan(0);
    const estimate = projectedSelection(SHOPIFY_OBJECTS.Order!, orderPaths).nodeCost;
    const [first] = costs;
    const perOrder = (first!.requested - 2) / Math.min(orders.length, Math.floor(248 / (1 + estimate)));
    expect(estimate + 1).toBeGreaterThanOrEqual(perOrder);
    expect(estimate).toBeLessThan(SHOPIFY_OBJECTS.Order!.nodeCost / 4);
  });

  it('reads every mapped path, and the keys, of an order', async () => {
    const [order] = await scanAll('Order', orderPaths);
    const fields = order!.fields as Record<string, Record<string, unknown>>;
    expect(Object.keys(fields).sort()).toEqual(
      [
        'createdAt',
        'customer',
        'displayFinancialStatus',
        'id',
        'legacyResourceId',
        'lineItems',
        'name',
        'totalPriceSet',
        'updatedAt',
      ].sort(),
    );
    const line = (fields.lineItems!.nodes as Record<string, unknown>[])[0]!;
    expect(Object.keys(line).sort()).toEqual([
      'discountedTotalSet',
      'originalUnitPriceSet',
      'product',
      'quantity',
      'sku',
    ]);
    // The line's product category: only the product type, of all the product's fields.
    expect(Object.keys(line.product as object)).toEqual(['productType']);
    expect(fields.totalPriceSet).toMatchObject({ shopMoney: { currencyCode: 'USD' } });
  });

  it("reads a customer's default address company and email marketing consent, and Accord's external id", async () => {
    const customers = await scanAll('Customer', customerPaths);
    const ada = customers.find((c) => c.fields.email === 'projected@example.test')!;
    expect(ada.fields.defaultAddress).toBeNull();
    expect(ada.fields.emailMarketingConsent).toEqual({ marketingState: 'NOT_SUBSCRIBED' });
    expect(ada.externalId).toBeUndefined();
  });
});
