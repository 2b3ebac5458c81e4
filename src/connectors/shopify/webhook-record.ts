import type { SystemRecord } from '../connector.ts';

/**
 * Turns a webhook's REST body into the record shape polling yields, so both feed one capture
 * path: gid ids, camelCase names, upper-case enums, UTC timestamps, and money as GraphQL
 * `MoneyV2` with Shopify's `Decimal` text (`"10.00"` → `"10.0"`). Fields only the GraphQL
 * selection has (an order's transactions and refund details) are absent: a mapping that needs
 * them fetches the record with `get` using the id.
 *
 * @example
 *   restToRecord('customers/update', { id: 1, admin_graphql_api_id: 'gid://shopify/Customer/1', … }, triggeredAt)
 */
export function restToRecord(
  topic: string,
  body: Record<string, unknown>,
  triggeredAt: string,
): { objectType: string; record: SystemRecord } {
  const [resource = '', action = ''] = topic.split('/');
  const objectType = OBJECT_TYPES[resource] ?? resource;
  const gidType = GID_TYPES[resource] ?? 'Unknown';
  const id =
    typeof body.admin_graphql_api_id === 'string'
      ? body.admin_graphql_api_id
      : `gid://shopify/${gidType}/${String(body.id ?? body.inventory_item_id)}`;
  if (action === 'delete') {
    return {
      objectType,
      record: {
        objectType,
        id,
        modifiedAt: new Date(triggeredAt).toISOString(),
        fields: { id },
        deleted: true,
      },
    };
  }
  const fields = MAPPERS[resource]?.(body) ?? { ...body };
  const updatedAt =
    typeof body.updated_at === 'string'
      ? body.updated_at
      : typeof body.created_at === 'string'
        ? body.created_at
        : triggeredAt;
  return { objectType, record: { objectType, id, modifiedAt: new Date(updatedAt).toISOString(), fields } };
}

const OBJECT_TYPES: Record<string, string> = {
  customers: 'customer',
  orders: 'order',
  products: 'product',
  refunds: 'refund',
  inventory_levels: 'inventoryLevel',
};
const GID_TYPES: Record<string, string> = {
  customers: 'Customer',
  orders: 'Order',
  products: 'Product',
  refunds: 'Refund',
  inventory_levels: 'InventoryLevel',
};

