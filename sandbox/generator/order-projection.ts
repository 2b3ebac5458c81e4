/**
 * Projects one truth order into Shopify (the order) and Stripe (payment intent, charge, refund),
 * then hands it to NetSuite (and through it the WMS) unless the order is missing there — the
 * missing-order plant, or the order whose item went inactive mid-sync. Each order's awkward case
 * or planted disagreement changes exactly one system's view and is written to the manifest.
 */
import type { GenerationContext } from './generation-context.ts';
import { projectNetSuite } from './netsuite-order-projection.ts';
import type { OrderMark } from './order-builder.ts';
import { accordExternalId, regionOf, shopSystemOf } from './regions.ts';
import { shopifyOrder } from './shapes/shopify-order.ts';
import { stripeCharge, stripePaymentIntent, stripeRefund } from './shapes/stripe-shapes.ts';
import type { TruthOrder } from './truth.ts';
import { orderJson } from './truth-json.ts';

export function projectOrder(ctx: GenerationContext, o: TruthOrder, mark: OrderMark | undefined): void {
  const rng = ctx.rng;
  const region = regionOf(o.region);
  const customer = ctx.customer(o.customerKey);
  const c = o.currency;
  const legacyId = 5_000_000_001 + o.index;
  const orderGid = `gid://shopify/Order/${legacyId}`;
  const orderName = `#${ctx.nextOrderNumber(region.shop.handle)}`;
  const match = accordExternalId(shopSystemOf(region), orderGid);
  const ids: Record<string, string> = { shopify: orderGid, shop: region.shop.domain };
  const refunded = o.refund?.amount ?? 0n;

  // Stripe.
  const viaStripe = o.gateway === 'stripe';
  const pi = viaStripe ? `pi_${ctx.idRng.alphanumeric(24)}` : '';
  const ch = viaStripe ? `ch_${ctx.idRng.alphanumeric(24)}` : '';
  const re = viaStripe && o.refund ? `re_${ctx.idRng.alphanumeric(24)}` : '';
  const refundLegacy = 900_000_001 + o.index;
  const booked = mark !== 'missingOrder' && mark !== 'discontinuedMidSync' && mark !== 'newProductCategory';
  // Once NetSuite holds the order, the storefront stamps the NetSuite customer's internal id on
  // the payment and its refunds (the Stripe Connector for NetSuite's `netsuite_customer_id`
  // convention): it is what books them against that customer in NetSuite.
  const netsuiteCustomer: Record<string, string> =
    booked && customer.ids.netsuite ? { netsuite_customer_id: customer.ids.netsuite } : {};
  const metadata = {
    shopify_order_id: orderGid,
    shopify_order_name: orderName,
    shop: region.shop.domain,
    ...netsuiteCustomer,
  };
  if (viaStripe) {
    const input = {
      paymentIntentId: pi,
      chargeId: ch,
      customerId: customer.ids.stripe ?? null,
      amount: o.total,
      currency: c,
      captured: o.captured,
      refunded,
      createdAt: o.createdAt,
      description: `${region.shop.domain} order ${orderName}`,
      metadata,
      last4: rng.digits(4),
      brand: rng.pick(['visa', 'mastercard', 'amex', 'jcb']),
    };
    ctx.emit('stripe/payment_intents', stripePaymentIntent(input));
    ctx.emit('stripe/charges', stripeCharge(input));
    if (o.refund) {
      ctx.emit(
        'stripe/refunds',
        stripeRefund({
          id: re,
          amount: o.refund.amount,
          chargeId: ch,
          paymentIntentId: pi,
          currency: c,
          at: o.refund.at,
          metadata: { shopify_refund_id: `gid://shopify/Refund/${refundLegacy}`, ...netsuiteCustomer },
        }),
      );
    }
    ids.stripePaymentIntent = pi;
    ids.stripeCharge = ch;
    if (o.captured) ctx.addTotal('stripe.captured', c, o.total);
    if (refunded > 0n) ctx.addTotal('stripe.refunded', c, refunded);
  }

  // Shopify.
  const expectedStatus = !o.captured ? 'AUTHORIZED' : o.refund ? 'PARTIALLY_REFUNDED' : 'PAID';
  const shopifyStatus = mark === 'wrongStatus' ? 'PENDING' : expectedStatus;
  ctx.emit(
    `shopify/${region.shop.handle}/orders`,
    shopifyOrder({
      order: o,
      customer,
      legacyId,
      name: orderName,
      financialStatus: shopifyStatus,
      paymentIntentId: pi,
      refundLegacyId: refundLegacy,
    }),
  );
  ctx.addTotal('shopify.orders', c, o.total);
  if (mark === 'wrongStatus') {
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'wrong-status',
      systems: ['shopify', 'stripe'],
      entity: 'order',
      keys: { shopify: orderGid, stripe: pi, match: orderGid },
      field: 'financialStatus',
      values: { shopify: shopifyStatus, stripe: expectedStatus },
      description: `Shopify ${orderName} says ${shopifyStatus}; Stripe ${pi} succeeded (${expectedStatus})`,
    });
  }

  // NetSuite.
  const missing = !booked;
  if (missing) {
    const line = o.lines[0];
    const item = line ? ctx.catalogue.byKey.get(line.itemKey) : undefined;
    ctx.manifest.disagree({
      kind: mark === 'discontinuedMidSync' ? 'awkward' : 'planted',
      category:
        mark === 'missingOrder'
          ? 'missing-record'
          : mark === 'newProductCategory'
            ? 'new-product-category'
            : 'discontinued-mid-sync',
      systems: ['shopify', 'netsuite'],
      entity: 'salesOrder',
      keys: { shopify: orderGid, match },
      field: 'exists',
      values: { shopify: true, netsuite: false },
      description:
        mark === 'missingOrder'
          ? `Shopify ${orderName} has no NetSuite sales order`
          : mark === 'newProductCategory'
            ? `Shopify ${orderName} sells ${line?.sku}, product type "${item?.productType}", which no NetSuite product category covers yet: the sync parks it for review`
            : `Shopify ${orderName} sells ${line?.sku} which NetSuite made inactive before the order synced`,
    });
  } else {
    projectNetSuite(ctx, o, mark, { orderGid, orderName, match, pi, ids });
  }
  ctx.emit('truth/orders', orderJson(o, ids));
}
