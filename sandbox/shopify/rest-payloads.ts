import { minorUnitsOf } from '../../src/model/currencies.ts';
import type { Decimal } from '../../src/model/decimal.ts';
import { financialStatus, fulfillmentStatus, lineNet, orderTotals } from './order-totals.ts';
import { dec, sum } from './shop-money.ts';
import type { CustomerRow, MailingAddressRow, OrderRow, ProductRow, RefundRow } from './shop-rows.ts';
import { gid, levelGid } from './shop-rows.ts';
import type { ShopEvent, ShopStore } from './shop-store.ts';

/**
 * Webhook bodies. Shopify delivers the REST representation of the resource, not the GraphQL one:
 * snake_case keys, numeric ids plus `admin_graphql_api_id`, money as strings padded to the
 * currency's minor units (`"10.00"`, `"1000"`, `"1.235"`), financial status in lower case, and
 * timestamps in the SHOP's time zone with an offset (`2026-11-28T09:00:05-05:00`). A receiver that
 * wants webhooks and polling to feed one capture path must translate.
 */
export function restPayload(
  store: ShopStore,
  event: ShopEvent,
  utcOffsetMinutes: number,
): Record<string, unknown> | undefined {
  const time = (ms: number | null) => (ms === null ? null : shopTime(ms, utcOffsetMinutes));
  if (event.topic.endsWith('/delete')) return { id: event.id };
  switch (event.resource) {
    case 'customer': {
      const c = store.customers.get(event.id);
      return c ? customerPayload(c, store, time) : undefined;
    }
    case 'order': {
      const o = store.orders.get(event.id);
      return o ? orderPayload(o, store, time) : undefined;
    }
    case 'refund': {
      const o = store.orders.get(event.parentId ?? -1);
      const r = o?.refunds.find((x) => x.id === event.id);
      return o && r ? refundPayload(r, o, time) : undefined;
    }
    case 'product': {
      const p = store.products.get(event.id);
      return p ? productPayload(p, store, time) : undefined;
    }
    case 'inventory_level': {
      const l = store.levels.get(event.id);
      if (!l) return undefined;
      return {
        inventory_item_id: l.itemId,
        location_id: l.locationId,
        available: l.quantities.available,
        updated_at: time(l.updatedAt),
        admin_graphql_api_id: levelGid(l),
      };
    }
  }
}

/** `2026-11-28T09:00:05-05:00`: the instant written in the shop's offset, second resolution. */
export function shopTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

type Time = (ms: number | null) => string | null;

function restMoney(value: Decimal | string, currency: string): string {
  return dec(typeof value === 'string' ? value : value.toFixed()).toFixed(minorUnitsOf(currency));
}

function addressPayload(a: MailingAddressRow, customerId: number) {
  return {
    id: a.id,
    customer_id: customerId,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    province_code: a.provinceCode,
    zip: a.zip,
    country: a.country,
    country_code: a.countryCode,
    phone: a.phone,
    default: true,
  };
}