/** `"2026-11-28T09:00:05-05:00"` → `"2026-11-28T14:00:05Z"` (GraphQL's DateTime text). */
function utc(value: unknown): string | null {
  return typeof value === 'string' ? new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** REST money text → Shopify GraphQL `Decimal` text: `"10.00"` → `"10.0"`, `"1200"` → `"1200.0"`. */
export function graphqlDecimal(value: unknown): string | null {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) return null;
  const [whole = '0', fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}.${trimmed || '0'}`;
}

const money = (amount: unknown, currency: unknown) => ({
  shopMoney: { amount: graphqlDecimal(amount), currencyCode: currency },
});
const gidOf = (type: string, id: unknown) =>
  id === null || id === undefined ? null : { id: `gid://shopify/${type}/${String(id)}` };

function address(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  return {
    firstName: a.first_name ?? null,
    lastName: a.last_name ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.province_code ?? null,
    zip: a.zip ?? null,
    country: a.country ?? null,
    countryCodeV2: a.country_code ?? null,
    phone: a.phone ?? null,
  };
}

/** REST's `email_marketing_consent` (`state: "subscribed"`) in GraphQL's shape. */
function marketingConsent(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  const upper = (x: unknown) => (typeof x === 'string' ? x.toUpperCase() : null);
  return {
    marketingState: upper(c.state),
    marketingOptInLevel: upper(c.opt_in_level),
    consentUpdatedAt: utc(c.consent_updated_at),
  };
}

function customer(b: Record<string, unknown>): Record<string, unknown> {
  return {
    id: b.admin_graphql_api_id,
    legacyResourceId: String(b.id),
    email: b.email ?? null,
    firstName: b.first_name ?? null,
    lastName: b.last_name ?? null,
    phone: b.phone ?? null,
    note: b.note ?? null,
    tags: typeof b.tags === 'string' && b.tags ? b.tags.split(',').map((t) => t.trim()) : [],
    state: typeof b.state === 'string' ? b.state.toUpperCase() : null,
    verifiedEmail: b.verified_email ?? null,
    defaultAddress: address(b.default_address),
    emailMarketingConsent: marketingConsent(b.email_marketing_consent),
    createdAt: utc(b.created_at),
    updatedAt: utc(b.updated_at),
  };
}

const FULFILMENT: Record<string, string> = {
  fulfilled: 'FULFILLED',
  partial: 'PARTIALLY_FULFILLED',
  restocked: 'RESTOCKED',
};

function order(b: Record<string, unknown>): Record<string, unknown> {
  const c = b.currency;
  const lines = (b.line_items as Record<string, unknown>[] | undefined) ?? [];
  const taxLines = (xs: unknown) =>
    ((xs as Record<string, unknown>[] | undefined) ?? []).map((t) => ({
      title: t.title,
      rate: t.rate,
      priceSet: money(t.price, c),
    }));
  const buyer = b.customer as Record<string, unknown> | null | undefined;
  return {
    id: b.admin_graphql_api_id,
    legacyResourceId: String(b.id),
    name: b.name,
    email: b.email ?? null,
    createdAt: utc(b.created_at),
    updatedAt: utc(b.updated_at),
    processedAt: utc(b.processed_at),
    cancelledAt: utc(b.cancelled_at),
    currencyCode: c,
    presentmentCurrencyCode: b.presentment_currency ?? c,
    taxesIncluded: b.taxes_included,
    displayFinancialStatus: typeof b.financial_status === 'string' ? b.financial_status.toUpperCase() : null,
    displayFulfillmentStatus: FULFILMENT[String(b.fulfillment_status)] ?? 'UNFULFILLED',
    discountCodes: ((b.discount_codes as { code: string }[] | undefined) ?? []).map((d) => d.code),
    customer: buyer ? { id: buyer.admin_graphql_api_id, email: buyer.email ?? null } : null,
    subtotalPriceSet: money(b.subtotal_price, c),
    totalDiscountsSet: money(b.total_discounts, c),
    totalTaxSet: money(b.total_tax, c),
    totalPriceSet: money(b.total_price, c),
    currentTotalPriceSet: money(b.current_total_price, c),
    totalOutstandingSet: money(b.total_outstanding, c),
    lineItems: {
      nodes: lines.map((l) => ({
        id: l.admin_graphql_api_id,
        name: l.name,
        title: l.title,
        sku: l.sku ?? null,
        quantity: l.quantity,
        product: l.product_exists === false ? null : gidOf('Product', l.product_id),
        variant: l.product_exists === false ? null : gidOf('ProductVariant', l.variant_id),
        originalUnitPriceSet: money(l.price, c),
        totalDiscountSet: money(l.total_discount, c),
        taxLines: taxLines(l.tax_lines),
      })),
    },
  };
}

function refund(b: Record<string, unknown>): Record<string, unknown> {
  const tx = (b.transactions as Record<string, unknown>[] | undefined) ?? [];
  const currency = tx[0]?.currency;
  return {
    id: b.admin_graphql_api_id,
    order: gidOf('Order', b.order_id),
    createdAt: utc(b.created_at),
    note: b.note ?? null,
    refundLineItems: {
      nodes: ((b.refund_line_items as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
        lineItem: gidOf('LineItem', r.line_item_id),
        quantity: r.quantity,
        restockType: typeof r.restock_type === 'string' ? r.restock_type.toUpperCase() : null,
        subtotalSet: money(r.subtotal, currency),
        totalTaxSet: money(r.total_tax, currency),
      })),
    },
    transactions: {
      nodes: tx.map((t) => ({
        id: `gid://shopify/OrderTransaction/${String(t.id)}`,
        kind: String(t.kind).toUpperCase(),
        status: String(t.status).toUpperCase(),
        gateway: t.gateway,
        amountSet: money(t.amount, t.currency),
      })),
    },
  };
}

function inventoryLevel(b: Record<string, unknown>): Record<string, unknown> {
  return {
    id: b.admin_graphql_api_id,
    item: gidOf('InventoryItem', b.inventory_item_id),
    location: gidOf('Location', b.location_id),
    quantities: [{ name: 'available', quantity: b.available }],
    updatedAt: utc(b.updated_at),
  };
}

function product(b: Record<string, unknown>): Record<string, unknown> {
  return {
    id: b.admin_graphql_api_id,
    legacyResourceId: String(b.id),
    title: b.title,
    handle: b.handle,
    status: typeof b.status === 'string' ? b.status.toUpperCase() : null,
    vendor: b.vendor,
    productType: b.product_type,
    createdAt: utc(b.created_at),
    updatedAt: utc(b.updated_at),
  };
}

const MAPPERS: Record<string, (b: Record<string, unknown>) => Record<string, unknown>> = {
  customers: customer,
  orders: order,
  refunds: refund,
  inventory_levels: inventoryLevel,
  products: product,
};
