import { ValidationRejected } from '../../model/errors.ts';
import type { WriteRequest, WriteResult } from '../connector.ts';
import { LEVEL_SELECTION } from './inventory-levels.ts';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.ts';

const READ_BY_ID = `query Level($id: ID!) { inventoryLevel(id: $id) { ${LEVEL_SELECTION} } }`;
const READ_BY_PAIR = `query Level($item: ID!, $location: ID!) {
  inventoryItem(id: $item) { id inventoryLevel(locationId: $location) { ${LEVEL_SELECTION} } } }`;

const SET = `mutation Set($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code } } }`;

interface Level {
  id: string;
  item: { id: string } | null;
  location: { id: string } | null;
  quantities: { name: string; quantity: number }[];
}

/**
 * `changeFromQuantity` replaced `compareQuantity` in API version 2026-01 (and is mandatory from
 * 2026-04); older versions know only `compareQuantity`.
 */
function compareField(apiVersion: string): 'changeFromQuantity' | 'compareQuantity' {
  return apiVersion >= '2026-01' ? 'changeFromQuantity' : 'compareQuantity';
}

/** The quantity to set, and its name: `quantities.available` (the record's shape) or a flat field. */
function wantedQuantity(
  fields: Record<string, unknown>,
): { name: 'available' | 'on_hand'; value: unknown } | undefined {
  const quantities = fields.quantities;
  for (const name of ['available', 'on_hand'] as const) {
    const nested =
      quantities && typeof quantities === 'object'
        ? (quantities as Record<string, unknown>)[name]
        : undefined;
    if (nested !== undefined) return { name, value: nested };
    if (name in fields) return { name, value: fields[name] };
  }
  return undefined;
}

/**
 * Sets an item's quantity at a location (inventory flowing from NetSuite to Shopify) with
 * `inventorySetQuantities`, Shopify's compare-and-swap: the write names the quantity it expects
 * to replace, so a sale landing between our read and our write is not silently overwritten — the
 * level is re-read and the write retried instead. Setting an absolute quantity is idempotent, and
 * an equal quantity is not written at all (no adjustment, no webhook, no echo).
 *
 * The level is named by `request.id` (a level gid, which a link or a match key gives) or by
 * `fields.inventoryItemId` + `fields.locationId`; the quantity by `quantities.available` (or
 * `available`, or `on_hand`). Fields that name the level (`item`, `location`) are not written:
 * they identify it.
 *
 * @example
 *   await connector.upsert({ objectType: 'InventoryLevel', externalId: 'netsuite:501:1', idempotencyKey,
 *     id: 'gid://shopify/InventoryLevel/61000001?inventory_item_id=46000000000', fields: { quantities: { available: 12 } } });
 */
export async function setInventoryLevel(
  client: ShopifyGraphqlClient,
  system: string,
  apiVersion: string,
  request: WriteRequest,
): Promise<WriteResult> {
  const where = { system, recordId: request.id ?? request.externalId };
  const { inventoryItemId, locationId } = request.fields as {
    inventoryItemId?: unknown;
    locationId?: unknown;
  };
  const byPair = typeof inventoryItemId === 'string' && typeof locationId === 'string';
  const wanted = wantedQuantity(request.fields);
  if ((!request.id && !byPair) || (wanted !== undefined && !Number.isSafeInteger(wanted.value))) {
    throw new ValidationRejected(
      `Shopify (${system}) inventory level ${request.externalId}: needs the level's id (a link or a match) or fields { inventoryItemId, locationId }, and an integer quantities.available; got id ${request.id ?? 'none'}, fields ${JSON.stringify(request.fields)}`,
      {},
      where,
    );
  }
  const read = async (): Promise<Level | null | undefined> => {
    if (request.id && !byPair) {
      const data = await client.request<{ inventoryLevel: Level | null }>(
        READ_BY_ID,
        { id: request.id },
        { estimatedCost: 4, recordId: request.id },
      );
      return data.inventoryLevel;
    }
    const data = await client.request<{ inventoryItem: { inventoryLevel: Level | null } | null }>(
      READ_BY_PAIR,
      { item: inventoryItemId, location: locationId },
      { estimatedCost: 5, recordId: String(inventoryItemId) },
    );
    // No such item: undefined; an item not stocked at the location yet: null (the set stocks it).
    return data.inventoryItem ? data.inventoryItem.inventoryLevel : undefined;
  };
  for (let attempt = 1; ; attempt++) {
    const level = await read();
    if (level === undefined || (level === null && !byPair)) {
      throw new ValidationRejected(
        `Shopify (${system}) has no inventory level ${request.id ?? `${String(inventoryItemId)} at ${String(locationId)}`} (for ${request.externalId}); the item or location was deleted, or the link is stale`,
        {},
        where,
      );
    }
    const item = level?.item?.id ?? String(inventoryItemId);
    const location = level?.location?.id ?? String(locationId);
    const current = level?.quantities.find((q) => q.name === wanted?.name)?.quantity ?? 0;
    const id =
      level?.id ??
      `gid://shopify/InventoryLevel/${location.split('/').pop()}?inventory_item_id=${item.split('/').pop()}`;
    if (!wanted || (level && current === wanted.value))
      return { id, externalId: request.externalId, created: false };
    const result = await client.request<{
      inventorySetQuantities: {
        inventoryAdjustmentGroup: unknown;
        userErrors: { field: string[] | null; message: string; code: string | null }[];
      };
    }>(
      SET,
      {
        input: {
          reason: 'correction',
          name: wanted.name,
          referenceDocumentUri: `accord://${encodeURIComponent(request.idempotencyKey)}`,
          quantities: [
            {
              inventoryItemId: item,
              locationId: location,
              quantity: wanted.value,
              [compareField(apiVersion)]: current,
            },
          ],
        },
      },
      { estimatedCost: 10, recordId: id },
    );
    const errors = result.inventorySetQuantities.userErrors;
    if (errors.length === 0) return { id, externalId: request.externalId, created: !level };
    const stale = errors.every(
      (e) => e.code === 'CHANGE_FROM_QUANTITY_STALE' || e.code === 'COMPARE_QUANTITY_STALE',
    );
    if (stale && attempt < 3) continue;
    throw new ValidationRejected(
      `Shopify (${system}) refused inventory for ${item} at ${location}: ${errors.map((e) => e.message).join('; ')}`,
      { status: 200, ...(errors[0]?.code ? { vendorCode: errors[0].code } : {}) },
      where,
    );
  }
}
