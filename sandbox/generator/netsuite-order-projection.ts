/**
 * NetSuite's view of an order: the sales order (externalId `<shop system>:<order gid>`, the engine's form), its invoice (two
 * for the duplicate-invoice plant), the customer payment applied to it, a credit memo for a
 * refund — in NetSuite precision (KWD to hundredths). The rounding trap, the KWD third decimal,
 * the different-total plant and the uncaptured-but-paid case show here and go to the manifest.
 */
import type { GenerationContext } from './generation-context.ts';
import { minBigInt, minorToDecimal } from './minor-units.ts';
import type { OrderMark } from './order-builder.ts';
import { accordExternalId, PERIOD, regionOf } from './regions.ts';
import { roundingTrapNetSuiteTax } from './rounding-trap.ts';
import {
  netSuitePayment,
  netSuiteText,
  netSuiteTransaction,
  netSuiteUnits,
} from './shapes/netsuite-shapes.ts';
import type { TruthOrder } from './truth.ts';
import { projectWms } from './wms-order-projection.ts';

export function projectNetSuite(
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
    category: ctx.catalogue.byKey.get(l.itemKey)!.category,
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
        externalId: n === 0 ? `${link.match}-invoice` : null,
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
      externalId: o.gateway === 'stripe' ? accordExternalId('stripe', link.pi) : `bank-${link.match}`,
      tranId: `PYMT${paymentId}`,
      at: at + 3000,
      customerId: nsCustomerId,
      customerName: nsCustomerName,
      region: o.region,
      currency: c,
      payment: paid,
      applied: [{ invoiceId: invoiceIds[0]!, amount: minBigInt(paid, nsTotal) }],
      memo: o.gateway === 'stripe' ? `Stripe ${link.pi}` : 'Bank transfer',
      // The previous integration booked every Stripe payment as captured — also the ones Stripe
      // only authorised (the uncaptured-marked-paid trap below).
      ...(o.gateway === 'stripe'
        ? { stripe: { paymentIntent: link.pi, status: { id: '6', refName: 'Captured' } } }
        : {}),
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

  projectWms(ctx, o, `SO${soId}`, at);
}