function customerPayload(c: CustomerRow, store: ShopStore, time: Time) {
  return {
    id: c.id,
    email: c.email,
    created_at: time(c.createdAt),
    updated_at: time(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    tags: c.tags.join(', '),
    currency: store.currency,
    phone: c.phone,
    email_marketing_consent: c.emailMarketingConsent
      ? {
          state: c.emailMarketingConsent.marketingState.toLowerCase(),
          opt_in_level: c.emailMarketingConsent.marketingOptInLevel?.toLowerCase() ?? null,
          consent_updated_at: time(c.emailMarketingConsent.consentUpdatedAt),
        }
      : null,
    default_address: c.defaultAddress ? addressPayload(c.defaultAddress, c.id) : null,
    addresses: c.defaultAddress ? [addressPayload(c.defaultAddress, c.id)] : [],
    admin_graphql_api_id: gid('Customer', c.id),
  };
}

function orderPayload(o: OrderRow, store: ShopStore, time: Time) {
  const t = orderTotals(o);
  const m = (v: Decimal | string) => restMoney(v, o.currency);
  const set = (v: Decimal | string) => ({
    shop_money: { amount: m(v), currency_code: o.currency },
    presentment_money: { amount: m(v), currency_code: o.currency },
  });
  const customer = o.customerId ? store.customers.get(o.customerId) : undefined;
  const fulfillment = fulfillmentStatus(o);
  return {
    id: o.id,
    admin_graphql_api_id: gid('Order', o.id),
    name: o.name,
    order_number: o.number,
    email: o.email,
    created_at: time(o.createdAt),
    updated_at: time(o.updatedAt),
    processed_at: time(o.processedAt),
    cancelled_at: time(o.cancelledAt),
    currency: o.currency,
    presentment_currency: o.currency,
    financial_status: financialStatus(o, store.now()).toLowerCase(),
    fulfillment_status:
      fulfillment === 'FULFILLED' ? 'fulfilled' : fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    taxes_included: o.taxesIncluded,
    subtotal_price: m(t.subtotal),
    total_discounts: m(t.discounts),
    total_tax: m(t.tax),
    total_price: m(t.totalPrice),
    current_total_price: m(t.currentTotal),
    total_outstanding: m(t.outstanding),
    total_price_set: set(t.totalPrice),
    discount_codes: o.discountApplications
      .filter((a) => a.kind === 'code')
      .map((a) => ({
        code: a.label,
        amount: m(t.discounts),
        type: a.valueType === 'fixed' ? 'fixed_amount' : 'percentage',
      })),
    customer: customer ? customerPayload(customer, store, time) : null,
    line_items: o.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: gid('LineItem', l.id),
      title: l.title,
      name: l.title,
      quantity: l.quantity,
      sku: l.sku,
      price: m(l.unitPrice),
      total_discount: m(sum(l.discountAllocations.map((d) => d.amount))),
      product_id: l.productId,
      variant_id: l.variantId,
      product_exists: l.productId !== null && store.products.has(l.productId),
      taxable: l.taxable,
      tax_lines: l.taxLines.map((x) => ({ title: x.title, rate: Number(x.rate), price: m(x.amount) })),
      net: m(lineNet(l)),
    })),
    shipping_lines: o.shippingLines.map((s) => ({
      id: s.id,
      title: s.title,
      code: s.code,
      price: m(s.price),
      discounted_price: m(s.discountedPrice),
      tax_lines: s.taxLines.map((x) => ({ title: x.title, rate: Number(x.rate), price: m(x.amount) })),
    })),
    refunds: o.refunds.map((r) => refundPayload(r, o, time)),
  };
}

function refundPayload(r: RefundRow, o: OrderRow, time: Time) {
  const m = (v: string) => restMoney(v, o.currency);
  return {
    id: r.id,
    admin_graphql_api_id: gid('Refund', r.id),
    order_id: o.id,
    created_at: time(r.createdAt),
    note: r.note,
    refund_line_items: r.lineItems.map((li) => ({
      id: li.id,
      line_item_id: li.lineItemId,
      quantity: li.quantity,
      restock_type: li.restockType.toLowerCase(),
      subtotal: m(li.subtotal),
      total_tax: m(li.totalTax),
    })),
    transactions: o.transactions
      .filter((t) => r.transactionIds.includes(t.id))
      .map((t) => ({
        id: t.id,
        kind: t.kind.toLowerCase(),
        status: t.status.toLowerCase(),
        amount: m(t.amount),
        currency: o.currency,
        gateway: t.gateway,
      })),
  };
}

function productPayload(p: ProductRow, store: ShopStore, time: Time) {
  return {
    id: p.id,
    admin_graphql_api_id: gid('Product', p.id),
    title: p.title,
    handle: p.handle,
    status: p.status.toLowerCase(),
    vendor: p.vendor,
    product_type: p.productType,
    created_at: time(p.createdAt),
    updated_at: time(p.updatedAt),
    variants: p.variantIds
      .map((id) => store.variants.get(id))
      .filter((v) => v !== undefined)
      .map((v) => ({
        id: v.id,
        title: v.title,
        sku: v.sku,
        price: v.price,
        inventory_item_id: v.inventoryItemId,
        admin_graphql_api_id: gid('ProductVariant', v.id),
      })),
  };
}
