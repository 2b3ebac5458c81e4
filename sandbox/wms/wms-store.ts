/**
 * The WMS simulator's data: outbound orders it received, shipments it confirmed, stock per SKU and
 * location. Seeded and deterministic, with the awkward cases a 3PL produces: a split shipment
 * (two shipments for one order), a lot-tracked line, a SKU out of stock at one location.
 *
 * @example
 *   const store = new WmsStore({ seed: 7 });
 *   store.confirmShipment({ orderReference: 'SO-1001', carrier: 'UPS', trackingNumbers: ['1Z…'] });
 */
import { randomUUID } from 'node:crypto';

export const ORDER_STATUSES = ['received', 'allocated', 'picking', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const SHIPMENT_STATUSES = ['confirmed', 'in_transit', 'delivered'] as const;

export interface Recipient {
  name: string;
  email?: string | undefined;
  address1: string;
  address2?: string | undefined;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface WmsOrder {
  id: string;
  reference: string;
  status: OrderStatus;
  shippingMethod: string;
  recipient: Recipient;
  lines: OrderLine[];
  createdAt: string;
  updatedAt: string;
}

export interface ShipmentLine {
  sku: string;
  quantity: number;
  lot?: string | undefined;
}

export interface WmsShipment {
  id: string;
  orderId: string;
  orderReference: string;
  status: (typeof SHIPMENT_STATUSES)[number];
  carrier: string;
  trackingNumbers: string[];
  shippedAt: string;
  lines: ShipmentLine[];
  updatedAt: string;
}

export interface StockLevel {
  id: string;
  sku: string;
  location: string;
  onHand: number;
  allocated: number;
  available: number;
  updatedAt: string;
}

export const LOCATIONS = ['RNO1', 'PHL2'] as const;

export class WmsStore {
  readonly orders = new Map<string, WmsOrder>();
  readonly shipments = new Map<string, WmsShipment>();
  readonly stock = new Map<string, StockLevel>();
  private clock: number;
  private sequence = 1000;

  constructor(options: { seed?: number; now?: number } = {}) {
    this.clock = options.now ?? Date.parse('2026-11-01T08:00:00.000Z');
    this.seed(options.seed ?? 1);
  }

  /** A strictly increasing instant, so `updated_since` paging is deterministic. */
  tick(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_${this.sequence}${randomUUID().slice(0, 4)}`;
  }

  orderByReference(reference: string): WmsOrder | undefined {
    for (const order of this.orders.values()) if (order.reference === reference) return order;
    return undefined;
  }

  /** Confirms a shipment for an order (all its lines unless given), as a warehouse floor would. */
  confirmShipment(input: {
    orderReference: string;
    carrier: string;
    trackingNumbers: string[];
    lines?: ShipmentLine[] | undefined;
  }): WmsShipment {
    const order = this.orderByReference(input.orderReference);
    if (!order) throw new Error(`no order with reference ${input.orderReference}`);
    const at = this.tick();
    const shipment: WmsShipment = {
      id: this.nextId('shp'),
      orderId: order.id,
      orderReference: order.reference,
      status: 'confirmed',
      carrier: input.carrier,
      trackingNumbers: input.trackingNumbers,
      shippedAt: at,
      lines: input.lines ?? order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      updatedAt: at,
    };
    this.shipments.set(shipment.id, shipment);
    order.status = 'shipped';
    order.updatedAt = this.tick();
    for (const line of shipment.lines) this.adjustStock(line.sku, LOCATIONS[0], -line.quantity);
    return shipment;
  }

  adjustStock(sku: string, location: string, delta: number): StockLevel {
    const id = `${location}:${sku}`;
    const level = this.stock.get(id) ?? {
      id,
      sku,
      location,
      onHand: 0,
      allocated: 0,
      available: 0,
      updatedAt: '',
    };
    level.onHand = Math.max(0, level.onHand + delta);
    level.available = Math.max(0, level.onHand - level.allocated);
    level.updatedAt = this.tick();
    this.stock.set(id, level);
    return level;
  }

  private seed(seed: number): void {
    const skus = ['SKU-RED-S', 'SKU-RED-M', 'SKU-BLUE-M', 'SKU-MUG', 'SKU-LOT-VAX'];
    skus.forEach((sku, i) => {
      for (const location of LOCATIONS) {
        // SKU-MUG is out of stock at PHL2: a realistic zero row rather than a missing one.
        const onHand = sku === 'SKU-MUG' && location === 'PHL2' ? 0 : 40 + ((i * 17 + seed) % 60);
        this.adjustStock(sku, location, onHand);
      }
    });
    const recipient = (n: number): Recipient => ({
      name: `Seed Customer ${n}`,
      ...(n === 2 ? {} : { email: `seed${n}@example.test` }), // order 2: the customer with no email
      address1: `${n} Market Street`,
      city: 'Philadelphia',
      postalCode: '19103',
      country: 'US',
    });
    for (let n = 1; n <= 4; n++) {
      const at = this.tick();
      const order: WmsOrder = {
        id: this.nextId('ord'),
        reference: `SEED-${n}`,
        status: 'received',
        shippingMethod: 'ground',
        recipient: recipient(n),
        lines: [
          { sku: skus[n % skus.length]!, quantity: n },
          { sku: 'SKU-LOT-VAX', quantity: 1 },
        ],
        createdAt: at,
        updatedAt: at,
      };
      this.orders.set(order.id, order);
    }
    this.confirmShipment({
      orderReference: 'SEED-1',
      carrier: 'UPS',
      trackingNumbers: ['1Z999AA10123456784'],
      lines: [
        { sku: 'SKU-RED-M', quantity: 1 },
        { sku: 'SKU-LOT-VAX', quantity: 1, lot: 'LOT-2026-11A' },
      ],
    });
    // A split shipment: the same order leaves in two boxes with two carriers.
    this.confirmShipment({
      orderReference: 'SEED-3',
      carrier: 'USPS',
      trackingNumbers: ['9400111899223344556677'],
      lines: [{ sku: 'SKU-MUG', quantity: 2 }],
    });
    this.confirmShipment({
      orderReference: 'SEED-3',
      carrier: 'FedEx',
      trackingNumbers: ['794611111111', '794622222222'],
      lines: [
        { sku: 'SKU-MUG', quantity: 1 },
        { sku: 'SKU-LOT-VAX', quantity: 1, lot: 'LOT-2026-11B' },
      ],
    });
  }
}
