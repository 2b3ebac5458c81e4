/**
 * Generated Shopify records (Admin GraphQL shape, `sandbox/generator/README.md`) → the Shopify
 * simulator's stored rows, keeping every id. The simulator derives totals and display statuses
 * from lines and transactions, so the rows carry exactly what makes them come out as generated:
 * per-line discount allocations and tax lines, SALE/AUTHORIZATION/REFUND transactions (a SALE of
 * an order generated as PENDING is stored PENDING), fulfilled quantities from the fulfilment status.
 *
 * @example
 *   for await (const o of readBusinessRecords(dir, 'shopify/accord-goods-us/orders')) store.orders.set(...toOrderRow(o));
 */
import type {
  CustomerRow,
  EmailMarketingConsentRow,
  InventoryLevelRow,
  LineItemRow,
  MailingAddressRow,
  OrderRow,
  ProductRow,
  QuantityName,
  RefundRow,
  ShippingLineRow,
  TaxLineRow,
  TransactionRow,
  VariantRow,
} from '../../shopify/shop-rows.ts';
import { QUANTITY_NAMES } from '../../shopify/shop-rows.ts';
import type { ShopStore } from '../../shopify/shop-store.ts';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const nodes = (v: unknown): Json[] => list(obj(v).nodes);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => Number(v ?? 0);
/** `gid://shopify/Order/5000000003?x=y` → 5000000003. */
const idOf = (gid: unknown): number => Number(/\/(\d+)(\?|$)/.exec(String(gid))?.[1] ?? Number.NaN);
const ms = (iso: unknown): number => (typeof iso === 'string' ? Date.parse(iso) : 0);
const shopAmount = (set: unknown): string => String(obj(obj(set).shopMoney).amount ?? '0');

const taxLines = (v: unknown): TaxLineRow[] =>
  list(v).map((t) => ({
    title: String(t.title ?? 'Tax'),
    rate: String(t.rate ?? '0'),
    amount: shopAmount(t.priceSet),
  }));

function mailingAddress(v: unknown, customerId: number): MailingAddressRow | null {
  if (v === null || v === undefined) return null;
  const a = obj(v);
  return {
    // One default address per seeded customer: its id follows the customer's.
    id: num(a.legacyResourceId ?? customerId),
    firstName: str(a.firstName),
    lastName: str(a.lastName),
    company: str(a.company),
    address1: str(a.address1),
    address2: str(a.address2),
    city: str(a.city),
    province: str(a.province),
    provinceCode: str(a.provinceCode),
    zip: str(a.zip),
    country: str(a.country),
    countryCode: str(a.countryCodeV2),
    phone: str(a.phone),
  };
}

function marketingConsent(v: unknown): EmailMarketingConsentRow | null {
  if (v === null || v === undefined) return null;
  const c = obj(v);
  return {
    marketingState: (str(c.marketingState) ?? 'NOT_SUBSCRIBED') as EmailMarketingConsentRow['marketingState'],
    marketingOptInLevel: str(c.marketingOptInLevel) as EmailMarketingConsentRow['marketingOptInLevel'],
    consentUpdatedAt: typeof c.consentUpdatedAt === 'string' ? ms(c.consentUpdatedAt) : null,
  };
}

export function loadShopifyCustomer(store: ShopStore, c: Json): void {
  const row: CustomerRow = {
    id: num(c.legacyResourceId),
    email: str(c.email),
    firstName: str(c.firstName),
    lastName: str(c.lastName),
    phone: str(c.phone),
    note: str(c.note),
    tags: list(c.tags).map(String),
    state: (str(c.state) ?? 'ENABLED') as CustomerRow['state'],
    verifiedEmail: c.verifiedEmail === true,
    defaultAddress: mailingAddress(c.defaultAddress, num(c.legacyResourceId)),
    emailMarketingConsent: marketingConsent(c.emailMarketingConsent),
    createdAt: ms(c.createdAt),
    updatedAt: ms(c.updatedAt),
    metafields: [],
  };
  store.customers.set(row.id, row);
}

