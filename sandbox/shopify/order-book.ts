import { minorUnitsOf } from '../../src/model/currencies.ts';
import { allocate, lineNet, orderTotals } from './order-totals.ts';
import { dec, roundTo, sum } from './shop-money.ts';
import type {
  DiscountApplicationRow,
  LineItemRow,
  OrderRow,
  RefundLineItemRow,
  RefundRow,
  ShippingLineRow,
  TransactionRow,
} from './shop-rows.ts';
import type { ShopStore, UserErrorRow } from './shop-store.ts';

/** What a seed or scenario says an order holds; the book computes amounts as Shopify does. */
export interface OrderSpec {
  customerId?: number | null;
  email?: string | null;
  currency?: string;
  lines: {
    title: string;
    sku?: string;
    quantity: number;
    unitPrice: string;
    variantId?: number;
    /** Tax rate as a decimal string (`"0.075"`); applied to the discounted line total. */
    taxRate?: string;
  }[];
  /** An order-level discount: a fixed amount or a percentage, allocated across the lines. */
  discount?: { code: string; fixed?: string; percentage?: string };
  shipping?: { title: string; price: string; taxRate?: string };
  /** `authorize` holds an authorisation; `sale` captures at once; `none` leaves it pending. */
  payment?: 'authorize' | 'sale' | 'none';
  gateway?: string;
  fulfilled?: boolean;
  taxTitle?: string;
}

/**
 * Orders and their money: builds orders from specs (discount allocated across lines, tax computed
 * and rounded per line — the source of the famous one-cent difference with a system that taxes
 * the total), derives Shopify's display statuses from transactions, and applies captures, edits
 * and refunds.
 */
export class OrderBook {
  private orderNumber = 1000;

  constructor(private readonly store: ShopStore) {}

