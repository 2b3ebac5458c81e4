/**
 * The demo's second shop: the sandbox's Kuwaiti Shopify shop (`shopify-kw`, KWD, three decimals),
 * beside the US shop the example contract syncs. KWD is the currency whose third decimal NetSuite
 * cannot hold (18.845 is booked 18.85), so without this shop the demo's reconciliation could not
 * show that rounding at all. The shop is the US shop's twin in the contract: the same customer and
 * sales-order mappings, flows `customers-kw` and `orders-kw`, and a rule `orders-kw-daily` scoped
 * to the Kuwaiti subsidiary's orders in NetSuite.
 *
 * @example
 *   addKwShop(doc, { url: 'http://127.0.0.1:4100', shop: 'accord-goods-kw.myshopify.com' });
 */
import type { Document } from 'yaml';

export const KW_SHOP = 'shopify-kw';

/** The sandbox's Kuwaiti subsidiary (sandbox/generator/regions.ts): its internal id in NetSuite. */
export const SANDBOX_KW_SUBSIDIARY_ID = '5';

export interface ShopEndpoint {
  url: string;
  shop: string;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Adds the KW shop to `doc` (the sandbox contract with the US shop); returns what it added. */
export function addKwShop(doc: Document, endpoint: ShopEndpoint): { path: string; why: string }[] {
  const us = doc.getIn(['systems', 'shopify'], false) as { toJSON(): unknown } | undefined;
  if (!us || doc.hasIn(['systems', KW_SHOP])) return [];
  const system = clone(us.toJSON()) as { connection?: Record<string, unknown> };
  system.connection = {
    ...system.connection,
    shop: endpoint.shop,
    baseUrl: endpoint.url,
    // The sandbox's env file names each shop's credentials by its system name.
    accessToken: 'env:SHOPIFY_KW_ADMIN_TOKEN',
    webhookSecret: 'env:SHOPIFY_KW_WEBHOOK_SECRET',
  };
  doc.setIn(['systems', KW_SHOP], { ...system, description: 'The Kuwaiti Shopify shop (KWD)' });
  for (const entity of ['customer', 'salesOrder']) {
    const mapping = doc.getIn(['entities', entity, 'mappings', 'shopify'], false) as
      | { toJSON(): unknown }
      | undefined;
    if (mapping) doc.setIn(['entities', entity, 'mappings', KW_SHOP], clone(mapping.toJSON()));
  }
  const added: { path: string; why: string }[] = [
    { path: `systems.${KW_SHOP}`, why: `the Kuwaiti shop (${endpoint.url})` },
  ];
  for (const [flow, twin] of [
    ['customers', 'customers-kw'],
    ['orders', 'orders-kw'],
  ] as const) {
    const def = doc.getIn(['flows', flow], false) as { toJSON(): unknown } | undefined;
    if (!def) continue;
    const copy = clone(def.toJSON()) as Record<string, unknown>;
    copy.from = KW_SHOP;
    if (typeof copy.description === 'string') copy.description = `${copy.description} (the Kuwaiti shop)`;
    doc.setIn(['flows', twin], copy);
    added.push({ path: `flows.${twin}`, why: `${flow}, from the Kuwaiti shop` });
  }
  const rule = doc.getIn(['reconciliation', 'orders-daily'], false) as { toJSON(): unknown } | undefined;
  if (rule && doc.hasIn(['flows', 'orders-kw'])) {
    const copy = clone(rule.toJSON()) as Record<string, unknown>;
    copy.description =
      'Every order of the Kuwaiti shop is in NetSuite with the same total (KWD: three decimals).';
    copy.flows = ['orders-kw'];
    copy.where = { netsuite: { subsidiary: [SANDBOX_KW_SUBSIDIARY_ID] } };
    doc.setIn(['reconciliation', 'orders-kw-daily'], copy);
    added.push({
      path: 'reconciliation.orders-kw-daily',
      why: "the Kuwaiti shop's orders against NetSuite's Kuwaiti subsidiary, where the KWD rounding shows",
    });
  }
  return added;
}
