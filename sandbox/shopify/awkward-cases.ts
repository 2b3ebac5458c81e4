import type { OrderBook } from './order-book.ts';
import { orderTotals } from './order-totals.ts';
import { roundTo, sum } from './shop-money.ts';
import type { ShopStore } from './shop-store.ts';

/** The ids of the seeded awkward records, so tests and demos can find each one. */
export interface AwkwardCases {
  locationId: number;
  /** Paid, fulfilled, then one of two units refunded without restock: PARTIALLY_REFUNDED. */
  partialRefundAfterFulfilment: { orderId: number; refundId: number };
  /** Authorised and never captured: AUTHORIZED, nothing received, nothing outstanding captured. */
  authorisedNeverCaptured: { orderId: number };
  /** Paid, then a line added by an order edit: PARTIALLY_PAID with an outstanding balance. */
  editedAfterPayment: { orderId: number };
  /** A guest checkout: no customer record, only an email on the order. */
  guestCheckout: { orderId: number };
  /** A customer with a phone but no email, and their order (order email null). */
  customerWithoutEmail: { customerId: number; orderId: number };
  /** An order whose product was deleted afterwards: line item `product`/`variant` are null. */
  deletedProduct: { orderId: number; productId: number };
  /**
   * 3 × 1.10 with 10% off and 7.5% tax, plus shipping: Shopify taxes and rounds per line
   * (0.99 × 7.5% = 0.07425 → 0.07, three times: 0.21), a system taxing the discounted subtotal
   * gets 2.97 × 7.5% = 0.22275 → 0.22. One cent apart, and neither is wrong.
   */
  roundingCent: { orderId: number; perLineTax: string; totalLevelTax: string };
  /** JPY (0 decimals) and KWD (3 decimals) orders. */
  jpyOrder: { orderId: number };
  kwdOrder: { orderId: number };
}

/**
 * Seeds the awkward cases that break integrations quietly. Every case is built through the same
 * store operations a real shop's history would go through (create, pay, fulfil, edit, refund,
 * delete), so derived statuses and totals come out as Shopify would report them.
 *
 * @example
 *   const cases = seedAwkwardCases(sim.store, sim.book);
 *   await connector.get('order', `gid://shopify/Order/${cases.guestCheckout.orderId}`);
 */
export function seedAwkwardCases(store: ShopStore, book: OrderBook): AwkwardCases {
  const location = store.addLocation('Main warehouse');
  const { variants: mugs } = store.addProduct({
    title: 'Enamel mug',
    variants: [{ sku: 'MUG-ENAMEL', price: '12.50', stock: { [location.id]: 40 } }],
  });
  const ada = store.createCustomer({ email: 'ada@example.test', firstName: 'Ada', lastName: 'Lovelace' })
    .customer!;

  const fulfilled = book.create({
    customerId: ada.id,
    lines: [
      { title: 'Enamel mug', quantity: 2, unitPrice: '12.50', variantId: mugs[0]!.id, taxRate: '0.08' },
    ],
    shipping: { title: 'Standard', price: '5.00' },
    fulfilled: true,
  });
  const refund = book.refund(fulfilled, {
    note: 'One mug arrived chipped',
    lines: [{ lineItemId: fulfilled.lineItems[0]!.id, quantity: 1, restockType: 'NO_RESTOCK' }],
    transactions: [{ amount: '13.50', gateway: 'shopify_payments' }],
  }).refund!;

  const authorised = book.create({
    customerId: ada.id,
    lines: [{ title: 'Enamel mug', quantity: 1, unitPrice: '12.50', variantId: mugs[0]!.id }],
    payment: 'authorize',
  });

  const edited = book.create({
    customerId: ada.id,
    lines: [{ title: 'Enamel mug', quantity: 1, unitPrice: '12.50' }],
  });
  book.addLine(edited, { title: 'Gift wrap', quantity: 1, unitPrice: '3.00' });

  const guest = book.create({
    customerId: null,
    email: 'guest-buyer@example.test',
    lines: [{ title: 'Enamel mug', quantity: 1, unitPrice: '12.50' }],
  });

  const noEmail = store.createCustomer({ firstName: 'Grace', lastName: 'Hopper', phone: '+14155550100' })
    .customer!;
  const noEmailOrder = book.create({
    customerId: noEmail.id,
    lines: [{ title: 'Enamel mug', quantity: 1, unitPrice: '12.50' }],
  });

  const { product: teapot, variants: teapots } = store.addProduct({
    title: 'Discontinued teapot',
    variants: [{ sku: 'TEAPOT-OLD', price: '30.00', stock: { [location.id]: 1 } }],
  });
  const teapotOrder = book.create({
    customerId: ada.id,
    lines: [{ title: 'Discontinued teapot', quantity: 1, unitPrice: '30.00', variantId: teapots[0]!.id }],
  });
  store.deleteProduct(teapot.id);

  const rounding = book.create({
    customerId: ada.id,
    lines: [
      { title: 'Sticker A', quantity: 1, unitPrice: '1.10', taxRate: '0.075' },
      { title: 'Sticker B', quantity: 1, unitPrice: '1.10', taxRate: '0.075' },
      { title: 'Sticker C', quantity: 1, unitPrice: '1.10', taxRate: '0.075' },
    ],
    discount: { code: 'TENOFF', percentage: '10' },
    shipping: { title: 'Letter', price: '0.99' },
  });

  const jpy = book.create({
    currency: 'JPY',
    email: 'tokyo@example.test',
    lines: [{ title: 'Tenugui', quantity: 3, unitPrice: '1200', taxRate: '0.10' }],
  });
  const kwd = book.create({
    currency: 'KWD',
    email: 'kuwait@example.test',
    lines: [{ title: 'Dates box', quantity: 2, unitPrice: '4.125', taxRate: '0.05' }],
  });

  return {
    locationId: location.id,
    partialRefundAfterFulfilment: { orderId: fulfilled.id, refundId: refund.id },
    authorisedNeverCaptured: { orderId: authorised.id },
    editedAfterPayment: { orderId: edited.id },
    guestCheckout: { orderId: guest.id },
    customerWithoutEmail: { customerId: noEmail.id, orderId: noEmailOrder.id },
    deletedProduct: { orderId: teapotOrder.id, productId: teapot.id },
    roundingCent: {
      orderId: rounding.id,
      perLineTax: sum(rounding.lineItems.flatMap((l) => l.taxLines.map((t) => t.amount))).toFixed(2),
      totalLevelTax: roundTo(orderTotals(rounding).subtotal.times('0.075'), 2).toFixed(2),
    },
    jpyOrder: { orderId: jpy.id },
    kwdOrder: { orderId: kwd.id },
  };
}
