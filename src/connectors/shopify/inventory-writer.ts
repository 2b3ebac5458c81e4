import { ValidationRejected } from '../../model/errors.ts';
import type { WriteRequest, WriteResult } from '../connector.ts';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.ts';

const READ = `query Level($item: ID!, $location: ID!) {
  inventoryItem(id: $item) { id inventoryLevel(locationId: $location) { id updatedAt quantities(names: ["available", "on_hand"]) { name quantity } } } }`;

const SET = `mutation Set($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code } } }`;

interface LevelData {
  inventoryItem: {
    id: string;
    inventoryLevel: {
      id: string;
      updatedAt: string;
      quantities: { name: string; quantity: number }[];
    } | null;
  } | null;
}

/**
 * Sets an item's quantity at a location (inventory flowing from NetSuite to Shopify), with
 * Shopify's compare-and-set: the write names the quantity it expects to replace, so a sale that
 * lands between our read and our write is not silently overwritten — the write is re-read and
 * retried instead. Setting an absolute quantity is idempotent, and an equal quantity is not
 * written at all (no echo, no webhook).
 *
 * `request.fields`: `{ inventoryItemId: gid, locationId: gid, available: integer }` (or `on_hand`).
 *
 * @example
 *   await connector.upsert({ objectType: 'inventoryLevel', externalId: 'SKU-1@main', idempotencyKey,
 *     fields: { inventoryItemId, locationId, available: 12 } });
 */
export async function setInventoryLevel(
  client: ShopifyGraphqlClient,
  system: string,
  request: WriteRequest,
): Promise<WriteResult> {
  const { inventoryItemId, locationId } = request.fields as {
    inventoryItemId?: unknown;
    locationId?: unknown;
  };
  const name = 'on_hand' in request.fields ? 'on_hand' : 'available';
  const wanted = request.fields[name];
  const where = { system, recordId: request.externalId };
  if (
    typeof inventoryItemId !== 'string' ||
    typeof locationId !== 'string' ||
    !Number.isSafeInteger(wanted)
  ) {
    throw new ValidationRejected(
      `Shopify (${system}) inventory level ${request.externalId}: fields must be { inventoryItemId: gid, locationId: gid, available: integer }, got ${JSON.stringify(request.fields)}`,
      {},
      where,
    );
  }
  for (let attempt = 1; ; attempt++) {
    const data = await client.request<LevelData>(
      READ,
      { item: inventoryItemId, location: locationId },
      { estimatedCost: 4, recordId: inventoryItemId },
    );
    const level = data.inventoryItem?.inventoryLevel;
    if (!data.inventoryItem) {
      throw new ValidationRejected(
        `Shopify (${system}) has no inventory item ${inventoryItemId} (for ${request.externalId})`,
        {},
        where,
      );
    }
    const current = level?.quantities.find((q) => q.name === name)?.quantity ?? 0;
    if (level && current === wanted) return { id: level.id, externalId: request.externalId, created: false };
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
          name,
          referenceDocumentUri: `accord://${encodeURIComponent(request.idempotencyKey)}`,
          quantities: [{ inventoryItemId, locationId, quantity: wanted, compareQuantity: current }],
        },
      },
      { estimatedCost: 10, recordId: inventoryItemId },
    );
    const errors = result.inventorySetQuantities.userErrors;
    if (errors.length === 0) {
      const after = await client.request<LevelData>(
        READ,
        { item: inventoryItemId, location: locationId },
        { estimatedCost: 4, recordId: inventoryItemId },
      );
      return {
        id: after.inventoryItem?.inventoryLevel?.id ?? `${inventoryItemId}@${locationId}`,
        externalId: request.externalId,
        created: !level,
      };
    }
    if (errors.every((e) => e.code === 'COMPARE_QUANTITY_STALE') && attempt < 3) continue;
    throw new ValidationRejected(
      `Shopify (${system}) refused inventory for ${inventoryItemId} at ${locationId}: ${errors.map((e) => e.message).join('; ')}`,
      { status: 200, ...(errors[0]?.code ? { vendorCode: errors[0].code } : {}) },
      where,
    );
  }
}