  create(spec: OrderSpec): OrderRow {
    const s = this.store;
    const currency = spec.currency ?? s.currency;
    const places = minorUnitsOf(currency);
    const now = s.now();
    const customer = spec.customerId ? s.customers.get(spec.customerId) : undefined;
    const lines: LineItemRow[] = spec.lines.map((l) => {
      const variant = l.variantId ? s.variants.get(l.variantId) : undefined;
      return {
        id: s.nextId('LineItem'),
        title: l.title,
        variantTitle: variant?.title ?? null,
        sku: l.sku ?? variant?.sku ?? null,
        quantity: l.quantity,
        productId: variant?.productId ?? null,
        variantId: variant?.id ?? null,
        unitPrice: l.unitPrice,
        discountAllocations: [],
        taxLines: [],
        taxable: Boolean(l.taxRate),
        fulfilledQuantity: spec.fulfilled ? l.quantity : 0,
      };
    });
    const applications: DiscountApplicationRow[] = [];
    if (spec.discount) {
      const { code, fixed, percentage } = spec.discount;
      applications.push({
        index: 0,
        kind: 'code',
        label: code,
        allocationMethod: 'ACROSS',
        targetType: 'LINE_ITEM',
        valueType: fixed ? 'fixed' : 'percentage',
        value: fixed ?? percentage ?? '0',
      });
      const gross = lines.map((l) => dec(l.unitPrice).times(l.quantity));
      const grossTotal = gross.reduce((a, b) => a.plus(b), dec('0'));
      const discountTotal = fixed
        ? dec(fixed)
        : roundTo(grossTotal.times(dec(percentage ?? '0')).dividedBy(100), places);
      allocate(discountTotal, gross, places).forEach((amount, i) => {
        lines[i]!.discountAllocations.push({ applicationIndex: 0, amount: amount.toFixed(places) });
      });
    }
    spec.lines.forEach((l, i) => {
      if (!l.taxRate) return;
      const line = lines[i]!;
      const tax = roundTo(lineNet(line).times(dec(l.taxRate)), places);
      line.taxLines.push({
        title: spec.taxTitle ?? 'Sales tax',
        rate: l.taxRate,
        amount: tax.toFixed(places),
      });
    });
    const shippingLines: ShippingLineRow[] = [];
    if (spec.shipping) {
      const price = dec(spec.shipping.price);
      const taxLines = spec.shipping.taxRate
        ? [
            {
              title: spec.taxTitle ?? 'Sales tax',
              rate: spec.shipping.taxRate,
              amount: roundTo(price.times(dec(spec.shipping.taxRate)), places).toFixed(places),
            },
          ]
        : [];
      shippingLines.push({
        id: s.nextId('ShippingLine'),
        title: spec.shipping.title,
        code: spec.shipping.title,
        price: spec.shipping.price,
        discountedPrice: spec.shipping.price,
        taxLines,
      });
    }
    this.orderNumber += 1;
    const order: OrderRow = {
      id: s.nextId('Order'),
      number: this.orderNumber,
      name: `#${this.orderNumber}`,
      email: spec.email === undefined ? (customer?.email ?? null) : spec.email,
      phone: customer?.phone ?? null,
      customerId: customer?.id ?? null,
      currency,
      createdAt: now,
      updatedAt: now,
      processedAt: now,
      cancelledAt: null,
      closedAt: null,
      note: null,
      tags: [],
      test: false,
      edited: false,
      taxesIncluded: false,
      lineItems: lines,
      shippingLines,
      discountApplications: applications,
      transactions: [],
      refunds: [],
      fulfillments: spec.fulfilled
        ? [{ id: s.nextId('Fulfillment'), status: 'SUCCESS', createdAt: now, updatedAt: now }]
        : [],
    };
    const total = orderTotals(order).totalPrice.toFixed(places);
    const payment = spec.payment ?? 'sale';
    if (payment !== 'none') {
      order.transactions.push(
        this.transaction(
          payment === 'authorize' ? 'AUTHORIZATION' : 'SALE',
          total,
          null,
          spec.gateway ?? 'shopify_payments',
        ),
      );
    }
    s.orders.set(order.id, order);
    s.emit({ topic: 'orders/create', resource: 'order', id: order.id });
    return order;
  }

  transaction(
    kind: TransactionRow['kind'],
    amount: string,
    parentId: number | null,
    gateway = 'shopify_payments',
  ): TransactionRow {
    const now = this.store.now();
    return {
      id: this.store.nextId('OrderTransaction'),
      kind,
      status: 'SUCCESS',
      gateway,
      amount,
      createdAt: now,
      parentId,
      authorizationExpiresAt: kind === 'AUTHORIZATION' ? now + 7 * 24 * 3600_000 : null,
      test: false,
    };
  }

  touch(order: OrderRow, topic = 'orders/updated'): void {
    order.updatedAt = this.store.now();
    this.store.emit({ topic, resource: 'order', id: order.id });
  }

  /** Captures (part of) an authorisation. */
  capture(
    order: OrderRow,
    parentId: number,
    amount: string,
  ): { transaction?: TransactionRow; userErrors: UserErrorRow[] } {
    const parent = order.transactions.find((t) => t.id === parentId && t.kind === 'AUTHORIZATION');
    if (!parent)
      return {
        userErrors: [{ field: ['parentTransactionId'], message: 'Parent transaction does not exist' }],
      };
    const captured = sum(
      order.transactions.filter((t) => t.parentId === parentId && t.kind === 'CAPTURE').map((t) => t.amount),
    );
    if (captured.plus(amount).greaterThan(parent.amount)) {
      return { userErrors: [{ field: ['amount'], message: 'Amount exceeds the authorized amount' }] };
    }
    const transaction = this.transaction('CAPTURE', amount, parentId, parent.gateway);
    order.transactions.push(transaction);
    this.touch(order);
    return { transaction, userErrors: [] };
  }

