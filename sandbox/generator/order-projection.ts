/**
 * Projects one truth order into Shopify (the order), Stripe (payment intent, charge, refund),
 * NetSuite (sales order, invoice, customer payment, credit memo) and the WMS (outbound order,
 * shipment) — and applies the order's awkward case or planted disagreement to exactly one
 * system's view, recording it in the manifest.
 */
import type { GenerationContext } from './generation-context.ts';
import { minBigInt, minorToDecimal } from './minor-units.ts';
import type { OrderMark } from './order-builder.ts';
import { PERIOD, regionOf } from './regions.ts';
import { roundingTrapNetSuiteTax } from './rounding-trap.ts';
import {
  netSuitePayment,
  netSuiteText,
  netSuiteTransaction,
  netSuiteUnits,
} from './shapes/netsuite-shapes.ts';
import { shopifyOrder } from './shapes/shopify-order.ts';
import { stripeCharge, stripePaymentIntent, stripeRefund } from './shapes/stripe-shapes.ts';
import { wmsOrder, wmsShipment } from './shapes/wms-shapes.ts';
import type { TruthOrder } from './truth.ts';
import { orderJson } from './truth-json.ts';

const CARRIERS = { us: 'UPS', eu: 'DHL', uk: 'Royal Mail', jp: 'Japan Post', kw: 'Aramex' } as const;

export function projectOrder(ctx: GenerationContext, o: TruthOrder, mark: OrderMark | undefined): void {
  const rng = ctx.rng;
  const region = regionOf(o.region);
  const customer = ctx.customer(o.customerKey);
  const c = o.currency;
  const legacyId = 5_000_000_001 + o.index;
  const orderGid = `gid://shopify/Order/${legacyId}`;
  const orderName = `#${ctx.nextOrderNumber(region.shop.handle)}`;
  const match = `shopify-order-${legacyId}`;
  const ids: Record<string, string> = { shopify: orderGid, shop: region.shop.domain };
  const refunded = o.refund?.amount ?? 0n;

  // Stripe.
  const viaStripe = o.gateway === 'stripe';
  const pi = viaStripe ? `pi_${ctx.idRng.alphanumeric(24)}` : '';
  const ch = viaStripe ? `ch_${ctx.idRng.alphanumeric(24)}` : '';
  const re = viaStripe && o.refund ? `re_${ctx.idRng.alphanumeric(24)}` : '';
  const refundLegacy = 900_000_001 + o.index;
  const metadata = { shopify_order_id: orderGid, shopify_order_name: orderName, shop: region.shop.domain };
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
          metadata: { shopify_refund_id: `gid://shopify/Refund/${refundLegacy}` },
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
  const missing = mark === 'missingOrder' || mark === 'discontinuedMidSync';
  if (missing) {
    ctx.manifest.disagree({
      kind: mark === 'missingOrder' ? 'planted' : 'awkward',
      category: mark === 'missingOrder' ? 'missing-record' : 'discontinued-mid-sync',
      systems: ['shopify', 'netsuite'],
      entity: 'salesOrder',
      keys: { shopify: orderGid, match },
      field: 'exists',
      values: { shopify: true, netsuite: false },
      description:
        mark === 'missingOrder'
          ? `Shopify ${orderName} has no NetSuite sales order`
          : `Shopify ${orderName} sells ${o.lines[0]?.sku} which NetSuite made inactive before the order synced`,
    });
  } else {
    projectNetSuite(ctx, o, mark, { orderGid, orderName, match, pi, ids });
  }
  ctx.emit('truth/orders', orderJson(o, ids));
}

