import { dateTime, gid, parseGid, type QuantityName } from './shop-rows.ts';
import type { CustomerFields, ShopStore, UserErrorRow } from './shop-store.ts';
import type { Views } from './views.ts';

interface CustomerInputArgs {
  id?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  metafields?: { namespace?: string | null; key: string; value: string; type?: string | null }[] | null;
}

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

function fieldsOf(input: CustomerInputArgs): CustomerFields {
  const out: CustomerFields = {};
  if (input.email !== undefined) out.email = input.email;
  if (input.firstName !== undefined) out.firstName = input.firstName;
  if (input.lastName !== undefined) out.lastName = input.lastName;
  if (input.phone !== undefined) out.phone = input.phone;
  if (input.note !== undefined) out.note = input.note;
  if (input.tags !== undefined) out.tags = input.tags;
  if (input.metafields) {
    out.metafields = input.metafields.map((m) => ({
      namespace: m.namespace ?? 'custom',
      key: m.key,
      value: m.value,
      ...(m.type ? { type: m.type } : {}),
    }));
  }
  return out;
}

function prefixed(errors: UserErrorRow[], prefix: string) {
  return errors.map((e) => ({
    field: e.field ? [prefix, ...e.field] : null,
    message: e.message,
    code: e.code ?? null,
  }));
}

/**
 * The mutations Accord needs. Invalid input never throws: like Shopify, it comes back as
 * `userErrors` in an HTTP 200 payload with the resource null — which is why a client that only
 * checks HTTP status or top-level `errors` silently loses writes.
 */