export function loadShopifyProduct(store: ShopStore, p: Json): void {
  const product: ProductRow = {
    id: num(p.legacyResourceId),
    title: String(p.title ?? ''),
    handle: String(p.handle ?? ''),
    status: (str(p.status) ?? 'ACTIVE') as ProductRow['status'],
    vendor: String(p.vendor ?? ''),
    productType: String(p.productType ?? ''),
    createdAt: ms(p.createdAt),
    updatedAt: ms(p.updatedAt),
    variantIds: [],
  };
  for (const v of nodes(p.variants)) {
    const itemId = idOf(obj(v.inventoryItem).id);
    const variant: VariantRow = {
      id: num(v.legacyResourceId),
      productId: product.id,
      title: String(v.title ?? 'Default Title'),
      sku: str(v.sku),
      price: String(v.price ?? '0'),
      compareAtPrice: str(v.compareAtPrice),
      inventoryItemId: itemId,
      createdAt: ms(v.createdAt),
      updatedAt: ms(v.updatedAt),
    };
    store.variants.set(variant.id, variant);
    store.inventoryItems.set(itemId, {
      id: itemId,
      sku: variant.sku,
      tracked: obj(v.inventoryItem).tracked !== false,
      variantId: variant.id,
      createdAt: variant.createdAt,
      updatedAt: variant.updatedAt,
    });
    product.variantIds.push(variant.id);
  }
  store.products.set(product.id, product);
}

/** Inventory levels; their locations are created on first sight (Shopify locations have names, the file has ids). */
export function loadShopifyInventoryLevel(store: ShopStore, level: Json, levelId: number): void {
  const locationId = idOf(obj(level.location).id);
  if (!store.locations.has(locationId)) {
    const name = obj(level.location).name;
    store.locations.set(locationId, {
      id: locationId,
      name: typeof name === 'string' ? name : `Warehouse ${locationId}`,
      isActive: true,
    });
  }
  const quantities = Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>;
  for (const q of list(level.quantities)) {
    if ((QUANTITY_NAMES as readonly string[]).includes(String(q.name))) {
      quantities[q.name as QuantityName] = num(q.quantity);
    }
  }
  const row: InventoryLevelRow = {
    id: levelId,
    itemId: idOf(obj(level.item).id),
    locationId,
    quantities,
    createdAt: ms(level.updatedAt),
    updatedAt: ms(level.updatedAt),
  };
  store.levels.set(row.id, row);
}

/** The shop's variants by SKU, for linking order lines (build once, after the products). */
export function variantsBySku(store: ShopStore): Map<string | null, VariantRow> {
  return new Map([...store.variants.values()].map((v) => [v.sku, v]));
}

