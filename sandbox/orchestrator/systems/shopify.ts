/**
 * Shopify in the sandbox: one Admin API simulator per generated shop (US, EU, UK, JP, KW), each
 * with its own domain, currency and access token. Generated records are converted to stored rows
 * (`shopify-rows.ts`); snapshots are the shop's rows as JSON (the simulator has none of its own).
 */
import { randomBytes } from 'node:crypto';
import { readBusinessRecords } from '../../generator/index.ts';
import type { Region } from '../../generator/regions.ts';
import { type ShopifySimulator, startShopifySimulator } from '../../shopify/index.ts';
import type { ShopStore } from '../../shopify/shop-store.ts';
import type { StartContext, SystemDriver } from '../sandbox-system.ts';
import { readState, writeState } from './json-state.ts';
import {
  loadShopifyCustomer,
  loadShopifyInventoryLevel,
  loadShopifyOrder,
  loadShopifyProduct,
  variantsBySku,
} from './shopify-rows.ts';

const FORMAT = 'accord-shopify-shop/1';
const TABLES = [
  'customers',
  'orders',
  'products',
  'variants',
  'inventoryItems',
  'locations',
  'levels',
] as const;
type ShopState = Record<(typeof TABLES)[number], [number, unknown][]>;

/** Next ids the store hands out must be above every id a restored shop holds. */
const SEQUENCES: Record<string, (s: ShopStore) => number[]> = {
  Customer: (s) => [...s.customers.keys()],
  Order: (s) => [...s.orders.keys()],
  Product: (s) => [...s.products.keys()],
  ProductVariant: (s) => [...s.variants.keys()],
  InventoryItem: (s) => [...s.inventoryItems.keys()],
  Location: (s) => [...s.locations.keys()],
  InventoryLevel: (s) => [...s.levels.keys()],
};

function advanceSequences(store: ShopStore): void {
  for (const [type, ids] of Object.entries(SEQUENCES)) {
    const max = Math.max(0, ...ids(store));
    // The store's bases (7100000000000…) sit far above the generated ids: only ids the API
    // created before the snapshot need skipping, a handful.
    let next = store.nextId(type);
    while (next <= max) next = store.nextId(type);
  }
}

async function loadGenerated(store: ShopStore, dir: string, handle: string): Promise<void> {
  for await (const c of readBusinessRecords(dir, `shopify/${handle}/customers`))
    loadShopifyCustomer(store, c);
  for await (const p of readBusinessRecords(dir, `shopify/${handle}/products`)) loadShopifyProduct(store, p);
  let levelId = 62_000_000;
  for await (const l of readBusinessRecords(dir, `shopify/${handle}/inventoryLevels`)) {
    loadShopifyInventoryLevel(store, l, ++levelId);
  }
  const variants = variantsBySku(store);
  for await (const o of readBusinessRecords(dir, `shopify/${handle}/orders`))
    loadShopifyOrder(store, o, variants);
}

/** The sandbox name of a shop: `shopify` for the US shop, `shopify-eu` … for the others. */
export const shopSystemName = (region: Region): string =>
  region.key === 'us' ? 'shopify' : `shopify-${region.key}`;

export function shopifyDriver(region: Region): SystemDriver<ShopifySimulator> {
  const name = shopSystemName(region);
  const envPrefix = name.toUpperCase().replace(/-/g, '_');
  return {
    name,
    newCredentials: () => ({
      accessToken: `shpat_${randomBytes(16).toString('hex')}`,
      apiSecret: `shpss_${randomBytes(16).toString('hex')}`,
    }),
    async start({ port, credentials, source }: StartContext) {
      const sim = await startShopifySimulator({
        accessToken: credentials.accessToken ?? '',
        apiSecret: credentials.apiSecret ?? '',
        shop: { shopName: region.subsidiary.name, domain: region.shop.domain, currency: region.currency },
        ...(port ? { port } : {}),
      });
      try {
        if (source.kind === 'generated') await loadGenerated(sim.store, source.dir, region.shop.handle);
        else {
          const state = await readState<ShopState>(source.file, FORMAT);
          for (const table of TABLES) {
            const map = sim.store[table] as Map<number, unknown>;
            for (const [id, row] of state[table]) map.set(id, row);
          }
          advanceSequences(sim.store);
        }
      } catch (error) {
        await sim.close();
        throw error;
      }
      return {
        name,
        url: sim.url,
        port: Number(new URL(sim.url).port),
        credentials: { shop: region.shop.domain, accessToken: sim.accessToken, apiSecret: sim.apiSecret },
        env: {
          [`${envPrefix}_ADMIN_TOKEN`]: sim.accessToken,
          [`${envPrefix}_WEBHOOK_SECRET`]: sim.apiSecret,
        },
        sim,
        snapshot: (file) =>
          writeState(
            file,
            FORMAT,
            Object.fromEntries(TABLES.map((t) => [t, [...(sim.store[t] as Map<number, unknown>).entries()]])),
          ),
        close: () => sim.close(),
      };
    },
  };
}
