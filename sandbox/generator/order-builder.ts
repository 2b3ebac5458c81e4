/**
 * Builds each order of the truth model: who (Zipf over buyers: a few customers place most
 * orders), what (items on sale that season), and the exact money — line prices, a discount split
 * over lines with Money.allocate, tax per line, shipping — in integer minor units. Orders chosen
 * for an awkward case get that case's shape (three lines of 33.33, a KWD third decimal, a JPY
 * half-yen tax…); orders chosen for a planted disagreement are ordinary here and are altered only
 * in one system's projection.
 *
 * @example
 *   const builder = new OrderBuilder(rng, catalogue, customers, plan);
 *   const order = builder.build(0, Date.UTC(2026, 0, 31, 12));
 */
import type { Catalogue } from './catalogue.ts';
import { allocateMinor, mulDivRound } from './minor-units.ts';
import { PERIOD, REGIONS, type Region, regionOf } from './regions.ts';
import { type Rng, ZipfSampler } from './rng.ts';
import type { TruthCustomer, TruthItem, TruthLine, TruthOrder } from './truth.ts';

const FLAT_SHIPPING: Record<Region['key'], { fee: bigint; freeOver: bigint }> = {
  us: { fee: 795n, freeOver: 15000n },
  eu: { fee: 590n, freeOver: 12000n },
  uk: { fee: 499n, freeOver: 10000n },
  jp: { fee: 800n, freeOver: 15000n },
  kw: { fee: 1500n, freeOver: 40000n },
};

/** Order-level case or plant chosen for an order index (at most one per order). */
export type OrderMark =
  | 'partialRefund'
  | 'uncapturedMarkedPaid'
  | 'discontinuedMidSync'
  | 'kwdThirdDecimal'
  | 'jpyNoDecimals'
  | 'roundingTrap'
  | 'clockSkew'
  | 'missingOrder'
  | 'differentTotal'
  | 'wrongStatus'
  | 'duplicateInvoice'
  | 'newProductCategory';

/** The region an order mark needs its customer in, when it needs one. */
const MARK_REGION: Partial<Record<OrderMark, Region['key']>> = {
  kwdThirdDecimal: 'kw',
  jpyNoDecimals: 'jp',
  roundingTrap: 'uk',
  // The shop the example contract's `shopify` system is: the order must be one its flow reads.
  newProductCategory: 'us',
};

export class OrderBuilder {
  private readonly zipf: ZipfSampler;
  private readonly buyers: TruthCustomer[];
  private readonly buyersByRegion: Map<Region['key'], TruthCustomer[]>;
  private nextMidSyncItem = 0;
  private nextNewTypeItem = 0;

  constructor(
    private readonly rng: Rng,
    private readonly catalogue: Catalogue,
    customers: readonly TruthCustomer[],
    private readonly marks: ReadonlyMap<number, OrderMark>,
    private readonly midSyncItems: readonly TruthItem[],
    private readonly newTypeItems: readonly TruthItem[] = [],
  ) {
    this.buyers = customers.filter((c) => c.buyer);
    if (this.buyers.length === 0) throw new Error('the business has no buyers; raise the scale');
    this.zipf = new ZipfSampler(this.buyers.length);
    this.buyersByRegion = new Map(REGIONS.map((r) => [r.key, this.buyers.filter((c) => c.region === r.key)]));
  }

