import { type ConnectionArgs, mapConnection, paginate } from './connection.ts';
import type {
  InventoryItemRow,
  InventoryLevelRow,
  LocationRow,
  ProductRow,
  VariantRow,
} from './shop-rows.ts';
import { dateTime, gid, levelGid } from './shop-rows.ts';
import type { ShopStore } from './shop-store.ts';

/**
 * Products, variants, inventory items and levels, and locations as graphql-js resolves them.
 * A deleted product's rows are gone, so lookups for it resolve to null, as Shopify's do.
 */
export class CatalogueViews {
  constructor(protected readonly store: ShopStore) {}

  product(row: ProductRow): Record<string, unknown> {
    return {
      __typename: 'Product',
      id: gid('Product', row.id),
      legacyResourceId: String(row.id),
      title: row.title,
      handle: row.handle,
      status: row.status,
      vendor: row.vendor,
      productType: row.productType,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      variants: (args: ConnectionArgs) =>
        mapConnection(
          paginate(
            row.variantIds
              .map((id) => this.store.variants.get(id))
              .filter((v): v is VariantRow => Boolean(v)),
            args,
            (v) => v.id,
          ),
          (v) => this.variant(v),
        ),
    };
  }

  variant(row: VariantRow): Record<string, unknown> {
    const item = this.store.inventoryItems.get(row.inventoryItemId)!;
    const available = [...this.store.levels.values()]
      .filter((l) => l.itemId === item.id)
      .reduce((a, l) => a + l.quantities.available, 0);
    return {
      __typename: 'ProductVariant',
      id: gid('ProductVariant', row.id),
      legacyResourceId: String(row.id),
      title: row.title,
      sku: row.sku,
      price: row.price,
      compareAtPrice: row.compareAtPrice,
      inventoryQuantity: available,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      product: () => this.product(this.store.products.get(row.productId)!),
      inventoryItem: () => this.inventoryItem(item),
    };
  }

  inventoryItem(row: InventoryItemRow): Record<string, unknown> {
    const levels = () => [...this.store.levels.values()].filter((l) => l.itemId === row.id);
    return {
      __typename: 'InventoryItem',
      id: gid('InventoryItem', row.id),
      legacyResourceId: String(row.id),
      sku: row.sku,
      tracked: row.tracked,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      variant: () =>
        row.variantId && this.store.variants.has(row.variantId)
          ? this.variant(this.store.variants.get(row.variantId)!)
          : null,
      inventoryLevel: (args: { locationId: string }) => {
        const level = levels().find((l) => gid('Location', l.locationId) === args.locationId);
        return level ? this.level(level) : null;
      },
      inventoryLevels: (args: ConnectionArgs) =>
        mapConnection(
          paginate(levels(), args, (l) => l.id),
          (l) => this.level(l),
        ),
    };
  }

  level(row: InventoryLevelRow): Record<string, unknown> {
    return {
      __typename: 'InventoryLevel',
      id: levelGid(row),
      location: () => this.location(this.store.locations.get(row.locationId)!),
      item: () => this.inventoryItem(this.store.inventoryItems.get(row.itemId)!),
      quantities: (args: { names: string[] }) =>
        args.names
          .filter((n) => n in row.quantities)
          .map((n) => ({
            id: `gid://shopify/InventoryQuantity/${row.id}?inventory_item_id=${row.itemId}&name=${n}`,
            name: n,
            quantity: row.quantities[n as keyof typeof row.quantities],
            updatedAt: dateTime(row.updatedAt),
          })),
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
    };
  }

  location(row: LocationRow): Record<string, unknown> {
    return {
      __typename: 'Location',
      id: gid('Location', row.id),
      legacyResourceId: String(row.id),
      name: row.name,
      isActive: row.isActive,
      inventoryLevels: (args: ConnectionArgs) =>
        mapConnection(
          paginate(
            [...this.store.levels.values()].filter((l) => l.locationId === row.id),
            args,
            (l) => l.id,
          ),
          (l) => this.level(l),
        ),
    };
  }
}
