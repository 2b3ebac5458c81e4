/**
 * The order endpoints' behaviour (create, change, cancel), as status and body, kept apart from
 * routing so the rules read in one place: unknown SKUs are refused, a reference is unique and
 * immutable, and an order the floor has started picking can no longer be changed.
 *
 * @example
 *   const { status, body } = createOrder(store, { reference: 'SO-1', recipient, lines });
 */
import type { WmsOrder, WmsStore } from './wms-store.ts';
import { type FieldProblem, validateOrderInput } from './wms-validation.ts';

export interface Reply {
  status: number;
  body: unknown;
}

const invalid = (message: string, details: FieldProblem[]): Reply => ({
  status: 422,
  body: { error: { code: 'validation_failed', message, details } },
});

const knownSkus = (store: WmsStore) => new Set([...store.stock.values()].map((s) => s.sku));

export function createOrder(store: WmsStore, body: unknown): Reply {
  const problems = validateOrderInput(body, { create: true, knownSkus: knownSkus(store) });
  if (problems.length) return invalid('the order is invalid', problems);
  const input = body as Pick<WmsOrder, 'reference' | 'recipient' | 'lines'> & { shippingMethod?: string };
  const existing = store.orderByReference(input.reference);
  if (existing) {
    return {
      status: 409,
      body: {
        error: {
          code: 'duplicate_reference',
          message: `an order with reference ${input.reference} exists`,
          id: existing.id,
        },
      },
    };
  }
  const at = store.tick();
  const order: WmsOrder = {
    id: store.nextId('ord'),
    reference: input.reference,
    status: 'received',
    shippingMethod: input.shippingMethod ?? 'ground',
    recipient: input.recipient,
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    createdAt: at,
    updatedAt: at,
  };
  store.orders.set(order.id, order);
  return { status: 201, body: order };
}

export function patchOrder(store: WmsStore, id: string, body: unknown): Reply {
  const order = store.orders.get(id);
  if (!order) return { status: 404, body: { error: { code: 'not_found', message: `no order ${id}` } } };
  const problems = validateOrderInput(body, { create: false, knownSkus: knownSkus(store) });
  if (problems.length) return invalid('the change is invalid', problems);
  if (order.status === 'shipped' || order.status === 'cancelled' || order.status === 'picking') {
    return {
      status: 422,
      body: {
        error: {
          code: 'order_not_modifiable',
          message: `order ${order.reference} is ${order.status} and can no longer be changed`,
        },
      },
    };
  }
  const patch = body as Partial<WmsOrder>;
  if (patch.reference !== undefined && patch.reference !== order.reference) {
    return invalid('reference cannot change', [{ field: 'reference', message: 'is immutable' }]);
  }
  if (patch.recipient) order.recipient = { ...order.recipient, ...patch.recipient };
  if (patch.lines) order.lines = patch.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  if (patch.shippingMethod) order.shippingMethod = patch.shippingMethod;
  if (patch.status === 'cancelled') order.status = 'cancelled';
  order.updatedAt = store.tick();
  return { status: 200, body: order };
}