export function mutationResolvers(store: ShopStore, views: Views) {
  const book = views.book;
  const orderOf = (id: string) => store.orders.get(parseGid(id, 'Order') ?? -1);

  return {
    customerCreate: ({ input }: { input: CustomerInputArgs }) => {
      if (input.id)
        return {
          customer: null,
          userErrors: [{ field: ['id'], message: 'Id must be blank when creating a customer' }],
        };
      const result = store.createCustomer(fieldsOf(input));
      return {
        customer: result.customer ? views.customer(result.customer) : null,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    customerUpdate: ({ input }: { input: CustomerInputArgs }) => {
      const id = parseGid(input.id, 'Customer');
      if (id === undefined)
        return { customer: null, userErrors: [{ field: ['id'], message: 'Customer does not exist' }] };
      const result = store.updateCustomer(id, fieldsOf(input));
      return {
        customer: result.customer ? views.customer(result.customer) : null,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    customerSet: ({
      identifier,
      input,
    }: {
      identifier?: {
        id?: string | null;
        email?: string | null;
        phone?: string | null;
        customId?: { namespace?: string | null; key: string; value: string } | null;
      } | null;
      input: CustomerInputArgs;
    }) => {
      const fields = fieldsOf(input);
      let existing: ReturnType<typeof store.findCustomerByEmail>;
      if (identifier?.id) {
        existing = store.customers.get(parseGid(identifier.id, 'Customer') ?? -1);
        if (!existing)
          return {
            customer: null,
            userErrors: [
              { field: ['identifier', 'id'], message: 'Customer does not exist', code: 'NOT_FOUND' },
            ],
          };
      } else if (identifier?.customId) {
        const { key, value } = identifier.customId;
        const namespace = identifier.customId.namespace ?? '$app';
        if (!store.isUniqueDefinition(namespace, key)) {
          return {
            customer: null,
            userErrors: [
              {
                field: ['identifier', 'customId'],
                message: `No metafield definition of type 'id' exists for ${namespace}.${key}`,
                code: 'INVALID_IDENTIFIER',
              },
            ],
          };
        }
        existing = store.findCustomerByCustomId(namespace, key, value);
        if (!existing)
          fields.metafields = [...(fields.metafields ?? []), { namespace, key, value, type: 'id' }];
      } else if (identifier?.email) {
        existing = store.findCustomerByEmail(identifier.email);
        if (!existing && fields.email === undefined) fields.email = identifier.email;
      } else if (identifier?.phone) {
        existing = store.findCustomerByPhone(identifier.phone);
        if (!existing && fields.phone === undefined) fields.phone = identifier.phone;
      }
      const result = existing ? store.updateCustomer(existing.id, fields) : store.createCustomer(fields);
      return {
        customer: result.customer ? views.customer(result.customer) : null,
        userErrors: prefixed(result.userErrors, 'input'),
      };
    },
    customerDelete: ({ input }: { input: { id: string } }) => {
      const id = parseGid(input.id, 'Customer');
      if (id === undefined || !store.deleteCustomer(id)) {
        return {
          deletedCustomerId: null,
          userErrors: [{ field: ['id'], message: "Customer can't be found" }],
        };
      }
      return { deletedCustomerId: input.id, userErrors: [] };
    },
    orderUpdate: ({
      input,
    }: {
      input: { id: string; email?: string | null; note?: string | null; tags?: string[] | null };
    }) => {
      const order = orderOf(input.id);
      if (!order) return { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
      if (input.email !== undefined) order.email = input.email;
      if (input.note !== undefined) order.note = input.note;
      if (input.tags !== undefined) order.tags = input.tags ?? [];
      book.touch(order);
      return { order: views.order(order), userErrors: [] };
    },
    orderCapture: ({ input }: { input: { id: string; parentTransactionId: string; amount: string } }) => {
      const order = orderOf(input.id);
      if (!order)
        return { transaction: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
      const result = book.capture(
        order,
        parseGid(input.parentTransactionId, 'OrderTransaction') ?? -1,
        input.amount,
      );
      return {
        transaction: result.transaction ? views.transaction(result.transaction, order) : null,
        userErrors: result.userErrors,
      };
    },
    refundCreate: ({
      input,
    }: {
      input: {
        orderId: string;
        note?: string | null;
        refundLineItems?: { lineItemId: string; quantity: number; restockType?: string | null }[] | null;
        shipping?: { amount?: string | null; fullRefund?: boolean | null } | null;
        transactions?: { amount: string; gateway: string; kind: string }[] | null;
      };
    }) => {
      const order = orderOf(input.orderId);
      if (!order)
        return {
          order: null,
          refund: null,
          userErrors: [{ field: ['orderId'], message: 'Order does not exist' }],
        };
      const shipping = input.shipping?.fullRefund
        ? order.shippingLines.reduce((a, s) => a + Number(s.discountedPrice), 0).toString()
        : (input.shipping?.amount ?? '0');
      const result = book.refund(order, {
        note: input.note ?? null,
        lines: (input.refundLineItems ?? []).map((l) => ({
          lineItemId: parseGid(l.lineItemId, 'LineItem') ?? -1,
          quantity: l.quantity,
          restockType: (l.restockType ?? 'NO_RESTOCK') as 'NO_RESTOCK',
        })),
        shippingAmount: shipping,
        transactions: (input.transactions ?? []).map((t) => ({ amount: t.amount, gateway: t.gateway })),
      });
      return {
        order: result.refund ? views.order(order) : null,
        refund: result.refund ? views.refund(result.refund, order) : null,
        userErrors: result.userErrors,
      };
    },
    inventorySetQuantities: ({
      input,
    }: {
      input: {
        reason: string;
        name: string;
        ignoreCompareQuantity?: boolean | null;
        referenceDocumentUri?: string | null;
        quantities: {
          inventoryItemId: string;
          locationId: string;
          quantity: number;
          compareQuantity?: number | null;
        }[];
      };
    }) =>
      applyInventory(
        store,
        views,
        input.reason,
        input.name,
        input.referenceDocumentUri ?? null,
        input.quantities.map((q, i) => ({
          ...q,
          index: i,
          mode: 'set' as const,
          ignoreCompare: Boolean(input.ignoreCompareQuantity),
        })),
      ),
    inventoryAdjustQuantities: ({
      input,
    }: {
      input: {
        reason: string;
        name: string;
        referenceDocumentUri?: string | null;
        changes: { inventoryItemId: string; locationId: string; delta: number }[];
      };
    }) =>
      applyInventory(
        store,
        views,
        input.reason,
        input.name,
        input.referenceDocumentUri ?? null,
        input.changes.map((c, i) => ({
          ...c,
          quantity: c.delta,
          index: i,
          mode: 'adjust' as const,
          ignoreCompare: true,
        })),
      ),
  };
}

interface InventoryOp {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
  index: number;
  mode: 'set' | 'adjust';
  ignoreCompare: boolean;
}

/** Validates every change first, then applies all or none: Shopify's inventory writes are atomic. */
function applyInventory(
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
    if (op.mode === 'set' && !op.ignoreCompare) {
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
