/**
 * Re-derives the disagreements of a generated business from the per-system records alone — never
 * from the truth model or the manifest — by the comparison rules the manifest states. The
 * generator's tests assert that what this finds equals the manifest, nothing missing, nothing extra.
 * (The reconciliation feature builds its own, faster comparison; this one is the reference.)
 *
 * @example
 *   const found = deriveDisagreements((path) => business.records(path), business.paths);
 */
import { parseDecimal } from '../../src/model/decimal.ts';
import { minorToDecimal } from './minor-units.ts';
import { accordExternalId, REGIONS, shopSystemOf } from './regions.ts';

// biome-ignore lint/suspicious/noExplicitAny: reads untyped vendor JSON by path; a wrong path fails the tests loudly
type Json = Record<string, any>;

export interface DerivedDisagreement {
  entity: string;
  field: string;
  match: string;
  shop?: string;
  values: Record<string, string | number | boolean | null>;
}

/** A comparable signature for a derived or a manifest disagreement. */
export function signature(d: {
  entity: string;
  field: string;
  keys?: Record<string, string>;
  match?: string;
  shop?: string;
  values: Record<string, unknown>;
}): string {
  const match = d.match ?? d.keys?.match ?? '';
  const shop = d.shop ?? d.keys?.shop ?? '';
  const values = Object.keys(d.values)
    .sort()
    .map((k) => `${k}=${JSON.stringify(d.values[k])}`)
    .join(',');
  return `${d.entity}|${d.field}|${match}|${shop}|${values}`;
}

const same = (a: string, b: string) => parseDecimal(a).equals(parseDecimal(b));
const blank = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const email = (v: unknown) => blank(v).trim().toLowerCase();

