/**
 * Shopify inventory levels — one item's quantities at one location — as readable records.
 * The Admin API has no top-level list of levels: they are reached through a location
 * (`location.inventoryLevels`) or an inventory item (`inventoryItem.inventoryLevels`), and one by
 * its id (`inventoryLevel(id:)`). So a scan walks every location's levels, and a lookup by SKU
 * goes through the inventory items carrying that SKU.
 *
 * A record's `quantities` are keyed by name (`{ available: 3, on_hand: 5 }`) rather than the API's
 * list of `{ name, quantity }`, so a contract maps `quantities.available` like any other path.
 * Its id is the level's gid, `gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>`.
 *
 * @example
 *   for await (const page of scanLevels(client, { pageSize: 50 })) …
 *   // page[0].fields → { item: { id, sku: 'TENT-2P' }, location: { id, name: 'RNO1-US' }, quantities: { available: 3, on_hand: 3 } }
 */
import type { SystemRecord } from '../connector.ts';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.ts';
import { comparePosition, isoMillis } from './shopify-objects.ts';

export const INVENTORY_LEVEL = 'InventoryLevel';

export function isInventoryLevel(objectType: string): boolean {
  return objectType === INVENTORY_LEVEL || objectType === 'inventoryLevel';
}

/** The quantity names read; `available` is what a storefront sells, `on_hand` what is there. */
const QUANTITY_NAMES = ['available', 'on_hand'] as const;

export const LEVEL_SELECTION = `id updatedAt item { id sku } location { id name }
  quantities(names: ${JSON.stringify(QUANTITY_NAMES)}) { name quantity }`;
/** Requested cost of one level node beyond its own point: item, location, quantities. */
const LEVEL_NODE_COST = 3;

interface LevelNode {
  id: string;
  updatedAt: string;
  item: { id: string; sku: string | null } | null;
  location: { id: string; name: string } | null;
  quantities: { name: string; quantity: number }[];
}

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

/** A level node as a SystemRecord, its quantities keyed by name. */
export function toLevelRecord(objectType: string, node: LevelNode): SystemRecord {
  const quantities: Record<string, number> = {};
  for (const q of node.quantities) quantities[q.name] = q.quantity;
  return {
    objectType,
    id: node.id,
    modifiedAt: isoMillis(node.updatedAt),
    fields: { ...node, quantities },
  };
}

export interface LevelReadOptions {
  objectType?: string;
  pageSize: number;
  signal?: AbortSignal | undefined;
}

/** Page size within a quarter of the 1000-point single-query limit. */
function pageOf(requested: number): number {
  return Math.max(1, Math.min(requested, Math.floor((1000 / 4 - 4) / (1 + LEVEL_NODE_COST))));
}

/** Every level of every location, location by location, in the API's order. */
export async function* scanLevels(
  client: ShopifyGraphqlClient,
  options: LevelReadOptions,
): AsyncGenerator<SystemRecord[]> {
  const objectType = options.objectType ?? INVENTORY_LEVEL;
  const first = pageOf(options.pageSize);
  const locations: string[] = [];
  for (let after: string | null = null; ; ) {
    const data: { locations: Connection<{ id: string }> } = await client.request(
      'query Locations($after: String) { locations(first: 250, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }',
      { after },
      { estimatedCost: 2 + 250, signal: options.signal },
    );
    locations.push(...data.locations.nodes.map((n) => n.id));
    if (!data.locations.pageInfo.hasNextPage || !data.locations.pageInfo.endCursor) break;
    after = data.locations.pageInfo.endCursor;
  }
  const document = `query Levels($id: ID!, $first: Int!, $after: String) { location(id: $id) {
    inventoryLevels(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_SELECTION} } } } }`;
  for (const id of locations) {
    for (let after: string | null = null; ; ) {
      const data: { location: { inventoryLevels: Connection<LevelNode> } | null } = await client.request(
        document,
        { id, first, after },
        { estimatedCost: 3 + first * (1 + LEVEL_NODE_COST), signal: options.signal },
      );
      const levels = data.location?.inventoryLevels;
      if (!levels) break;
      if (levels.nodes.length > 0) yield levels.nodes.map((n) => toLevelRecord(objectType, n));
      if (!levels.pageInfo.hasNextPage || !levels.pageInfo.endCursor) break;
      after = levels.pageInfo.endCursor;
    }
  }
}

