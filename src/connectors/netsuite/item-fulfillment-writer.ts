/**
 * Writing item fulfilments. NetSuite does not take a free-standing fulfilment: one is made by
 * transforming its sales order (`POST …/salesOrder/{id}/!transform/itemFulfillment`), which ties
 * each shipped line to the order line (`orderLine`) and moves the order's status. A contract
 * maps a fulfilment the way a warehouse reports it — the order's document number, SKUs and
 * quantities, the carrier's name — so this writer resolves those into what the transform needs:
 *
 * - `createdFrom` by id, or by the sales order's document number (`createdFrom.refName` = tranId);
 * - `shipMethod` by id, or by the shipping item's name (`shipMethod.refName`, e.g. "UPS");
 * - `item.items` lines `{ item: { refName: SKU }, quantity }` onto the order's open lines; order
 *   lines the shipment does not carry are sent with `itemReceive: false` (a split shipment).
 *
 * The new fulfilment carries the external id in the transform body, so a replay finds it by
 * `eid:` (the connector reads before it writes) instead of shipping the order twice. An update
 * of an existing fulfilment changes its own fields and replaces its packages; it never re-ships
 * lines.
 *
 * @example
 *   const id = await createItemFulfillment(deps, 'wms:shp_1', {
 *     createdFrom: { refName: 'SO1001' }, shipMethod: { refName: 'UPS' },
 *     item: { items: [{ item: { refName: 'MUG-OAK' }, quantity: 2 }] },
 *     package: { items: [{ packageTrackingNumber: '1Z999' }] },
 *   });
 */
import { ValidationRejected } from '../../model/errors.ts';
import type { NetSuiteHttp } from './netsuite-http.ts';
import type { SuiteQlRow } from './suiteql-reader.ts';
import { suiteqlString } from './suiteql-tables.ts';

const RECORD_PATH = '/services/rest/record/v1';

export interface FulfillmentDeps {
  system: string;
  http: NetSuiteHttp;
  query(q: string): Promise<SuiteQlRow[]>;
  headers: Record<string, string>;
}

type Json = Record<string, unknown>;
type Ref = { id?: unknown; refName?: unknown };

/** Creates the fulfilment by transforming its sales order; returns the new internal id, if told. */
export async function createItemFulfillment(
  deps: FulfillmentDeps,
  eid: string,
  fields: Json,
): Promise<string | undefined> {
  const { createdFrom, item, ...header } = fields;
  const orderId = await salesOrderId(deps, eid, createdFrom as Ref | undefined);
  const body: Json = { ...(await resolveShipMethod(deps, eid, header)), externalId: eid };
  const shipped = ((item as { items?: Json[] } | undefined)?.items ?? []) as Json[];
  if (shipped.length > 0) body.item = { items: await orderLines(deps, eid, orderId, shipped) };
  const reply = await deps.http.request({
    method: 'POST',
    path: `${RECORD_PATH}/salesOrder/${encodeURIComponent(orderId)}/!transform/itemFulfillment`,
    body,
    headers: deps.headers,
    // Not repeated blindly: a lost reply is found by the external id on the job's next attempt.
    idempotent: false,
    recordId: `eid:${eid}`,
  });
  const location = reply.headers.get('location');
  return location ? /\/(\d+)\/?$/.exec(new URL(location, 'http://x').pathname)?.[1] : undefined;
}

/** The body of an update: the fulfilment's own fields, its packages replaced, never its lines. */
export async function itemFulfillmentUpdate(
  deps: FulfillmentDeps,
  eid: string,
  fields: Json,
): Promise<{ body: Json; query: Record<string, string> }> {
  const { createdFrom: _order, item: _lines, ...header } = fields;
  const body = await resolveShipMethod(deps, eid, header);
  return { body, query: 'package' in body ? { replace: 'package' } : {} };
}

