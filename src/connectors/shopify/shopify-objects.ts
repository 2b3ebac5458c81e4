import type { SystemRecord } from '../connector.ts';
import type { FieldArguments } from './projected-selection.ts';

/**
 * What the connector reads of each Shopify object type: the GraphQL selection, how Accord's field
 * names map to Shopify's search syntax, and the requested cost of one node (checked against the
 * simulator's cost calculator in a test, so a richer selection cannot silently blow the 1000-point
 * single-query limit).
 */
export interface ShopifyObject {
  /** Accord's canonical object type name: the Admin API type name (`Customer`). */
  name: string;
  /** The Admin API type (`Customer`). */
  graphqlType: string;
  /** The root connection (`customers`) and single lookup (`customer`) fields. */
  connection: string;
  single: string;
  /** Selection of one node, as a fragment body on `graphqlType`. */
  selection: string;
  /** Requested cost of one node of `selection` (excluding the node's own 1 point). */
  nodeCost: number;
  /**
   * Whether records carry Accord's external id (the `id` metafield): the selection then needs the
   * `$eidNamespace`/`$eidKey` variables, and `getByExternalId` works.
   */
  keyedByExternalId: boolean;
  /** Whether the connection accepts `sortKey: UPDATED_AT` (inventoryItems does not). */
  sortsByUpdatedAt: boolean;
  /** Accord field → Shopify search field, for `findByField`. Others are refused, never ignored. */
  searchFields: Record<string, string>;
  /**
   * Arguments of the fields that take them, for a selection projected from a contract's paths
   * (projected-selection.ts); the same sizes as `selection` uses.
   */
  arguments?: Record<string, FieldArguments>;
}

const connectionOf = (first: number): FieldArguments => ({
  args: `(first: ${first})`,
  size: first,
  connection: true,
});

const money = 'shopMoney { amount currencyCode }';
const taxLine = `title rate priceSet { ${money} }`;

export const CUSTOMER_SELECTION = `
  id legacyResourceId email firstName lastName phone note tags state verifiedEmail createdAt updatedAt
  externalId: metafield(namespace: $eidNamespace, key: $eidKey) { value }`;

const ORDER_SELECTION = `
  id legacyResourceId name email phone note tags test edited createdAt updatedAt processedAt cancelledAt closedAt
  currencyCode presentmentCurrencyCode taxesIncluded displayFinancialStatus displayFulfillmentStatus discountCodes
  customer { id email }
  subtotalPriceSet { ${money} } totalDiscountsSet { ${money} } totalShippingPriceSet { ${money} }
  totalTaxSet { ${money} } totalPriceSet { ${money} } totalRefundedSet { ${money} } totalReceivedSet { ${money} }
  totalOutstandingSet { ${money} } currentTotalPriceSet { ${money} }
  taxLines { ${taxLine} }
  lineItems(first: 10) { pageInfo { hasNextPage } nodes {
    id name title sku quantity currentQuantity product { id productType } variant { id }
    originalUnitPriceSet { ${money} } totalDiscountSet { ${money} } discountedTotalSet { ${money} }
    taxLines { ${taxLine} } } }
  shippingLines(first: 2) { nodes { title code originalPriceSet { ${money} } discountedPriceSet { ${money} } taxLines { ${taxLine} } } }
  transactions(first: 5) { id kind status gateway createdAt amountSet { ${money} } parentTransaction { id } }
  refunds(first: 2) { id createdAt note totalRefundedSet { ${money} }
    refundLineItems(first: 5) { nodes { lineItem { id } quantity restockType subtotalSet { ${money} } totalTaxSet { ${money} } } }
    transactions(first: 2) { nodes { id kind status gateway amountSet { ${money} } } } }`;

const PRODUCT_SELECTION = `
  id legacyResourceId title handle status vendor productType createdAt updatedAt
  variants(first: 20) { pageInfo { hasNextPage } nodes { id legacyResourceId title sku price compareAtPrice inventoryItem { id } } }`;

const INVENTORY_ITEM_SELECTION = `
  id legacyResourceId sku tracked createdAt updatedAt variant { id }
  inventoryLevels(first: 10) { nodes { id location { id name } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } }`;