/**
 * Levels changed since an inclusive instant. Location levels take no search filter, so this is
 * a scan kept to the levels updated at or after the cursor's second, in (updatedAt, id) order.
 */
export async function* changedLevels(
  client: ShopifyGraphqlClient,
  since: string | undefined,
  options: LevelReadOptions,
): AsyncGenerator<SystemRecord[]> {
  const from = since ? since.replace(/\.\d+Z$/, '.000Z') : undefined;
  const all: SystemRecord[] = [];
  for await (const page of scanLevels(client, options))
    all.push(...page.filter((r) => from === undefined || r.modifiedAt >= from));
  all.sort(comparePosition);
  const size = pageOf(options.pageSize);
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

/** One level by its gid, or undefined. */
export async function getLevel(
  client: ShopifyGraphqlClient,
  objectType: string,
  id: string,
): Promise<SystemRecord | undefined> {
  if (!id.startsWith('gid://shopify/InventoryLevel/')) return undefined;
  const data = await client.request<{ inventoryLevel: LevelNode | null }>(
    `query Level($id: ID!) { inventoryLevel(id: $id) { ${LEVEL_SELECTION} } }`,
    { id },
    { estimatedCost: 1 + LEVEL_NODE_COST, recordId: id },
  );
  return data.inventoryLevel ? toLevelRecord(objectType, data.inventoryLevel) : undefined;
}

/**
 * Levels whose `field` equals `value`: by SKU (`item.sku`, through the inventory items with that
 * SKU) or by location name (`location.name`, a scan). Undefined for a field it cannot search.
 */
export async function findLevels(
  client: ShopifyGraphqlClient,
  objectType: string,
  field: string,
  value: string,
  ignoreCase = false,
): Promise<SystemRecord[] | undefined> {
  const same = (a: string | null | undefined) =>
    a != null && (ignoreCase ? a.toLowerCase() === value.toLowerCase() : a === value);
  if (field === 'location.name') {
    const found: SystemRecord[] = [];
    for await (const page of scanLevels(client, { objectType, pageSize: 50 }))
      found.push(...page.filter((r) => same((r.fields.location as LevelNode['location'])?.name)));
    return found;
  }
  if (field !== 'item.sku') return undefined;
  const query = `sku:"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  // Why so small a page: Shopify admits a query only when its bucket holds the REQUESTED cost.
  // At 5 items × 20 levels (~412 points) two concurrent lookups drained a 1000-point bucket
  // restoring 50/s, and the demo's 27 lookups took 43 s; at 2 × 10 (~86 points) they never wait.
  // An item stocked at more than 10 locations pages on through the item.
  const data = await client.request<{
    inventoryItems: { nodes: { id: string; sku: string | null; inventoryLevels: Connection<LevelNode> }[] };
  }>(
    `query LevelsBySku($query: String!) { inventoryItems(first: 2, query: $query) { nodes { id sku
      inventoryLevels(first: 10) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_SELECTION} } } } } }`,
    { query },
    { estimatedCost: 2 + 2 * (2 + 10 * (1 + LEVEL_NODE_COST)), recordId: value },
  );
  const found: SystemRecord[] = [];
  // Search is tokenised and case-insensitive: keep exact SKUs only (up to case when asked).
  for (const item of data.inventoryItems.nodes.filter((i) => same(i.sku))) {
    let levels = item.inventoryLevels;
    found.push(...levels.nodes.map((n) => toLevelRecord(objectType, n)));
    while (levels.pageInfo.hasNextPage && levels.pageInfo.endCursor) {
      const more: { inventoryItem: { inventoryLevels: Connection<LevelNode> } | null } = await client.request(
        `query MoreLevels($id: ID!, $after: String) { inventoryItem(id: $id) {
          inventoryLevels(first: 10, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_SELECTION} } } } }`,
        { id: item.id, after: levels.pageInfo.endCursor },
        { estimatedCost: 3 + 10 * (1 + LEVEL_NODE_COST), recordId: item.id },
      );
      if (!more.inventoryItem) break;
      levels = more.inventoryItem.inventoryLevels;
      found.push(...levels.nodes.map((n) => toLevelRecord(objectType, n)));
    }
  }
  return found;
}
