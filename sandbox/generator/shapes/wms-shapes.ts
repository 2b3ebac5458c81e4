/**
 * The WMS's REST records (sandbox/wms/README.md in the WMS work): outbound orders keyed by the
 * NetSuite sales order number (`reference`), shipments (fulfilment confirmations with carrier,
 * tracking numbers and shipped lines), and stock levels per SKU and warehouse location.
 *
 * @example
 *   wmsStockLevel('RNO1', 'MUG-OAK-00001', 57, at) // { id: 'RNO1:MUG-OAK-00001', available: 57, … }
 */
import type { TruthCustomer } from '../truth.ts';
import { isoTime } from '../vendor-ids.ts';

type Json = Record<string, unknown>;

export function wmsOrder(input: {
  id: string;
  reference: string;
  customer: TruthCustomer;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
  status: 'received' | 'allocated' | 'shipped';
  express: boolean;
  createdAt: number;
  updatedAt: number;
}): Json {
  const c = input.customer;
  const a = c.address;
  return {
    id: input.id,
    reference: input.reference,
    status: input.status,
    shippingMethod: input.express ? 'express' : 'ground',
    recipient: {
      name: `${c.firstName} ${c.lastName}`,
      company: c.company,
      email: c.email,
      phone: c.phone,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      region: a.province,
      postalCode: a.zip,
      country: a.country,
    },
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    createdAt: isoTime(input.createdAt),
    updatedAt: isoTime(input.updatedAt),
  };
}

export function wmsShipment(input: {
  id: string;
  orderId: string;
  orderReference: string;
  carrier: string;
  trackingNumbers: string[];
  shippedAt: number;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
}): Json {
  return {
    id: input.id,
    orderId: input.orderId,
    orderReference: input.orderReference,
    status: 'confirmed',
    carrier: input.carrier,
    trackingNumbers: input.trackingNumbers,
    shippedAt: isoTime(input.shippedAt),
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    updatedAt: isoTime(input.shippedAt),
  };
}

export function wmsStockLevel(location: string, sku: string, onHand: number, at: number): Json {
  return {
    id: `${location}:${sku}`,
    sku,
    location,
    onHand,
    allocated: 0,
    available: onHand,
    updatedAt: isoTime(at),
  };
}