export const SHOPIFY_OBJECTS: Record<string, ShopifyObject> = {
  Customer: {
    name: 'Customer',
    graphqlType: 'Customer',
    connection: 'customers',
    single: 'customer',
    selection: CUSTOMER_SELECTION,
    nodeCost: 1,
    keyedByExternalId: true,
    sortsByUpdatedAt: true,
    searchFields: {
      email: 'email',
      phone: 'phone',
      firstName: 'first_name',
      lastName: 'last_name',
      tags: 'tag',
      state: 'state',
    },
  },
  Order: {
    name: 'Order',
    graphqlType: 'Order',
    connection: 'orders',
    single: 'order',
    selection: ORDER_SELECTION,
    nodeCost: 268,
    keyedByExternalId: false,
    sortsByUpdatedAt: true,
    searchFields: {
      email: 'email',
      name: 'name',
      displayFinancialStatus: 'financial_status',
      customerId: 'customer_id',
    },
    arguments: {
      lineItems: connectionOf(10),
      shippingLines: connectionOf(2),
      refundLineItems: connectionOf(5),
      transactions: { args: '(first: 5)', size: 5, connection: false },
      refunds: { args: '(first: 2)', size: 2, connection: false },
    },
  },
  Product: {
    name: 'Product',
    graphqlType: 'Product',
    connection: 'products',
    single: 'product',
    selection: PRODUCT_SELECTION,
    nodeCost: 42,
    keyedByExternalId: false,
    sortsByUpdatedAt: true,
    searchFields: {
      title: 'title',
      status: 'status',
      vendor: 'vendor',
      productType: 'product_type',
      sku: 'sku',
    },
    arguments: { variants: connectionOf(20) },
  },
  InventoryItem: {
    name: 'InventoryItem',
    graphqlType: 'InventoryItem',
    connection: 'inventoryItems',
    single: 'inventoryItem',
    selection: INVENTORY_ITEM_SELECTION,
    nodeCost: 33,
    keyedByExternalId: false,
    sortsByUpdatedAt: false,
    searchFields: { sku: 'sku' },
    arguments: {
      inventoryLevels: connectionOf(10),
      quantities: { args: '(names: ["available", "on_hand", "committed"])', size: 3, connection: false },
    },
  },
};

/**
 * Lower-case names accepted for the canonical GraphQL type names: the connector's first names,
 * still used by older contracts and by webhook records (`customers/update` → `customer`).
 */
export const SHOPIFY_OBJECT_ALIASES: Readonly<Record<string, string>> = {
  customer: 'Customer',
  order: 'Order',
  product: 'Product',
  inventoryItem: 'InventoryItem',
};

/**
 * The readable object a contract's record name means — its GraphQL type name (`Order`) or a
 * lower-case alias (`order`) — or undefined for a name Shopify's connector does not read.
 *
 * @example shopifyObjectNamed('order')?.graphqlType; // 'Order'
 */
export function shopifyObjectNamed(name: string): ShopifyObject | undefined {
  return SHOPIFY_OBJECTS[SHOPIFY_OBJECT_ALIASES[name] ?? name];
}

/** Every name a contract may use, canonical first, for error messages. */
export function shopifyObjectNames(): string {
  const aliases = Object.entries(SHOPIFY_OBJECT_ALIASES).map(([alias, name]) => `${alias} (= ${name})`);
  // InventoryLevel has no root connection: read through locations (inventory-levels.ts).
  return [
    ...Object.keys(SHOPIFY_OBJECTS),
    'InventoryLevel',
    ...aliases,
    'inventoryLevel (= InventoryLevel)',
  ].join(', ');
}

/** Shopify's second-resolution DateTime as Accord's millisecond ISO instant. */
export function isoMillis(dateTime: string): string {
  return new Date(dateTime).toISOString();
}

/** A node as a SystemRecord: gid id, the external id metafield lifted out, fields as Shopify gave them. */
export function toSystemRecord(objectType: string, node: Record<string, unknown>): SystemRecord {
  const { externalId, ...fields } = node as { externalId?: { value?: string } | null } & Record<
    string,
    unknown
  >;
  return {
    objectType,
    id: String(node.id),
    externalId: externalId?.value ?? undefined,
    modifiedAt: isoMillis(String(node.updatedAt)),
    fields,
  };
}

/**
 * Compares two records' `(modifiedAt, id)` positions. Shopify ids of one type have the same
 * number of digits in practice, but numbers are compared as numbers to be safe.
 */
export function comparePosition(
  a: { modifiedAt: string; id: string },
  b: { modifiedAt: string; id: string },
): number {
  if (a.modifiedAt !== b.modifiedAt) return a.modifiedAt < b.modifiedAt ? -1 : 1;
  const na = Number(/(\d+)(\?.*)?$/.exec(a.id)?.[1] ?? Number.NaN);
  const nb = Number(/(\d+)(\?.*)?$/.exec(b.id)?.[1] ?? Number.NaN);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
