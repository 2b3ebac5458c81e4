import { applyInventory } from './inventory-mutations.ts';
import { gid, parseGid } from './shop-rows.ts';
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
    metafieldDefinitionCreate: ({
      definition,
    }: {
      definition: { name: string; namespace?: string | null; key: string; type: string; ownerType: string };
    }) => {
      const namespace = definition.namespace ?? '$app';
      // Only customer `id` definitions matter to the simulator: they make custom ids usable.
      if (definition.ownerType === 'CUSTOMER' && store.isUniqueDefinition(namespace, definition.key)) {
        return {
          createdDefinition: null,
          userErrors: [
            {
              field: ['definition', 'key'],
              message: "Key is in use for Customer metafields on the '" + namespace + "' namespace.",
              code: 'TAKEN',
            },
          ],
        };
      }
      if (definition.ownerType === 'CUSTOMER' && definition.type === 'id')
        store.uniqueDefinitions.push({ namespace, key: definition.key });
      return {
        createdDefinition: {
          id: gid('MetafieldDefinition', store.nextId('MetafieldDefinition')),
          name: definition.name,
          namespace,
          key: definition.key,
          type: { name: definition.type },
          ownerType: definition.ownerType,
        },
        userErrors: [],
      };
    },
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
          changeFromQuantity?: number | null;
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