function projectNetSuite(
  ctx: GenerationContext,
  o: TruthOrder,
  mark: OrderMark | undefined,
  link: { orderGid: string; orderName: string; match: string; pi: string; ids: Record<string, string> },
): void {
  const rng = ctx.rng;
  const region = regionOf(o.region);
  const customer = ctx.customer(o.customerKey);
  const c = o.currency;
  const nsCustomerId = customer.ids.netsuite!;
  const nsCustomerName = customer.company ?? `${customer.firstName} ${customer.lastName}`;
  // A sync lag of a few minutes; the clock-skew case stamps NetSuite *before* Shopify's creation.
  const skew = mark === 'clockSkew' ? -(7 * 60_000 + rng.int(0, 59_000)) : rng.int(2, 10) * 60_000;
  const at = Math.min(o.createdAt + skew, PERIOD.end - 1000);
  const lines = o.lines.map((l) => ({
    itemId: ctx.catalogue.byKey.get(l.itemKey)!.netsuiteId,
    sku: l.sku,
    description: l.title,
    quantity: l.quantity,
    rate: netSuiteUnits(l.unitPrice, c),
    amount: netSuiteUnits(l.unitPrice * BigInt(l.quantity), c),
  }));
  const sumLines = lines.reduce((s, l) => s + l.amount, 0n);
  let taxTotal = netSuiteUnits(o.taxTotal, c);
  let shippingCost = netSuiteUnits(o.shipping, c);
  if (mark === 'roundingTrap') taxTotal = roundingTrapNetSuiteTax(o);
  // ¥500, or 5.00 in any other currency (NetSuite units are hundredths for KWD too).
  if (mark === 'differentTotal') shippingCost += 500n;
  const discount = netSuiteUnits(o.discountTotal, c);
  const nsTotal = sumLines - discount + taxTotal + shippingCost;
  const totals = { subtotal: sumLines, discountTotal: discount, taxTotal, shippingCost, total: nsTotal };
  // NetSuite amounts are in NetSuite precision: hundredths for KWD, so ×10 back to fils.
  const isoUnits = (units: bigint) => (c === 'KWD' ? units * 10n : units);
  const shopifyTotal = minorToDecimal(o.total, c);
  const netsuiteTotal = netSuiteText(nsTotal, c);

  const soId = ctx.nextTransactionId();
  const base = {
    customerId: nsCustomerId,
    customerName: nsCustomerName,
    region: o.region,
    currency: c,
    lines,
    totals,
  };
  ctx.emit(
    'netsuite/salesOrder',
    netSuiteTransaction({
      ...base,
      id: soId,
      externalId: link.match,
      tranId: `SO${soId}`,
      createdAt: at,
      modifiedAt: at,
      memo: `${region.shop.domain} ${link.orderName}`,
      extra: {
        orderStatus: { id: 'B', refName: 'Pending Fulfillment' },
        status: o.fulfilled ? { id: 'G', refName: 'Billed' } : { id: 'B', refName: 'Pending Fulfillment' },
      },
    }),
  );
  link.ids.netsuiteSalesOrder = soId;
  ctx.addTotal('netsuite.salesOrders', c, isoUnits(nsTotal));
  if (isoUnits(nsTotal) !== o.total) {
    const category =
      mark === 'roundingTrap'
        ? 'rounding'
        : mark === 'kwdThirdDecimal'
          ? 'precision-loss'
          : 'different-total';
    ctx.manifest.disagree({
      kind: mark === 'differentTotal' ? 'planted' : 'awkward',
      category,
      systems: ['shopify', 'netsuite'],
      entity: 'salesOrder',
      keys: { shopify: link.orderGid, netsuite: soId, match: link.match },
      field: 'total',
      values: { shopify: shopifyTotal, netsuite: netsuiteTotal },
      description:
        category === 'rounding'
          ? 'tax per line in Shopify (3 × 6.67 = 20.01) vs on the subtotal in NetSuite (19.998 → 20.00)'
          : category === 'precision-loss'
            ? `KWD ${shopifyTotal} has a third decimal; NetSuite holds ${netsuiteTotal}`
            : `NetSuite's shipping differs: total ${netsuiteTotal} vs Shopify ${shopifyTotal}`,
    });
  }

  // Invoice(s), payment, credit memo.
  const paid = o.gateway === 'manual' ? nsTotal : netSuiteUnits(o.total, c);
  const invoiceIds: string[] = [];
  const invoices = mark === 'duplicateInvoice' ? 2 : 1;
  for (let n = 0; n < invoices; n++) {
    const invoiceId = ctx.nextTransactionId();
    invoiceIds.push(invoiceId);
    const applied = n === 0 ? minBigInt(paid, nsTotal) : 0n;
    const remaining = nsTotal - applied;
    ctx.emit(
      'netsuite/invoice',
      netSuiteTransaction({
        ...base,
        id: invoiceId,
        externalId: n === 0 ? `${link.match}-invoice` : '',
        tranId: `INV${invoiceId}`,
        createdAt: at + 1000 + n * 45_000,
        modifiedAt: at + 2000 + n * 45_000,
        memo: `${link.orderName}`,
        extra: {
          createdFrom: { id: soId, refName: `Sales Order #SO${soId}` },
          amountRemaining: netSuiteText(remaining, c),
          status: remaining === 0n ? { id: 'B', refName: 'Paid In Full' } : { id: 'A', refName: 'Open' },
        },
      }),
    );
  }
  link.ids.netsuiteInvoice = invoiceIds[0]!;
  if (mark === 'duplicateInvoice') {
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'duplicate-invoice',
      systems: ['shopify', 'netsuite'],
      entity: 'invoice',
      keys: { shopify: link.orderGid, netsuite: invoiceIds.join(','), match: link.match },
      field: 'count',
      values: { shopify: 1, netsuite: 2 },
      description: `sales order SO${soId} invoiced twice (INV${invoiceIds[0]}, INV${invoiceIds[1]})`,
    });
  }
  const paymentId = ctx.nextTransactionId();
  ctx.emit(
    'netsuite/customerPayment',
    netSuitePayment({
      id: paymentId,
      externalId: o.gateway === 'stripe' ? `stripe-${link.pi}` : `bank-${link.match}`,
      tranId: `PYMT${paymentId}`,
      at: at + 3000,
      customerId: nsCustomerId,
      customerName: nsCustomerName,
      region: o.region,
      currency: c,
      payment: paid,
      applied: [{ invoiceId: invoiceIds[0]!, amount: minBigInt(paid, nsTotal) }],
      memo: o.gateway === 'stripe' ? `Stripe ${link.pi}` : 'Bank transfer',
    }),
  );
  link.ids.netsuitePayment = paymentId;
  if (o.gateway === 'stripe' && !o.captured) {
    ctx.manifest.disagree({
      kind: 'awkward',
      category: 'uncaptured-marked-paid',
      systems: ['stripe', 'netsuite'],
      entity: 'payment',
      keys: { stripe: link.pi, netsuite: paymentId, match: link.match },
      field: 'amountCaptured',
      values: { stripe: minorToDecimal(0n, c), netsuite: netSuiteText(paid, c) },
      description: `Stripe ${link.pi} is only authorised (requires_capture); NetSuite records the invoice as paid`,
    });
  }
  if (o.refund) {
    const cmId = ctx.nextTransactionId();
    const r = o.refund;
    const refundLines = r.lines.map((rl) => {
      const line = lines[rl.lineIndex]!;
      return {
        ...line,
        quantity: rl.quantity,
        rate: netSuiteUnits(rl.net / BigInt(rl.quantity), c),
        amount: netSuiteUnits(rl.net, c),
      };
    });
    const net = r.lines.reduce((s, l) => s + l.net, 0n);
    const tax = r.lines.reduce((s, l) => s + l.tax, 0n);
    ctx.emit(
      'netsuite/creditMemo',
      netSuiteTransaction({
        ...base,
        lines: refundLines,
        totals: {
          subtotal: netSuiteUnits(net, c),
          discountTotal: 0n,
          taxTotal: netSuiteUnits(tax, c),
          shippingCost: 0n,
          total: netSuiteUnits(r.amount, c),
        },
        id: cmId,
        externalId: `shopify-refund-${900_000_001 + o.index}`,
        tranId: `CM${cmId}`,
        createdAt: r.at,
        modifiedAt: r.at,
        memo: `refund of ${link.orderName}`,
        extra: { createdFrom: { id: invoiceIds[0]!, refName: `Invoice #INV${invoiceIds[0]}` } },
      }),
    );
    link.ids.netsuiteCreditMemo = cmId;
  }
  if (mark === 'clockSkew') {
    ctx.manifest.awkwardCase({
      case: 'clockSkew',
      entity: 'salesOrder',
      keys: { shopify: link.orderGid, netsuite: soId },
      detail: `NetSuite stamps the sales order ${Math.round(-skew / 1000)} s before Shopify created the order`,
    });
  }

  // WMS: every NetSuite sales order goes to the warehouse; fulfilled ones have shipped.
  const wmsId = `ord_${(o.index + 1).toString(16).padStart(8, '0')}`;
  const wmsLines = o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const shippedAt = at + rng.int(6, 72) * 3_600_000;
  ctx.emit(
    'wms/orders',
    wmsOrder({
      id: wmsId,
      reference: `SO${soId}`,
      customer,
      lines: wmsLines,
      status: o.fulfilled ? 'shipped' : 'allocated',
      express: rng.chance(0.15),
      createdAt: at + 60_000,
      updatedAt: o.fulfilled ? shippedAt : at + 60_000,
    }),
  );
  if (o.fulfilled) {
    ctx.emit(
      'wms/shipments',
      wmsShipment({
        id: `shp_${(o.index + 1).toString(16).padStart(8, '0')}`,
        orderId: wmsId,
        orderReference: `SO${soId}`,
        carrier: CARRIERS[o.region],
        trackingNumbers: [trackingNumber(ctx, o.region)],
        shippedAt,
        lines: wmsLines,
      }),
    );
  }
}

function trackingNumber(ctx: GenerationContext, region: TruthOrder['region']): string {
  const rng = ctx.idRng;
  switch (region) {
    case 'us':
      return `1Z${rng.alphanumeric(6).toUpperCase()}${rng.digits(10)}`;
    case 'uk':
      return `${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${rng.digits(9)}GB`;
    case 'jp':
      return rng.digits(12);
    case 'kw':
      return rng.digits(11);
    default:
      return rng.digits(10);
  }
}
