/**
 * Projects the catalogue: NetSuite inventory items (inactive once discontinued), one product per
 * item in every shop (ARCHIVED once discontinued) with its inventory level, and the WMS's stock
 * per SKU and warehouse. The items discontinued mid-sync are inactive in NetSuite but still ACTIVE
 * in every shop — one manifest entry per shop.
 */
import type { GenerationContext } from './generation-context.ts';
import { PERIOD, REGIONS, type Region, stockLocationOf } from './regions.ts';
import { netSuiteInventoryBalance, netSuiteItem } from './shapes/netsuite-shapes.ts';
import { shopifyInventoryLevel, shopifyProduct } from './shapes/shopify-shapes.ts';
import { wmsStockLevel } from './shapes/wms-shapes.ts';
import type { TruthItem } from './truth.ts';
import { itemJson } from './truth-json.ts';

/** When a mid-sync item is made inactive in NetSuite: after its order was placed, before it synced. */
export const MID_SYNC_INACTIVE_AT = PERIOD.end - 10 * 60_000;

export function projectItem(ctx: GenerationContext, item: TruthItem): void {
  const midSync = item.cases.includes('discontinuedMidSync');
  const inactiveAt = midSync ? MID_SYNC_INACTIVE_AT : item.discontinuedAt;
  ctx.emit('netsuite/inventoryItem', netSuiteItem(item, inactiveAt));
  const shopifyIds: Record<string, string> = {};
  REGIONS.forEach((region, r) => {
    const ids = {
      product: 8_000_000_000 + item.index * 8 + r,
      variant: 44_000_000_000 + item.index * 8 + r,
      inventoryItem: 46_000_000_000 + item.index * 8 + r,
    };
    shopifyIds[region.key] = `gid://shopify/Product/${ids.product}`;
    // Shopify archives a season's items a day after NetSuite; the mid-sync item not yet at all.
    const archived = !midSync && item.discontinuedAt !== null;
    const updatedAt = archived ? item.discontinuedAt! + 86_400_000 : item.introducedAt;
    ctx.emit(
      `shopify/${region.shop.handle}/products`,
      shopifyProduct(item, region, ids, archived ? 'ARCHIVED' : 'ACTIVE', updatedAt),
    );
    ctx.emit('netsuite/InventoryBalance', netSuiteInventoryBalance(item, region));
    projectShopStock(ctx, item, region, ids.inventoryItem);
    if (midSync) {
      ctx.manifest.disagree({
        kind: 'awkward',
        category: 'discontinued-mid-sync',
        systems: ['netsuite', 'shopify'],
        entity: 'item',
        keys: {
          netsuite: item.netsuiteId,
          shopify: shopifyIds[region.key]!,
          shop: region.shop.domain,
          match: item.sku,
        },
        field: 'active',
        values: { netsuite: false, shopify: true },
        description: `${item.sku} made inactive in NetSuite mid-sync; ${region.shop.domain} still sells it`,
      });
    }
  });
  const byWarehouse = new Map<string, number>();
  for (const region of REGIONS)
    byWarehouse.set(region.warehouse, (byWarehouse.get(region.warehouse) ?? 0) + item.stock[region.key]);
  for (const [location, onHand] of byWarehouse) {
    ctx.emit('wms/stockLevels', wmsStockLevel(location, item.sku, onHand, item.introducedAt));
  }
  ctx.emit('truth/items', itemJson(item, shopifyIds));
}

/** Units the US shop shows beyond NetSuite for a drifted item: a count never pushed to the shop. */
export const STOCK_DRIFT = 7;

/**
 * The item's inventory level in a region's shop: NetSuite's quantity, except for the US shop's
 * planted stock disagreements — a drifted quantity (which the inventory flow corrects: the one
 * write it has to make) or no level at all (NetSuite stocks the item at the shop's location, the
 * shop does not: the flow parks it for review and the reconciliation reports it missing).
 */
function projectShopStock(
  ctx: GenerationContext,
  item: TruthItem,
  region: Region,
  inventoryItemId: number,
): void {
  const stock = item.stock[region.key];
  const plant = region.key === 'us' ? item.stockPlant : undefined;
  const location = stockLocationOf(region).name;
  const keys = {
    netsuite: `${item.netsuiteId}:${stockLocationOf(region).netsuiteId}`,
    shop: region.shop.domain,
    match: `${item.sku}@${location}`,
  };
  if (plant === 'unstocked') {
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'unstocked-level',
      systems: ['netsuite', 'shopify'],
      entity: 'inventoryLevel',
      keys,
      field: 'exists',
      values: { netsuite: true, shopify: false },
      description: `NetSuite holds ${stock} of ${item.sku} at ${location}; ${region.shop.domain} does not stock it there`,
    });
    return;
  }
  const available = plant === 'drift' ? stock + STOCK_DRIFT : stock;
  const level = shopifyInventoryLevel(item, region, inventoryItemId, available);
  ctx.emit(`shopify/${region.shop.handle}/inventoryLevels`, level);
  if (plant === 'drift') {
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'different-quantity',
      systems: ['netsuite', 'shopify'],
      entity: 'inventoryLevel',
      keys: { ...keys, shopify: String(level.id) },
      field: 'available',
      values: { netsuite: stock, shopify: available },
      description: `${region.shop.domain} shows ${available} of ${item.sku} at ${location}, NetSuite ${stock}: a stock count never pushed to the shop (the inventory flow corrects it)`,
    });
  }
}