export function deriveDisagreements(
  records: (path: string) => readonly unknown[],
  paths: readonly string[],
): DerivedDisagreement[] {
  const found: DerivedDisagreement[] = [];
  const all = (path: string) => records(path) as Json[];
  const salesOrders = new Map(all('netsuite/salesOrder').map((so) => [so.externalId as string, so]));
  const invoicesBySo = group(all('netsuite/invoice'), (i) => i.createdFrom?.id);
  const paymentsByInvoice = group(all('netsuite/customerPayment'), (p) => p.apply.items[0]?.doc.id);
  const memosByInvoice = group(all('netsuite/creditMemo'), (m) => m.createdFrom?.id);
  const intents = new Map(
    all('stripe/payment_intents').map((pi) => [pi.metadata.shopify_order_id as string, pi]),
  );
  const refundsByIntent = group(all('stripe/refunds'), (r) => r.payment_intent);
  const wmsOrders = new Map(all('wms/orders').map((o) => [o.reference as string, o]));
  const shipmentsByRef = group(all('wms/shipments'), (s) => s.orderReference);
  const seenOrders = new Set<string>();
  const shopOrderIds = new Set<string>();

  for (const path of paths.filter((p) => /^shopify\/[^/]+\/orders$/.test(p))) {
    const region = REGIONS.find((r) => path === `shopify/${r.shop.handle}/orders`);
    if (!region) throw new Error(`${path}: no region has this shop; orders are read per shop handle`);
    for (const order of all(path)) {
      const match = accordExternalId(shopSystemOf(region), order.id);
      seenOrders.add(match);
      shopOrderIds.add(order.id);
      const total: string = order.totalPriceSet.shopMoney.amount;
      const currency: string = order.currencyCode;
      const pi = intents.get(order.id);
      const refunded = (pi ? (refundsByIntent.get(pi.id) ?? []) : []).reduce(
        (s, r) => s + BigInt(r.amount),
        0n,
      );
      if (pi) {
        const implied =
          pi.status === 'requires_capture'
            ? 'AUTHORIZED'
            : refunded === 0n
              ? 'PAID'
              : refunded < BigInt(pi.amount)
                ? 'PARTIALLY_REFUNDED'
                : 'REFUNDED';
        if (order.displayFinancialStatus !== implied) {
          found.push({
            entity: 'order',
            field: 'financialStatus',
            match: order.id,
            values: { shopify: order.displayFinancialStatus, stripe: implied },
          });
        }
        if (!same(minorToDecimal(BigInt(pi.amount), currency), total)) {
          found.push({
            entity: 'payment',
            field: 'amount',
            match: order.id,
            values: { shopify: total, stripe: minorToDecimal(BigInt(pi.amount), currency) },
          });
        }
        if (!same(minorToDecimal(refunded, currency), order.totalRefundedSet.shopMoney.amount)) {
          found.push({
            entity: 'refund',
            field: 'amount',
            match: order.id,
            values: {
              shopify: order.totalRefundedSet.shopMoney.amount,
              stripe: minorToDecimal(refunded, currency),
            },
          });
        }
      }
      const so = salesOrders.get(match);
      if (!so) {
        found.push({
          entity: 'salesOrder',
          field: 'exists',
          match,
          values: { shopify: true, netsuite: false },
        });
        continue;
      }
      if (!same(total, so.total))
        found.push({
          entity: 'salesOrder',
          field: 'total',
          match,
          values: { shopify: total, netsuite: so.total },
        });
      const invoices = invoicesBySo.get(so.id) ?? [];
      if (invoices.length !== 1)
        found.push({
          entity: 'invoice',
          field: 'count',
          match,
          values: { shopify: 1, netsuite: invoices.length },
        });
      const payments = invoices.flatMap((i) => paymentsByInvoice.get(i.id) ?? []);
      if (pi) {
        const captured = minorToDecimal(BigInt(pi.amount_received), currency);
        const paid = payments[0]?.payment ?? '0';
        if (payments.length !== 1 || !same(captured, paid)) {
          found.push({
            entity: 'payment',
            field: 'amountCaptured',
            match,
            values: { stripe: captured, netsuite: paid },
          });
        }
      }
      const credited = invoices
        .flatMap((i) => memosByInvoice.get(i.id) ?? [])
        .reduce((s, m) => s.plus(parseDecimal(m.total)), parseDecimal('0'));
      if (!credited.equals(parseDecimal(order.totalRefundedSet.shopMoney.amount))) {
        found.push({
          entity: 'refund',
          field: 'amount',
          match,
          values: { shopify: order.totalRefundedSet.shopMoney.amount, netsuite: credited.toFixed() },
        });
      }
      const wms = wmsOrders.get(so.tranId);
      const shipments = shipmentsByRef.get(so.tranId) ?? [];
      const fulfilled = order.displayFulfillmentStatus === 'FULFILLED';
      const lines = (ls: Json[]) =>
        ls
          .map((l) => `${l.sku}×${l.quantity}`)
          .sort()
          .join(' ');
      const shopifyLines = lines(order.lineItems.nodes);
      if (!wms || lines(wms.lines) !== shopifyLines)
        found.push({
          entity: 'wmsOrder',
          field: 'lines',
          match,
          values: { shopify: shopifyLines, wms: wms ? lines(wms.lines) : null },
        });
      if (
        fulfilled !== shipments.length > 0 ||
        (fulfilled && lines(shipments.flatMap((s) => s.lines)) !== shopifyLines)
      ) {
        found.push({
          entity: 'shipment',
          field: 'lines',
          match,
          values: { shopify: fulfilled, wms: shipments.length > 0 },
        });
      }
    }
  }
  // A payment with no order: the intent's Shopify order exists in no shop.
  for (const orderId of intents.keys()) {
    if (!shopOrderIds.has(orderId))
      found.push({
        entity: 'payment',
        field: 'order',
        match: orderId,
        values: { stripe: orderId, shopify: null },
      });
  }
  for (const [externalId] of salesOrders) {
    if (!seenOrders.has(externalId))
      found.push({
        entity: 'salesOrder',
        field: 'exists',
        match: externalId,
        values: { shopify: false, netsuite: true },
      });
  }

  const customers = new Map(all('netsuite/customer').map((c) => [c.id as string, c]));
  const contacts = group(all('salesforce/Contact'), (c) => c.AccountId);
  for (const account of all('salesforce/Account')) {
    const ns = account.NetSuite_Id__c ? customers.get(account.NetSuite_Id__c) : undefined;
    if (!ns) continue;
    const match = ns.id as string;
    if (account.IsDeleted)
      found.push({
        entity: 'customer',
        field: 'deleted',
        match,
        values: { salesforce: true, netsuite: false },
      });
    if (blank(account.Phone) !== blank(ns.phone))
      found.push({
        entity: 'customer',
        field: 'phone',
        match,
        values: { salesforce: account.Phone, netsuite: ns.phone ?? null },
      });
    const street = blank(account.BillingStreet).split('\n')[0] ?? '';
    const nsStreet = blank(ns.addressBook?.items?.[0]?.addressBookAddress?.addr1);
    if (street !== nsStreet)
      found.push({
        entity: 'customer',
        field: 'address1',
        match,
        values: { salesforce: street, netsuite: nsStreet },
      });
    const contactEmail = (contacts.get(account.Id) ?? [])[0]?.Email;
    if (email(contactEmail) !== email(ns.email))
      found.push({
        entity: 'customer',
        field: 'email',
        match,
        values: { salesforce: contactEmail ?? null, netsuite: ns.email ?? null },
      });
  }

  const items = new Map(all('netsuite/inventoryItem').map((i) => [i.itemId as string, i]));
  for (const path of paths.filter((p) => /^shopify\/[^/]+\/products$/.test(p))) {
    const shop = `${path.split('/')[1]}.myshopify.com`;
    for (const product of all(path)) {
      const sku = product.variants.nodes[0]?.sku as string;
      const item = items.get(sku);
      if (!item) {
        found.push({
          entity: 'item',
          field: 'exists',
          match: sku,
          shop,
          values: { shopify: true, netsuite: false },
        });
        continue;
      }
      const shopifyActive = product.status === 'ACTIVE';
      if (shopifyActive !== !item.isInactive)
        found.push({
          entity: 'item',
          field: 'active',
          match: sku,
          shop,
          values: { netsuite: !item.isInactive, shopify: shopifyActive },
        });
    }
  }
  found.push(...deriveStock(all, paths));
  return found;
}

