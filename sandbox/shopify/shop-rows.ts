/**
 * The simulator's stored rows. Amounts are decimal strings in the shop currency (never numbers);
 * times are epoch milliseconds truncated to whole seconds, because Shopify's `DateTime` values
 * carry second resolution (`2026-11-28T14:00:05Z`) — which is why many records share one
 * `updatedAt` and readers must tie-break by id.
 */

export interface MetafieldRow {
  id: number;
  namespace: string;
  key: string;
  value: string;
  type: string;
}

/** A customer's address, as Shopify's `MailingAddress`. */
export interface MailingAddressRow {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone: string | null;
}

/** `Customer.emailMarketingConsent`; Shopify has none for a customer without an email. */
export interface EmailMarketingConsentRow {
  marketingState: 'INVALID' | 'NOT_SUBSCRIBED' | 'PENDING' | 'REDACTED' | 'SUBSCRIBED' | 'UNSUBSCRIBED';
  marketingOptInLevel: 'CONFIRMED_OPT_IN' | 'SINGLE_OPT_IN' | 'UNKNOWN' | null;
  consentUpdatedAt: number | null;
}

export interface CustomerRow {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  state: 'DECLINED' | 'DISABLED' | 'ENABLED' | 'INVITED';
  verifiedEmail: boolean;
  defaultAddress: MailingAddressRow | null;
  emailMarketingConsent: EmailMarketingConsentRow | null;
  createdAt: number;
  updatedAt: number;
  metafields: MetafieldRow[];
}

export interface TaxLineRow {
  title: string;
  /** Rate as a decimal string (`"0.075"`); the API exposes it as a Float, as Shopify does. */
  rate: string;
  amount: string;
}

export interface DiscountAllocationRow {
  applicationIndex: number;
  amount: string;
}

export interface LineItemRow {
  id: number;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** References survive deletion of the product: the resolver returns null for a deleted one. */
  productId: number | null;
  variantId: number | null;
  unitPrice: string;
  discountAllocations: DiscountAllocationRow[];
  taxLines: TaxLineRow[];
  taxable: boolean;
  fulfilledQuantity: number;
}

export interface ShippingLineRow {
  id: number;
  title: string;
  code: string | null;
  price: string;
  discountedPrice: string;
  taxLines: TaxLineRow[];
}

export interface DiscountApplicationRow {
  index: number;
  kind: 'code' | 'manual';
  /** The code for a discount code, the title for a manual discount. */
  label: string;
  allocationMethod: 'ACROSS' | 'EACH';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
  valueType: 'fixed' | 'percentage';
  value: string;
}

export type TransactionKind =
  | 'AUTHORIZATION'
  | 'CAPTURE'
  | 'CHANGE'
  | 'EMV_AUTHORIZATION'
  | 'REFUND'
  | 'SALE'
  | 'SUGGESTED_REFUND'
  | 'VOID';

export interface TransactionRow {
  id: number;
  kind: TransactionKind;
  status: 'AWAITING_RESPONSE' | 'ERROR' | 'FAILURE' | 'PENDING' | 'SUCCESS' | 'UNKNOWN';
  gateway: string;
  amount: string;
  createdAt: number;
  parentId: number | null;
  authorizationExpiresAt: number | null;
  test: boolean;
}

export interface RefundLineItemRow {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK' | 'RETURN';
  unitPrice: string;
  subtotal: string;
  totalTax: string;
}

export interface RefundRow {
  id: number;
  orderId: number;
  note: string | null;
  createdAt: number;
  updatedAt: number;
  lineItems: RefundLineItemRow[];
  shippingAmount: string;
  /** Ids of this refund's transactions (rows live on the order). */
  transactionIds: number[];
}

export interface FulfillmentRow {
  id: number;
  status: 'CANCELLED' | 'ERROR' | 'FAILURE' | 'SUCCESS';
  createdAt: number;
  updatedAt: number;
}

export interface OrderRow {
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: number | null;
  currency: string;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  cancelledAt: number | null;
  closedAt: number | null;
  note: string | null;
  tags: string[];
  test: boolean;
  edited: boolean;
  taxesIncluded: boolean;
  lineItems: LineItemRow[];
  shippingLines: ShippingLineRow[];
  discountApplications: DiscountApplicationRow[];
  transactions: TransactionRow[];
  refunds: RefundRow[];
  fulfillments: FulfillmentRow[];
}

export interface ProductRow {
  id: number;
  title: string;
  handle: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  vendor: string;
  productType: string;
  createdAt: number;
  updatedAt: number;
  variantIds: number[];
}

export interface VariantRow {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  price: string;
  compareAtPrice: string | null;
  inventoryItemId: number;
  createdAt: number;
  updatedAt: number;
}

export interface InventoryItemRow {
  id: number;
  sku: string | null;
  tracked: boolean;
  variantId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface LocationRow {
  id: number;
  name: string;
  isActive: boolean;
}

/** Quantity names Shopify tracks per item and location. */
export const QUANTITY_NAMES = [
  'available',
  'on_hand',
  'committed',
  'incoming',
  'reserved',
  'damaged',
  'safety_stock',
  'quality_control',
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface InventoryLevelRow {
  id: number;
  itemId: number;
  locationId: number;
  quantities: Record<QuantityName, number>;
  createdAt: number;
  updatedAt: number;
}

/** `gid://shopify/Customer/7100000000001`, as every Admin GraphQL id is written. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric id in a gid of the expected type, or undefined when it is not one. */
export function parseGid(value: unknown, type: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return undefined;
  return Number(match[2]);
}

/**
 * An inventory level's gid: the location's id, the inventory item's id as a query —
 * `gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>` — so the id alone says
 * which item at which location (a level is that pair; it has no identity of its own).
 */
export function levelGid(level: { locationId: number; itemId: number }): string {
  return `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${level.itemId}`;
}

/** The location and inventory item of a level gid, or undefined when it is not one. */
export function parseLevelGid(value: unknown): { locationId: number; itemId: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/.exec(value);
  return match ? { locationId: Number(match[1]), itemId: Number(match[2]) } : undefined;
}

/** Shopify's DateTime text: ISO-8601 UTC with second resolution. */
export function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