  /** An order edit after payment: adds a line, so the customer now owes the difference. */
  addLine(
    order: OrderRow,
    line: { title: string; quantity: number; unitPrice: string; taxRate?: string },
  ): void {
    const places = minorUnitsOf(order.currency);
    const row: LineItemRow = {
      id: this.store.nextId('LineItem'),
      title: line.title,
      variantTitle: null,
      sku: null,
      quantity: line.quantity,
      productId: null,
      variantId: null,
      unitPrice: line.unitPrice,
      discountAllocations: [],
      taxLines: [],
      taxable: Boolean(line.taxRate),
      fulfilledQuantity: 0,
    };
    if (line.taxRate) {
      row.taxLines.push({
        title: 'Sales tax',
        rate: line.taxRate,
        amount: roundTo(lineNet(row).times(dec(line.taxRate)), places).toFixed(places),
      });
    }
    order.lineItems.push(row);
    order.edited = true;
    this.touch(order);
  }

  /** Refunds line quantities (with their tax) and/or shipping, paying back through `transactions`. */
  refund(order: OrderRow, input: RefundInputRow): { refund?: RefundRow; userErrors: UserErrorRow[] } {
    const places = minorUnitsOf(order.currency);
    const items: RefundLineItemRow[] = [];
    for (const r of input.lines) {
      const line = order.lineItems.find((l) => l.id === r.lineItemId);
      if (!line)
        return {
          userErrors: [{ field: ['refundLineItems', 'lineItemId'], message: 'Line item does not exist' }],
        };
      const already = order.refunds
        .flatMap((x) => x.lineItems)
        .filter((x) => x.lineItemId === line.id)
        .reduce((a, x) => a + x.quantity, 0);
      if (r.quantity <= 0 || already + r.quantity > line.quantity) {
        return {
          userErrors: [
            {
              field: ['refundLineItems', 'quantity'],
              message: 'Quantity cannot refund more items than were purchased',
            },
          ],
        };
      }
      const unitNet = lineNet(line).dividedBy(line.quantity);
      const lineTax = sum(line.taxLines.map((t) => t.amount));
      items.push({
        id: this.store.nextId('RefundLineItem'),
        lineItemId: line.id,
        quantity: r.quantity,
        restockType: r.restockType ?? 'NO_RESTOCK',
        unitPrice: roundTo(unitNet, places).toFixed(places),
        subtotal: roundTo(unitNet.times(r.quantity), places).toFixed(places),
        totalTax: roundTo(lineTax.times(r.quantity).dividedBy(line.quantity), places).toFixed(places),
      });
    }
    const { received, refunded } = orderTotals(order);
    const requested = sum(input.transactions.map((t) => t.amount));
    if (requested.greaterThan(received.minus(refunded))) {
      return {
        userErrors: [
          {
            field: ['transactions', 'amount'],
            message: 'Refund amount exceeds the amount that can be refunded',
          },
        ],
      };
    }
    const now = this.store.now();
    const parent = order.transactions.find(
      (t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS',
    );
    const transactions = input.transactions.map((t) =>
      this.transaction('REFUND', dec(t.amount).toFixed(places), parent?.id ?? null, t.gateway),
    );
    const refund: RefundRow = {
      id: this.store.nextId('Refund'),
      orderId: order.id,
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
      lineItems: items,
      shippingAmount: dec(input.shippingAmount ?? '0').toFixed(places),
      transactionIds: transactions.map((t) => t.id),
    };
    order.transactions.push(...transactions);
    order.refunds.push(refund);
    this.store.emit({ topic: 'refunds/create', resource: 'refund', id: refund.id, parentId: order.id });
    this.touch(order);
    return { refund, userErrors: [] };
  }
}

export interface RefundInputRow {
  note?: string | null;
  lines: { lineItemId: number; quantity: number; restockType?: RefundLineItemRow['restockType'] }[];
  shippingAmount?: string;
  transactions: { amount: string; gateway: string }[];
}