async function salesOrderId(deps: FulfillmentDeps, eid: string, ref: Ref | undefined): Promise<string> {
  if (ref?.id !== undefined && ref.id !== null) return String(ref.id);
  const tranId = ref?.refName;
  if (typeof tranId !== 'string' || tranId === '') {
    throw rejected(deps, eid, 'has no sales order: map the order to createdFrom.id or createdFrom.refName');
  }
  const rows = await deps.query(
    `SELECT id FROM transaction WHERE type = 'SalesOrd' AND tranid = ${suiteqlString(tranId)} ORDER BY id`,
  );
  if (rows.length !== 1) {
    throw rejected(
      deps,
      eid,
      rows.length === 0
        ? `refers to sales order ${tranId}, which NetSuite does not have; check the order reference the warehouse sent`
        : `refers to sales order ${tranId}, and ${rows.length} sales orders have that number; fix the duplicate in NetSuite`,
    );
  }
  return String(rows[0]!.id);
}

/** `shipMethod: { refName: 'UPS' }` → `{ id }` of the shipping item of that name. */
async function resolveShipMethod(deps: FulfillmentDeps, eid: string, header: Json): Promise<Json> {
  const method = header.shipMethod as Ref | null | undefined;
  if (!method || (method.id !== undefined && method.id !== null)) return header;
  const name = method.refName;
  if (typeof name !== 'string' || name === '') return { ...header, shipMethod: null };
  const rows = await deps.query(
    `SELECT id FROM item WHERE itemtype = 'ShipItem' AND itemid = ${suiteqlString(name)} ORDER BY id`,
  );
  if (rows.length === 0) {
    throw rejected(
      deps,
      eid,
      `ships with "${name}", but NetSuite has no shipping item of that name; create it (Lists > Accounting > Shipping Items) or correct the carrier`,
    );
  }
  return { ...header, shipMethod: { id: String(rows[0]!.id) } };
}

/** The shipped SKUs and quantities laid onto the order's open lines, in line order. */
async function orderLines(
  deps: FulfillmentDeps,
  eid: string,
  orderId: string,
  shipped: readonly Json[],
): Promise<Json[]> {
  const reply = await deps.http.request({
    method: 'GET',
    path: `${RECORD_PATH}/salesOrder/${encodeURIComponent(orderId)}`,
    query: { expandSubResources: 'true' },
    idempotent: true,
    recordId: orderId,
  });
  const order = (reply.json ?? {}) as { item?: { items?: Json[] } };
  const wanted = new Map<string, number>();
  for (const line of shipped) {
    const sku = String((line.item as Ref | undefined)?.refName ?? '');
    wanted.set(sku, (wanted.get(sku) ?? 0) + Number(line.quantity ?? 0));
  }
  const out: Json[] = [];
  for (const line of order.item?.items ?? []) {
    const sku = String((line.item as Ref | undefined)?.refName ?? '');
    const open = Number(line.quantity ?? 0) - Number(line.quantityFulfilled ?? 0);
    const take = Math.min(open, wanted.get(sku) ?? 0);
    if (take > 0) wanted.set(sku, (wanted.get(sku) ?? 0) - take);
    out.push(
      take > 0
        ? { orderLine: line.line, quantity: take, itemReceive: true }
        : { orderLine: line.line, itemReceive: false },
    );
  }
  const left = [...wanted].filter(([, q]) => q > 0);
  if (left.length > 0) {
    throw rejected(
      deps,
      eid,
      `ships ${left.map(([sku, q]) => `${q} × ${sku}`).join(', ')} that sales order ${orderId} has no open line for; check the shipment against the order`,
    );
  }
  return out;
}

function rejected(deps: FulfillmentDeps, eid: string, what: string): ValidationRejected {
  return new ValidationRejected(
    `NetSuite system "${deps.system}": item fulfilment eid:${eid} ${what}.`,
    {},
    { system: deps.system, recordId: `eid:${eid}` },
  );
}
