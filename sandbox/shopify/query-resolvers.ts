import { GraphQLError } from 'graphql';
import { type ConnectionArgs, mapConnection, paginate } from './connection.ts';
import { financialStatus, fulfillmentStatus } from './order-totals.ts';
import { compileSearch, type FieldReader } from './search-query.ts';
import type { CustomerRow, InventoryItemRow, OrderRow, ProductRow } from './shop-rows.ts';
import { parseGid, parseLevelGid } from './shop-rows.ts';
import type { ShopStore } from './shop-store.ts';
import type { Views } from './views.ts';

type SearchArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

const CUSTOMER_FIELDS = new Set([
  'email',
  'first_name',
  'last_name',
  'phone',
  'tag',
  'state',
  'id',
  'updated_at',
  'created_at',
  'country',
]);
const readCustomer: FieldReader<CustomerRow> = (c, f) =>
  ({
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    phone: c.phone,
    tag: c.tags,
    state: c.state.toLowerCase(),
    id: c.id,
    updated_at: c.updatedAt,
    created_at: c.createdAt,
  })[f];

const PRODUCT_FIELDS = new Set([
  'title',
  'status',
  'vendor',
  'product_type',
  'id',
  'updated_at',
  'created_at',
  'sku',
]);
const INVENTORY_ITEM_FIELDS = new Set(['sku', 'id', 'updated_at', 'created_at']);
const ORDER_FIELDS = new Set([
  'email',
  'name',
  'financial_status',
  'fulfillment_status',
  'customer_id',
  'id',
  'updated_at',
  'created_at',
  'processed_at',
  'tag',
  'test',
]);

/**
 * The query root: connections with Shopify's `query:` search, `sortKey` and `reverse`, lookups
 * by gid (null when absent or deleted, as Shopify answers), and `customerByIdentifier`.
 */