/**
 * NetSuite's InventoryBalance (per item and location) against each shop's inventory levels, keyed
 * by SKU and location name: a balance at a location some shop has with no level there, a level
 * with no balance, or a different available quantity.
 */
function deriveStock(all: (path: string) => Json[], paths: readonly string[]): DerivedDisagreement[] {
  const found: DerivedDisagreement[] = [];
  const balances = new Map<string, number>();
  for (const b of all('netsuite/InventoryBalance')) {
    const key = `${b.item.refName}@${b.location.refName}`;
    balances.set(key, (balances.get(key) ?? 0) + Number(b.quantityAvailable));
  }
  const seen = new Set<string>();
  for (const path of paths.filter((p) => /^shopify\/[^/]+\/inventoryLevels$/.test(p))) {
    const shop = `${path.split('/')[1]}.myshopify.com`;
    const locations = new Set<string>();
    for (const level of all(path)) {
      const match = `${level.item.sku}@${level.location.name}`;
      locations.add(level.location.name);
      seen.add(match);
      const available = (level.quantities as Json[]).find((q) => q.name === 'available')?.quantity;
      const netsuite = balances.get(match);
      if (netsuite === undefined)
        found.push({
          entity: 'inventoryLevel',
          field: 'exists',
          match,
          shop,
          values: { netsuite: false, shopify: true },
        });
      else if (netsuite !== available)
        found.push({
          entity: 'inventoryLevel',
          field: 'available',
          match,
          shop,
          values: { netsuite, shopify: available },
        });
    }
    for (const match of balances.keys()) {
      const location = match.slice(match.lastIndexOf('@') + 1);
      if (locations.has(location) && !seen.has(match))
        found.push({
          entity: 'inventoryLevel',
          field: 'exists',
          match,
          shop,
          values: { netsuite: true, shopify: false },
        });
    }
  }
  return found;
}

function group(list: Json[], key: (x: Json) => string | undefined): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  for (const x of list) {
    const k = key(x);
    if (k === undefined) continue;
    const bucket = out.get(k);
    if (bucket) bucket.push(x);
    else out.set(k, [x]);
  }
  return out;
}
