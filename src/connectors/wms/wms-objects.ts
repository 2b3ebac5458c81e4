/**
 * What the WMS REST API offers per object type: its path, which fields can be searched (and by
 * which query parameter), the external-id field, and the field schema reported to drift
 * detection. The API has no schema endpoint, so the schema is this description of API v1 plus
 * live configuration (the warehouse's locations).
 *
 * @example
 *   WMS_OBJECTS.order.filters['recipient.email'] // 'email'
 */
import type { FieldSchema, SystemSchema } from '../connector.ts';

export type WmsObjectType = 'order' | 'shipment' | 'stockLevel';

export interface WmsObject {
  path: string;
  /** Field holding Accord's external id, when the object has one. */
  externalIdField?: string;
  /** The query parameter for the external id. */
  externalIdFilter?: string;
  /** Searchable field → query parameter. */
  filters: Record<string, string>;
  fields: FieldSchema[];
}

const f = (name: string, type: string, required = false, enumValues?: readonly string[]): FieldSchema => ({
  name,
  type,
  required,
  custom: false,
  ...(enumValues ? { enumValues } : {}),
});

export const ORDER_STATUSES = ['received', 'allocated', 'picking', 'shipped', 'cancelled'] as const;
export const SHIPPING_METHODS = ['ground', 'express', '2day', 'freight'] as const;

export const WMS_OBJECTS: Record<WmsObjectType, WmsObject> = {
  order: {
    path: '/v1/orders',
    externalIdField: 'reference',
    externalIdFilter: 'reference',
    filters: { reference: 'reference', 'recipient.email': 'email', status: 'status' },
    fields: [
      f('id', 'string', true),
      f('reference', 'string', true),
      f('status', 'enum', true, ORDER_STATUSES),
      f('shippingMethod', 'enum', false, SHIPPING_METHODS),
      f('recipient.name', 'string', true),
      f('recipient.email', 'email'),
      f('recipient.address1', 'string', true),
      f('recipient.address2', 'string'),
      f('recipient.city', 'string', true),
      f('recipient.postalCode', 'string', true),
      f('recipient.country', 'string', true),
      f('lines', 'lines:{sku,quantity}', true),
      f('createdAt', 'datetime', true),
      f('updatedAt', 'datetime', true),
    ],
  },
  shipment: {
    path: '/v1/shipments',
    filters: { orderReference: 'order_reference', trackingNumbers: 'tracking_number' },
    fields: [
      f('id', 'string', true),
      f('orderId', 'string', true),
      f('orderReference', 'string', true),
      f('status', 'enum', true, ['confirmed', 'in_transit', 'delivered']),
      f('carrier', 'string', true),
      f('trackingNumbers', 'string[]', true),
      f('shippedAt', 'datetime', true),
      f('lines', 'lines:{sku,quantity,lot?}', true),
      f('updatedAt', 'datetime', true),
    ],
  },
  stockLevel: {
    path: '/v1/inventory/levels',
    filters: { sku: 'sku', location: 'location' },
    fields: [
      f('id', 'string', true),
      f('sku', 'string', true),
      f('location', 'string', true),
      f('onHand', 'integer', true),
      f('allocated', 'integer', true),
      f('available', 'integer', true),
      f('updatedAt', 'datetime', true),
    ],
  },
};

export function wmsSchema(configuration: { locations: readonly string[] }): SystemSchema {
  return {
    kind: 'wms',
    apiVersion: 'v1',
    objects: Object.entries(WMS_OBJECTS).map(([name, o]) => ({ name, custom: false, fields: o.fields })),
    configuration: { locations: configuration.locations },
  };
}