export function queryResolvers(store: ShopStore, views: Views, scopes: readonly string[]) {
  // Without read_all_orders an app sees only the last 60 days of orders — silently: older
  // orders are simply not there (shopify.dev, "read_all_orders" access scope).
  const visible = (o: OrderRow) =>
    scopes.includes('read_all_orders') || o.createdAt >= store.now() - 60 * 24 * 3600_000;
  const readOrder: FieldReader<OrderRow> = (o, f) =>
    ({
      email: o.email,
      name: o.name,
      financial_status: financialStatus(o, store.now()).toLowerCase(),
      fulfillment_status: fulfillmentStatus(o).toLowerCase(),
      customer_id: o.customerId,
      id: o.id,
      updated_at: o.updatedAt,
      created_at: o.createdAt,
      processed_at: o.processedAt,
      tag: o.tags,
      test: String(o.test),
    })[f];
  const readProduct: FieldReader<ProductRow> = (p, f) =>
    ({
      title: p.title,
      status: p.status.toLowerCase(),
      vendor: p.vendor,
      product_type: p.productType,
      id: p.id,
      updated_at: p.updatedAt,
      created_at: p.createdAt,
      sku: p.variantIds.map((v) => store.variants.get(v)?.sku ?? '').filter(Boolean),
    })[f];
  const readItem: FieldReader<InventoryItemRow> = (i, f) =>
    ({ sku: i.sku, id: i.id, updated_at: i.updatedAt, created_at: i.createdAt })[f];

  const sortBy = <T extends { id: number; updatedAt: number; createdAt: number }>(
    key: string | null | undefined,
  ) => {
    switch (key) {
      case 'UPDATED_AT':
        return (r: T) => r.updatedAt;
      case 'CREATED_AT':
        return (r: T) => r.createdAt;
      case 'PROCESSED_AT':
        return (r: T) => (r as unknown as OrderRow).processedAt ?? r.createdAt;
      case 'NAME':
        return (r: T) => {
          const c = r as unknown as CustomerRow;
          return `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim().toLowerCase();
        };
      case 'TITLE':
        return (r: T) => (r as unknown as ProductRow).title.toLowerCase();
      default:
        return (r: T) => r.id;
    }
  };

  const customerOf = (id: unknown) => {
    const n = parseGid(id, 'Customer');
    const row = n === undefined ? undefined : store.customers.get(n);
    return row ? views.customer(row) : null;
  };
  const orderOf = (id: unknown) => {
    const n = parseGid(id, 'Order');
    const row = n === undefined ? undefined : store.orders.get(n);
    return row && visible(row) ? views.order(row) : null;
  };

  return {
    currentAppInstallation: () => ({
      id: 'gid://shopify/AppInstallation/1',
      accessScopes: scopes.map((handle) => ({ handle })),
    }),
    shop: () => ({
      id: 'gid://shopify/Shop/1',
      name: store.shopName,
      myshopifyDomain: store.domain,
      currencyCode: store.currency,
      enabledPresentmentCurrencies: [store.currency],
    }),
    node: (args: { id: string }) => {
      const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(args.id)?.[1];
      if (type === 'Customer') return customerOf(args.id);
      if (type === 'Order') return orderOf(args.id);
      const n = parseGid(args.id, type ?? '');
      if (n === undefined) return null;
      if (type === 'Product') return store.products.has(n) ? views.product(store.products.get(n)!) : null;
      if (type === 'ProductVariant')
        return store.variants.has(n) ? views.variant(store.variants.get(n)!) : null;
      if (type === 'InventoryItem')
        return store.inventoryItems.has(n) ? views.inventoryItem(store.inventoryItems.get(n)!) : null;
      if (type === 'Location') return store.locations.has(n) ? views.location(store.locations.get(n)!) : null;
      return null;
    },
    customer: (args: { id: string }) => customerOf(args.id),
    customerByIdentifier: (args: {
      identifier: {
        id?: string;
        emailAddress?: string;
        phoneNumber?: string;
        customId?: { namespace?: string; key: string; value: string };
      };
    }) => {
      const { id, emailAddress, phoneNumber, customId } = args.identifier;
      if (id) return customerOf(id);
      if (emailAddress) {
        const row = store.findCustomerByEmail(emailAddress);
        return row ? views.customer(row) : null;
      }
      if (phoneNumber) {
        const row = store.findCustomerByPhone(phoneNumber);
        return row ? views.customer(row) : null;
      }
      if (customId) {
        const namespace = customId.namespace ?? '$app';
        if (!store.isUniqueDefinition(namespace, customId.key)) {
          throw new GraphQLError(
            `Metafield definition of type 'id' is required for using custom ids (${namespace}.${customId.key}).`,
            { extensions: { code: 'BAD_REQUEST' } },
          );
        }
        const row = store.findCustomerByCustomId(namespace, customId.key, customId.value);
        return row ? views.customer(row) : null;
      }
      return null;
    },
    customers: (args: SearchArgs) => {
      const rows = [...store.customers.values()].filter(
        compileSearch(args.query, readCustomer, CUSTOMER_FIELDS),
      );
      return mapConnection(paginate(rows, args, sortBy<CustomerRow>(args.sortKey)), (r) => views.customer(r));
    },
    order: (args: { id: string }) => orderOf(args.id),
    orders: (args: SearchArgs) => {
      const rows = [...store.orders.values()]
        .filter(visible)
        .filter(compileSearch(args.query, readOrder, ORDER_FIELDS));
      return mapConnection(paginate(rows, args, sortBy<OrderRow>(args.sortKey)), (r) => views.order(r));
    },
    refund: (args: { id: string }) => {
      const n = parseGid(args.id, 'Refund');
      for (const order of store.orders.values()) {
        const refund = order.refunds.find((r) => r.id === n);
        if (refund) return views.refund(refund, order);
      }
      return null;
    },
    product: (args: { id: string }) => {
      const n = parseGid(args.id, 'Product');
      const row = n === undefined ? undefined : store.products.get(n);
      return row ? views.product(row) : null;
    },
    products: (args: SearchArgs) => {
      const rows = [...store.products.values()].filter(
        compileSearch(args.query, readProduct, PRODUCT_FIELDS),
      );
      return mapConnection(paginate(rows, args, sortBy<ProductRow>(args.sortKey)), (r) => views.product(r));
    },
    productVariant: (args: { id: string }) => {
      const n = parseGid(args.id, 'ProductVariant');
      const row = n === undefined ? undefined : store.variants.get(n);
      return row ? views.variant(row) : null;
    },
    inventoryItem: (args: { id: string }) => {
      const n = parseGid(args.id, 'InventoryItem');
      const row = n === undefined ? undefined : store.inventoryItems.get(n);
      return row ? views.inventoryItem(row) : null;
    },
    inventoryItems: (args: SearchArgs) => {
      const rows = [...store.inventoryItems.values()].filter(
        compileSearch(args.query, readItem, INVENTORY_ITEM_FIELDS),
      );
      return mapConnection(
        paginate(rows, args, (r) => r.id),
        (r) => views.inventoryItem(r),
      );
    },
    inventoryLevel: (args: { id: string }) => {
      const ids = parseLevelGid(args.id);
      const row = ids && store.level(ids.itemId, ids.locationId);
      return row ? views.level(row) : null;
    },
    location: (args: { id?: string | null }) => {
      const row = args.id
        ? store.locations.get(parseGid(args.id, 'Location') ?? -1)
        : store.locations.values().next().value;
      return row ? views.location(row) : null;
    },
    locations: (args: SearchArgs) =>
      mapConnection(
        paginate([...store.locations.values()], args, (r) => r.id),
        (r) => views.location(r),
      ),
  };
}
