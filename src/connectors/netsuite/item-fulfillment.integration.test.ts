/**
 * Item fulfilments through the connector against the NetSuite simulator: made by transforming the
 * sales order (found by its document number), the carrier resolved to a shipping item, a split
 * shipment fulfilling part of the order, and a replay landing on the same fulfilment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED } from '../../../sandbox/netsuite/index.ts';
import { type NetSuiteKit, startNetSuiteKit } from '../../../test/connectors/netsuite-simulator-kit.ts';
import { ValidationRejected } from '../../model/errors.ts';
import type { NetSuiteConnector } from './netsuite-connector.ts';

/** The parts of a fulfilment these tests read (the REST JSON, sublists expanded). */
interface Fulfilment {
  createdFrom: { id: string };
  externalId: string;
  shipMethod: { refName: string };
  shipStatus: { id: string };
  package: { items: { packageTrackingNumber: string }[] };
  item: { items: Record<string, unknown>[] };
}

describe('NetSuite connector: item fulfilments', () => {
  let kit: NetSuiteKit;
  let ns: NetSuiteConnector;
  let orderId: string;
  let tranId: string;
  let widget: string;
  let gadget: string;

  beforeAll(async () => {
    kit = await startNetSuiteKit('netsuite');
    ns = kit.connector;
    await ns.upsert({
      objectType: 'shipItem',
      externalId: 'ship-ups',
      fields: { itemId: 'UPS' },
      idempotencyKey: 's1',
    });
    const order = await ns.upsert({
      objectType: 'salesOrder',
      externalId: 'shopify:1001',
      fields: {
        entity: { id: SEEDED.customers.acme },
        orderStatus: { id: 'B' },
        item: {
          items: [
            { item: { id: SEEDED.items.widget }, quantity: 2 },
            { item: { id: SEEDED.items.gadget }, quantity: 1 },
          ],
        },
      },
      idempotencyKey: 'o1',
    });
    orderId = order.id;
    tranId = String(order.record!.fields.tranId);
    const lines = (order.record!.fields.item as { items: { item: { refName: string } }[] }).items;
    widget = lines[0]!.item.refName;
    gadget = lines[1]!.item.refName;
  });
  afterAll(async () => {
    await kit.close();
  });

  const shipment = (sku: string, quantity: number, carrier = 'UPS') => ({
    createdFrom: { refName: tranId },
    tranDate: '2026-11-20',
    shipStatus: { id: 'C' },
    shipMethod: { refName: carrier },
    package: {
      items: [
        { packageTrackingNumber: '1Z999AA10123456784' },
        { packageTrackingNumber: '1Z999AA10123456785' },
      ],
    },
    item: { items: [{ item: { refName: sku }, quantity }] },
  });

  it('transforms the sales order found by its document number, shipping only what the box holds', async () => {
    const written = await ns.upsert({
      objectType: 'itemFulfillment',
      externalId: 'wms:shp_1',
      fields: shipment(widget, 1),
      idempotencyKey: 'f1',
    });
    expect(written.created).toBe(true);
    const f = written.record!.fields as unknown as Fulfilment;
    expect(f.createdFrom.id).toBe(orderId);
    expect(f.externalId).toBe('wms:shp_1');
    expect(f.shipMethod.refName).toBe('UPS');
    expect(f.shipStatus.id).toBe('C');
    expect(f.package.items.map((p) => p.packageTrackingNumber)).toEqual([
      '1Z999AA10123456784',
      '1Z999AA10123456785',
    ]);
    expect(f.item.items).toHaveLength(1);
    expect(f.item.items[0]).toMatchObject({ orderLine: 1, quantity: 1, item: { refName: widget } });
    const order = await ns.get('salesOrder', orderId);
    expect((order!.fields.status as { id: string }).id).toMatch(/^[DE]$/);
  });

  it('a replay of the same shipment lands on the same fulfilment and ships nothing twice', async () => {
    const again = await ns.upsert({
      objectType: 'itemFulfillment',
      externalId: 'wms:shp_1',
      fields: shipment(widget, 1),
      idempotencyKey: 'f1',
    });
    expect(again.created).toBe(false);
    const all = await ns.findByField('itemFulfillment', 'externalId', 'wms:shp_1');
    expect(all).toHaveLength(1);
    const f = again.record!.fields as unknown as Fulfilment;
    expect(f.item.items).toHaveLength(1);
    expect(f.package.items).toHaveLength(2);
  });

  it('refuses a carrier NetSuite has no shipping item for, and a SKU the order has no open line for', async () => {
    const write = (externalId: string, fields: Record<string, unknown>) =>
      ns.upsert({ objectType: 'itemFulfillment', externalId, fields, idempotencyKey: externalId });
    await expect(write('wms:shp_2', shipment(gadget, 1, 'Pigeon Post'))).rejects.toThrow(
      /no shipping item of that name.*Pigeon Post|Pigeon Post.*no shipping item/,
    );
    const error = await write('wms:shp_3', shipment(widget, 5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(String(error)).toMatch(/no open line/);
    expect(await ns.getByExternalId('itemFulfillment', 'wms:shp_3')).toBeUndefined();
  });
});
