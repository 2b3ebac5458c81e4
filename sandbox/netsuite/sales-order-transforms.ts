/**
 * Record transformation of a sales order (POST …/salesOrder/{id}/!transform/{target}), which is
 * how an order moves through its statuses: `itemFulfillment` ships every open quantity
 * (B → F, or D/E when partial), `invoice` bills what was fulfilled (F → G). Pending approval (A),
 * cancelled (C) and closed (H) orders cannot be transformed.
 *
 * @example
 *   transformSalesOrder(deps, salesOrderDef, order, 'invoice'); // → 204, Location of the invoice
 */
import { salesOrderStatus, userError } from './account-rules.ts';
import { NetSuiteApiError } from './errors.ts';
import { recordUrl } from './record-codec.ts';
import type { RecordServiceDeps, ServiceReply } from './record-service.ts';
import type { StoredRecord } from './record-store.ts';
import type { RecordTypeDef } from './record-types.ts';

export function transformSalesOrder(
  deps: Pick<RecordServiceDeps, 'store' | 'rules' | 'clock' | 'baseUrl'>,
  def: RecordTypeDef,
  source: StoredRecord,
  target: string,
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
  const order = structuredClone(source);
  const lines = (order.item as Record<string, unknown>[]) ?? [];
  const newLines: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (line.isClosed) continue;
    const qty = Number(line.quantity);
    const done = Number(line[target === 'invoice' ? 'quantityBilled' : 'quantityFulfilled'] ?? 0);
    const open = target === 'invoice' ? Number(line.quantityFulfilled ?? 0) - done : qty - done;
    if (open <= 0) continue;
    newLines.push({
      item: line.item,
      quantity: open,
      rate: line.rate,
      ...(target === 'invoice' ? {} : {}),
      line: newLines.length + 1,
    });
    line[target === 'invoice' ? 'quantityBilled' : 'quantityFulfilled'] = done + open;
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