export function loadShopifyOrder(
  store: ShopStore,
  o: Json,
  variantBySku: Map<string | null, VariantRow>,
): void {
  const fulfilled = o.displayFulfillmentStatus === 'FULFILLED';
  const pending = o.displayFinancialStatus === 'PENDING';
  const lineItems: LineItemRow[] = nodes(o.lineItems).map((l) => {
    const variant = variantBySku.get(str(l.sku));
    return {
      id: idOf(l.id),
      title: String(l.title ?? ''),
      variantTitle: variant?.title ?? null,
      sku: str(l.sku),
      quantity: num(l.quantity),
      productId: variant?.productId ?? null,
      variantId: variant?.id ?? null,
      unitPrice: shopAmount(l.originalUnitPriceSet),
      discountAllocations: list(l.discountAllocations).map((d) => ({
        applicationIndex: 0,
        amount: shopAmount(d.allocatedAmountSet),
      })),
      taxLines: taxLines(l.taxLines),
      taxable: l.taxable !== false,
      fulfilledQuantity: fulfilled ? num(l.quantity) : 0,
    };
  });
  const shippingLines: ShippingLineRow[] = nodes(o.shippingLines).map((s, i) => ({
    id: idOf(o.legacyResourceId) * 10 + i,
    title: String(s.title ?? ''),
    code: str(s.code),
    price: shopAmount(s.originalPriceSet),
    discountedPrice: shopAmount(s.discountedPriceSet),
    taxLines: taxLines(s.taxLines),
  }));
  const transactions: TransactionRow[] = list(o.transactions).map((t) => ({
    id: idOf(t.id),
    kind: String(t.kind) as TransactionRow['kind'],
    status: (pending ? 'PENDING' : String(t.status ?? 'SUCCESS')) as TransactionRow['status'],
    gateway: String(t.gateway ?? 'stripe'),
    amount: shopAmount(t.amountSet),
    createdAt: ms(t.processedAt),
    parentId: null,
    // The file says AUTHORIZED; a 2025 authorisation would have expired by the simulator's clock.
    authorizationExpiresAt: null,
    test: false,
  }));
  const refundTransactions = transactions.filter((t) => t.kind === 'REFUND');
  const refunds: RefundRow[] = list(o.refunds).map((r, i) => {
    const lines = nodes(r.refundLineItems).map((rl, j) => {
      const quantity = num(rl.quantity);
      return {
        id: idOf(r.id) * 100 + j,
        lineItemId: idOf(obj(rl.lineItem).id),
        quantity,
        restockType: (str(rl.restockType) ?? 'NO_RESTOCK') as RefundRow['lineItems'][number]['restockType'],
        unitPrice: shopAmount(rl.subtotalSet),
        subtotal: shopAmount(rl.subtotalSet),
        totalTax: shopAmount(rl.totalTaxSet),
      };
    });
    const transaction = refundTransactions[i];
    return {
      id: idOf(r.id),
      orderId: num(o.legacyResourceId),
      note: str(r.note),
      createdAt: ms(r.createdAt),
      updatedAt: ms(r.createdAt),
      lineItems: lines,
      shippingAmount: '0',
      transactionIds: transaction ? [transaction.id] : [],
    };
  });
  const number = Number(String(o.name ?? '#0').replace(/\D/g, ''));
  const row: OrderRow = {
    id: num(o.legacyResourceId),
    number,
    name: String(o.name ?? `#${number}`),
    email: str(o.email),
    phone: str(o.phone),
    customerId: o.customer ? idOf(obj(o.customer).id) : null,
    currency: String(o.currencyCode ?? store.currency),
    createdAt: ms(o.createdAt),
    updatedAt: ms(o.updatedAt),
    processedAt: ms(o.processedAt ?? o.createdAt),
    cancelledAt: o.cancelledAt ? ms(o.cancelledAt) : null,
    closedAt: o.closedAt ? ms(o.closedAt) : null,
    note: str(o.note),
    tags: list(o.tags).map(String),
    test: false,
    edited: false,
    taxesIncluded: o.taxesIncluded === true,
    lineItems,
    shippingLines,
    discountApplications: nodes(o.discountApplications).map((d, index) => {
      const value = obj(d.value);
      const percentage = value.percentage !== undefined;
      return {
        index,
        kind: d.code ? 'code' : 'manual',
        label: String(d.code ?? d.title ?? ''),
        allocationMethod: (str(d.allocationMethod) ?? 'ACROSS') as 'ACROSS' | 'EACH',
        targetType: (str(d.targetType) ?? 'LINE_ITEM') as 'LINE_ITEM' | 'SHIPPING_LINE',
        valueType: percentage ? 'percentage' : 'fixed',
        value: percentage ? String(value.percentage) : shopAmount(value.amount ? { shopMoney: value } : {}),
      };
    }),
    transactions,
    refunds,
    fulfillments: fulfilled
      ? [
          {
            id: num(o.legacyResourceId),
            status: 'SUCCESS',
            createdAt: ms(o.updatedAt),
            updatedAt: ms(o.updatedAt),
          },
        ]
      : [],
  };
  store.orders.set(row.id, row);
}
