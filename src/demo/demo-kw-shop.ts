/**
 * The demo's second shop: the sandbox's Kuwaiti Shopify shop (`shopify-kw`, KWD, three decimals),
 * beside the US shop the example contract syncs. KWD is the currency whose third decimal NetSuite
 * cannot hold (18.845 is booked 18.85), so without this shop the demo's reconciliation could not
 * show that rounding at all. The shop is the US shop's twin in the contract: entities
 * `customerKw`/`salesOrderKw` with the same fields and mappings, flows `customers-kw` and
 * `orders-kw`, and a rule `orders-kw-daily` scoped to the Kuwaiti subsidiary's orders in NetSuite.
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

/** The US shop's entities and the Kuwaiti shop's twins of them. */
const TWINS: Record<string, string> = { customer: 'customerKw', salesOrder: 'salesOrderKw' };

interface EntityJson {
  description?: unknown;
  owner?: unknown;
  fields?: Record<string, { kind?: unknown; owner?: unknown; entity?: unknown }>;
  mappings?: Record<string, unknown>;
}

/** The US shop's rules, their Kuwaiti twins, the twin's flow and what the twin checks. */
const RULE_TWINS = [
  [
    'orders-daily',
    'orders-kw-daily',
    'orders-kw',
    'Every order of the Kuwaiti shop is in NetSuite with the same total (KWD: three decimals in Shopify, two in NetSuite)',
  ],
  [
    'customers-weekly',
    'customers-kw-weekly',
    'customers-kw',
    'Every customer of the Kuwaiti shop is in NetSuite',
  ],
] as const;

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
  // Twins of the US shop's entities rather than a third mapping on the same ones: each NetSuite
  // record is written by one shop only, but on one entity `accord check` would rightly ask for a
  // conflict rule between the two shops (every field "changed by 3 systems").
  for (const [entity, twin] of Object.entries(TWINS)) {
    const def = doc.getIn(['entities', entity], false) as { toJSON(): unknown } | undefined;
    if (!def) continue;
    const copy = clone(def.toJSON()) as EntityJson;
    if (copy.owner === 'shopify') copy.owner = KW_SHOP;
    for (const field of Object.values(copy.fields ?? {})) {
      if (field.owner === 'shopify') field.owner = KW_SHOP;
      if (field.kind === 'reference' && typeof field.entity === 'string' && field.entity in TWINS) {
        field.entity = TWINS[field.entity];
      }
    }
    const mappings = copy.mappings ?? {};
    copy.mappings = { [KW_SHOP]: mappings.shopify, netsuite: mappings.netsuite };
    if (typeof copy.description === 'string') copy.description = `${copy.description} (the Kuwaiti shop)`;
    doc.setIn(['entities', twin], copy);
  }
  const added: { path: string; why: string }[] = [
    { path: `systems.${KW_SHOP}`, why: `the Kuwaiti shop (${endpoint.url})` },
  ];
  // Order numbers are per shop (#1014 in the US and in Kuwait): with two shops booking into one
  // NetSuite, matching an order by its number would pair a Kuwaiti order with a US one. Orders
  // are matched by external id only (`<shop>:<order gid>`, unique per shop).
  const keys = doc.getIn(['flows', 'orders', 'match', 'keys'], false) as { toJSON(): unknown } | undefined;
  const list = keys ? (clone(keys.toJSON()) as unknown[]) : [];
  const kept = list.filter(
    (k) => !(typeof k === 'object' && k !== null && (k as { field?: unknown }).field === 'orderNumber'),
  );
  if (kept.length > 0 && kept.length < list.length) {
    doc.setIn(['flows', 'orders', 'match', 'keys'], kept);
    added.push({
      path: 'flows.orders.match.keys',
      why: 'external id only: order numbers repeat across shops',
    });
  }
  for (const [flow, twin] of [
    ['customers', 'customers-kw'],
    ['orders', 'orders-kw'],
  ] as const) {
    const def = doc.getIn(['flows', flow], false) as { toJSON(): unknown } | undefined;
    if (!def) continue;
    const copy = clone(def.toJSON()) as Record<string, unknown>;
    copy.from = KW_SHOP;
    if (typeof copy.entity === 'string' && copy.entity in TWINS) copy.entity = TWINS[copy.entity];
    if (typeof copy.description === 'string') copy.description = `${copy.description} (the Kuwaiti shop)`;
    doc.setIn(['flows', twin], copy);
    added.push({ path: `flows.${twin}`, why: `${flow}, from the Kuwaiti shop` });
  }
  for (const [rule, twin, flow, description] of RULE_TWINS) {
    const def = doc.getIn(['reconciliation', rule], false) as { toJSON(): unknown } | undefined;
    if (!def || !doc.hasIn(['flows', flow])) continue;
    const copy = clone(def.toJSON()) as Record<string, unknown>;
    copy.description = description;
    copy.flows = [flow];
    copy.where = { netsuite: { subsidiary: [SANDBOX_KW_SUBSIDIARY_ID] } };
    doc.setIn(['reconciliation', twin], copy);
    added.push({
      path: `reconciliation.${twin}`,
      why: `${description} (NetSuite's Kuwaiti subsidiary only)`,
    });
  }
  return added;
}
