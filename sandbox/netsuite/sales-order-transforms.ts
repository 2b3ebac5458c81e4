/**
 * Record transformation of a sales order (POST …/salesOrder/{id}/!transform/{target}), which is
 * how an order moves through its statuses: `itemFulfillment` ships every open quantity
 * (B → F, or D/E when partial), `invoice` bills what was fulfilled (F → G). Pending approval (A),
 * cancelled (C) and closed (H) orders cannot be transformed.
 *
 * As in NetSuite, the body may set the new record's own fields (`externalId`, `tranDate`,
 * `shipStatus`, `shipMethod`, the `package` sublist…) and adjust its lines by `orderLine`: a
 * line's `quantity` ships part of it, `itemReceive: false` leaves it out (Oracle: "Use Case For
 * Fulfilling Your Sales Order"). Lines the body does not name ship their whole open quantity.
 *
 * @example
 *   transformSalesOrder(deps, salesOrderDef, order, 'invoice'); // → 204, Location of the invoice
 *   transformSalesOrder(deps, salesOrderDef, order, 'itemFulfillment', {
 *     externalId: 'wms:shp_1', item: { items: [{ orderLine: 2, itemReceive: false }] },
 *   }, decodeContext);
 */
import { salesOrderStatus, userError } from './account-rules.ts';
import { NetSuiteApiError } from './errors.ts';
import { type DecodeContext, decodeRecord, recordUrl } from './record-codec.ts';
import type { RecordServiceDeps, ServiceReply } from './record-service.ts';
import type { StoredRecord } from './record-store.ts';
import type { RecordTypeDef } from './record-types.ts';

export function transformSalesOrder(
  deps: Pick<RecordServiceDeps, 'store' | 'rules' | 'clock' | 'baseUrl' | 'types'>,
  def: RecordTypeDef,
  source: StoredRecord,
  target: string,
  body: unknown = {},
  decode?: DecodeContext,
): ServiceReply {
  if (def.name !== 'salesOrder' || !['itemFulfillment', 'invoice'].includes(target)) {
    throw new NetSuiteApiError(
      400,
      'INVALID_PARAMETER',
      `Transforming a ${def.name} into ${target} is not supported.`,
    );
  }
  const status = salesOrderStatus(source);
  if (status === 'A' || status === 'C' || status === 'H') {
    throw userError(
      `The sales order ${source.id} is ${status === 'A' ? 'pending approval' : status === 'C' ? 'cancelled' : 'closed'}; it cannot be ${target === 'invoice' ? 'billed' : 'fulfilled'}.`,
    );
  }
  const { given, asked } = transformBody(deps, target, body, decode);
  const order = structuredClone(source);
  const lines = (order.item as Record<string, unknown>[]) ?? [];
  const newLines: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (line.isClosed) continue;
    const qty = Number(line.quantity);
    const done = Number(line[target === 'invoice' ? 'quantityBilled' : 'quantityFulfilled'] ?? 0);
    const open = target === 'invoice' ? Number(line.quantityFulfilled ?? 0) - done : qty - done;
    const ask = asked.get(Number(line.line));
    if (open <= 0 || ask?.itemReceive === false) continue;
    const quantity = ask?.quantity ?? open;
    if (quantity > open) {
      throw userError(
        `You can only ${target === 'invoice' ? 'bill' : 'fulfill'} ${open} of line ${String(line.line)} on sales order ${source.id}, not ${quantity}.`,
        'item.items.quantity',
      );
    }
    if (quantity <= 0) continue;
    newLines.push({
      item: line.item,
      quantity,
      ...(target === 'invoice' ? { rate: line.rate } : { orderLine: line.line, itemReceive: true }),
      line: newLines.length + 1,
    });
    line[target === 'invoice' ? 'quantityBilled' : 'quantityFulfilled'] = done + quantity;
  }
  if (newLines.length === 0)
    throw userError(
      `There are no lines to ${target === 'invoice' ? 'bill (bill only what was fulfilled)' : 'fulfill'} on sales order ${source.id}.`,
    );
  const header: Record<string, unknown> = {
    entity: order.entity,
    subsidiary: order.subsidiary,
    createdFrom: { id: source.id },
    tranDate: deps.clock.localDate(new Date()),
    ...given,
    item: newLines,
  };
  if (target === 'invoice')
    Object.assign(header, { currency: order.currency, exchangeRate: order.exchangeRate });
  deps.rules.apply(target, header, 'create');
  const id = deps.store.insert(target, header);
  order.status = { id: salesOrderStatus(order) };
  const { id: _id, ...rest } = order;
  deps.store.replace('salesOrder', source.id, rest);
  return { status: 204, headers: { location: recordUrl(deps.baseUrl, target, id) } };
}

interface AskedLine {
  quantity?: number;
  itemReceive?: boolean;
}

/** The body's own fields for the new record, and its line adjustments keyed by `orderLine`. */
function transformBody(
  deps: Pick<RecordServiceDeps, 'store' | 'types'>,
  target: string,
  body: unknown,
  decode: DecodeContext | undefined,
): { given: Record<string, unknown>; asked: Map<number, AskedLine> } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NetSuiteApiError(400, 'INVALID_CONTENT', 'The request body must be a JSON object.');
  }
  const { item, ...header } = body as Record<string, unknown>;
  const def = deps.types.get(target);
  const given = def && decode ? decodeRecord(def, header, decode) : {};
  if (typeof given.externalId === 'string' && deps.store.findByExternalId(target, given.externalId)) {
    throw userError(`A record with external ID ${given.externalId} already exists.`, 'externalId');
  }
  const asked = new Map<number, AskedLine>();
  const items = (item as { items?: unknown } | undefined)?.items;
  if (item !== undefined && !Array.isArray(items))
    throw new NetSuiteApiError(
      400,
      'INVALID_CONTENT',
      'A sublist is an object { "items": [ … ] } (field item).',
    );
  for (const [index, raw] of (Array.isArray(items) ? items : []).entries()) {
    const l = (raw ?? {}) as Record<string, unknown>;
    const orderLine = Number(l.orderLine);
    if (!Number.isInteger(orderLine) || orderLine < 1) {
      throw new NetSuiteApiError(
        400,
        'INVALID_CONTENT',
        `Error while accessing a resource. item.items[${index}] needs the sales order line it ships: "orderLine".`,
        { path: `item.items[${index}].orderLine` },
      );
    }
    asked.set(orderLine, {
      ...(l.quantity !== undefined ? { quantity: Number(l.quantity) } : {}),
      ...(l.itemReceive !== undefined ? { itemReceive: l.itemReceive === true } : {}),
    });
  }
  return { given, asked };
}
