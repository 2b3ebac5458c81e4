import { dateTime, gid, parseGid, type QuantityName } from './shop-rows.ts';
import type { ShopStore } from './shop-store.ts';
import type { Views } from './views.ts';

/** Reasons `inventorySetQuantities` accepts (shopify.dev, inventory state reasons). */
const INVENTORY_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

/** One quantity to set, or one delta to apply, at an item and location. */
export interface InventoryOp {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
  /**
   * The quantity the caller expects to replace (2026-01+). Given at all — even as null, which opts
   * out of the check — it replaces `compareQuantity` and `ignoreCompareQuantity`.
   */
  changeFromQuantity?: number | null;
  index: number;
  mode: 'set' | 'adjust';
  ignoreCompare: boolean;
}

/** Validates every change first, then applies all or none: Shopify's inventory writes are atomic. */
export function applyInventory(
  store: ShopStore,
  views: Views,
  reason: string,
  name: string,
  referenceDocumentUri: string | null,
  ops: InventoryOp[],
) {
  const listKey = ops[0]?.mode === 'set' ? 'quantities' : 'changes';
  const errors: { field: string[]; message: string; code: string }[] = [];
  if (!INVENTORY_REASONS.has(reason))
    errors.push({
      field: ['input', 'reason'],
      message: 'The specified reason is invalid.',
      code: 'INVALID_REASON',
    });
  if (name !== 'available' && name !== 'on_hand') {
    errors.push({
      field: ['input', 'name'],
      message: 'The quantity name must be either "available" or "on_hand".',
      code: 'INVALID_QUANTITY_NAME',
    });
  }
  const planned: { level: NonNullable<ReturnType<typeof store.level>>; delta: number; op: InventoryOp }[] =
    [];
  for (const op of ops) {
    const field = ['input', listKey, String(op.index)];
    const itemId = parseGid(op.inventoryItemId, 'InventoryItem');
    const locationId = parseGid(op.locationId, 'Location');
    if (itemId === undefined || !store.inventoryItems.has(itemId)) {
      errors.push({
        field: [...field, 'inventoryItemId'],
        message: 'The specified inventory item could not be found.',
        code: 'INVALID_INVENTORY_ITEM',
      });
      continue;
    }
    if (locationId === undefined || !store.locations.has(locationId)) {
      errors.push({
        field: [...field, 'locationId'],
        message: 'The specified location could not be found.',
        code: 'INVALID_LOCATION',
      });
      continue;
    }
    const level = store.level(itemId, locationId, true)!;
    const current = level.quantities[name as QuantityName] ?? 0;
    if (op.mode === 'set' && 'changeFromQuantity' in op) {
      if (
        op.changeFromQuantity !== null &&
        op.changeFromQuantity !== undefined &&
        op.changeFromQuantity !== current
      ) {
        errors.push({
          field: [...field, 'changeFromQuantity'],
          message: 'The changeFromQuantity argument no longer matches the persisted quantity.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        });
        continue;
      }
    } else if (op.mode === 'set' && !op.ignoreCompare) {
      if (op.compareQuantity === undefined || op.compareQuantity === null) {
        errors.push({
          field: [...field, 'compareQuantity'],
          message:
            'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
          code: 'COMPARE_QUANTITY_REQUIRED',
        });
        continue;
      }
      if (op.compareQuantity !== current) {
        errors.push({
          field: [...field, 'compareQuantity'],
          message: 'The compareQuantity argument no longer matches the persisted quantity.',
          code: 'COMPARE_QUANTITY_STALE',
        });
        continue;
      }
    }
    const delta = op.mode === 'set' ? op.quantity - current : op.quantity;
    if (current + delta > 1_000_000_000)
      errors.push({
        field: [...field, 'quantity'],
        message: 'The quantity is too high.',
        code: 'INVALID_QUANTITY_TOO_HIGH',
      });
    planned.push({ level, delta, op });
  }
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const now = store.now();
  const changes = planned.map(({ level, delta }) => {
    const other: QuantityName = name === 'available' ? 'on_hand' : 'available';
    level.quantities[name as QuantityName] += delta;
    level.quantities[other] += delta;
    store.touchLevel(level);
    return {
      name,
      delta,
      quantityAfterChange: level.quantities[name as QuantityName],
      item: () => views.inventoryItem(store.inventoryItems.get(level.itemId)!),
      location: () => views.location(store.locations.get(level.locationId)!),
    };
  });
  return {
    inventoryAdjustmentGroup: {
      id: gid('InventoryAdjustmentGroup', store.nextId('InventoryAdjustmentGroup')),
      createdAt: dateTime(now),
      reason,
      referenceDocumentUri,
      changes: () => changes,
    },
    userErrors: [],
  };
}