  build(index: number, scheduledAt: number): TruthOrder {
    const rng = this.rng;
    const mark = this.marks.get(index);
    const forcedRegion = mark ? MARK_REGION[mark] : undefined;
    const pool = forcedRegion ? (this.buyersByRegion.get(forcedRegion) ?? []) : undefined;
    if (pool && pool.length === 0) throw new Error(`no buyer in region ${forcedRegion} for the ${mark} case`);
    const customer = pool ? rng.pick(pool) : this.buyers[this.zipf.sample(rng)]!;
    const region = regionOf(customer.region);
    // A mid-sync order is placed minutes before its item goes inactive in NetSuite (at end − 10 min).
    // A new-category order is the shop's latest: placed 20 minutes before the period ends.
    const createdAt =
      mark === 'discontinuedMidSync'
        ? PERIOD.end - 30 * 60_000 - (this.nextMidSyncItem % 10) * 60_000
        : mark === 'newProductCategory'
          ? PERIOD.end - 20 * 60_000 + (this.nextNewTypeItem % 10) * 60_000
          : scheduledAt;
    const taxRateBps = region.key === 'eu' ? this.euRate(customer) : region.taxRateBps;

    let lines: TruthLine[];
    let discountPercent = 0n;
    let freeShipping = false;
    if (mark === 'roundingTrap') {
      // Three lines of 33.33 at 20% VAT: tax per line 6.666 → 6.67 (sum 20.01); on the
      // subtotal 99.99 × 20% = 19.998 → 20.00. Shopify taxes per line, NetSuite on the total.
      lines = this.pickItems(createdAt, 3).map((item) => this.line(item, 1, 3333n));
      freeShipping = true;
    } else if (mark === 'kwdThirdDecimal') {
      const [item] = this.pickItems(createdAt, 1);
      lines = [this.line(item!, 1, 12_345n + BigInt(rng.int(0, 8)) * 1000n)];
    } else if (mark === 'jpyNoDecimals') {
      // ¥x,xx5 at 10%: the tax lands on half a yen (123.5) and is rounded half-up to whole yen.
      const [item] = this.pickItems(createdAt, 1);
      lines = [this.line(item!, 1, BigInt(rng.int(100, 300)) * 10n + 5n)];
    } else if (mark === 'discontinuedMidSync') {
      const item = this.midSyncItems[this.nextMidSyncItem++ % this.midSyncItems.length]!;
      lines = [this.line(item, 1, item.prices[region.key])];
    } else if (mark === 'newProductCategory') {
      const item = this.newTypeItems[this.nextNewTypeItem++ % this.newTypeItems.length];
      if (!item) throw new Error('a new-product-category order needs an item of the new product type');
      lines = [this.line(item, 1, item.prices[region.key])];
    } else {
      const count = mark === 'partialRefund' ? rng.int(2, 4) : rng.pick([1, 1, 1, 2, 2, 3, 4]);
      lines = this.pickItems(createdAt, count).map((item) => {
        const roll = rng.int(0, 9);
        const quantity = roll < 7 ? 1 : roll < 9 ? 2 : rng.int(3, 5);
        return this.line(item, quantity, item.prices[region.key]);
      });
      // KWD prices sit on 10 fils (Stripe's rule); a percentage discount would break that.
      if (region.key !== 'kw' && rng.chance(0.12)) discountPercent = rng.chance(0.5) ? 10n : 15n;
    }

    const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * BigInt(l.quantity), 0n);
    const discountTotal = mulDivRound(subtotal, discountPercent, 100n);
    if (discountTotal > 0n) {
      const shares = allocateMinor(
        discountTotal,
        lines.map((l) => l.unitPrice * BigInt(l.quantity)),
        region.currency,
      );
      lines.forEach((l, i) => {
        l.discount = shares[i] ?? 0n;
      });
    }
    for (const l of lines)
      l.tax = mulDivRound(l.unitPrice * BigInt(l.quantity) - l.discount, BigInt(taxRateBps), 10_000n);
    const flat = FLAT_SHIPPING[region.key];
    const shipping = freeShipping || subtotal - discountTotal >= flat.freeOver ? 0n : flat.fee;
    const shippingTax = mulDivRound(shipping, BigInt(taxRateBps), 10_000n);
    const taxTotal = lines.reduce((sum, l) => sum + l.tax, 0n) + shippingTax;
    const total = subtotal - discountTotal + taxTotal + shipping;
    const recent = createdAt > PERIOD.end - 2 * 86_400_000;
    const captured = mark !== 'uncapturedMarkedPaid';
    const order: TruthOrder = {
      key: `O${String(index + 1).padStart(8, '0')}`,
      index,
      customerKey: customer.key,
      region: region.key,
      currency: region.currency,
      createdAt,
      lines,
      shipping,
      shippingTax,
      subtotal,
      discountTotal,
      discount:
        discountPercent > 0n ? { code: `SAVE${discountPercent}`, percent: Number(discountPercent) } : null,
      taxTotal,
      total,
      taxRateBps,
      gateway: mark === 'kwdThirdDecimal' ? 'manual' : 'stripe',
      captured,
      refund: null,
      fulfilled:
        captured &&
        mark !== 'discontinuedMidSync' &&
        mark !== 'missingOrder' &&
        mark !== 'newProductCategory' &&
        (recent ? rng.chance(0.4) : rng.chance(0.97)),
      cases: mark && !isPlant(mark) ? [mark] : [],
    };
    if (mark === 'partialRefund') order.refund = this.partialRefund(order);
    return order;
  }

  private euRate(customer: TruthCustomer): number {
    const rates: Record<string, number> = { DE: 1900, DK: 2500, PL: 2300, GR: 2400, FR: 2000 };
    return rates[customer.address.country] ?? 1900;
  }

  private pickItems(time: number, count: number): TruthItem[] {
    const onSale = this.catalogue.activeAt(time);
    if (onSale.length === 0) throw new Error(`no item on sale at ${new Date(time).toISOString()}`);
    const picked = this.rng.sample(onSale.length, Math.min(count, onSale.length)).map((i) => onSale[i]!);
    return picked;
  }

  private line(item: TruthItem, quantity: number, unitPrice: bigint): TruthLine {
    return { itemKey: item.key, sku: item.sku, title: item.name, quantity, unitPrice, discount: 0n, tax: 0n };
  }

  /** Refunds one unit of the first line with two or more units, or the whole of the last line. */
  private partialRefund(order: TruthOrder): NonNullable<TruthOrder['refund']> {
    const lineIndex = Math.max(
      0,
      order.lines.findIndex((l) => l.quantity >= 2),
    );
    const line =
      order.lines[
        order.lines.length >= 2 && order.lines[lineIndex]!.quantity < 2 ? order.lines.length - 1 : lineIndex
      ]!;
    const index = order.lines.indexOf(line);
    const quantity = line.quantity >= 2 ? 1 : line.quantity;
    const units = Array.from({ length: line.quantity }, () => 1n);
    const sum = (parts: bigint[]) => parts.slice(0, quantity).reduce((a, b) => a + b, 0n);
    const net = sum(
      allocateMinor(line.unitPrice * BigInt(line.quantity) - line.discount, units, order.currency),
    );
    const tax = sum(allocateMinor(line.tax, units, order.currency));
    return {
      amount: net + tax,
      lines: [{ lineIndex: index, quantity, net, tax }],
      at: order.createdAt + 3 * 86_400_000,
    };
  }
}

const PLANTS: ReadonlySet<OrderMark> = new Set([
  'missingOrder',
  'differentTotal',
  'wrongStatus',
  'duplicateInvoice',
  'newProductCategory',
]);

export function isPlant(mark: OrderMark): boolean {
  return PLANTS.has(mark);
}
