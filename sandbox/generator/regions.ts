/**
 * The business's OneWorld shape: one subsidiary, one Shopify shop and one warehouse location per
 * region, each in its own currency (USD, EUR, GBP, JPY, KWD), with the tax and price rules a real
 * shop there would use. NetSuite internal ids for subsidiaries and currencies are fixed, so every
 * simulator load sees the same references.
 *
 * @example
 *   REGIONS.find((r) => r.currency === 'KWD')?.taxRateBps // 0 — Kuwait has no VAT
 */

export interface Region {
  key: 'us' | 'eu' | 'uk' | 'jp' | 'kw';
  currency: 'USD' | 'EUR' | 'GBP' | 'JPY' | 'KWD';
  currencyName: string;
  subsidiary: { id: string; name: string; country: string };
  currencyId: string;
  shop: { domain: string; handle: string; locationId: number };
  /** Units of this currency per USD, as a decimal string (month-end rate for the period). */
  usdRate: string;
  /** Default tax rate in basis points (1/100 of a percent); per-country overrides in locales. */
  taxRateBps: number;
  taxTitle: string;
  /** Prices end on a multiple of this many minor units (¥10, 0.010 KWD — Stripe's KWD rule). */
  priceStep: bigint;
  /** Share of customers in this region (per mille). */
  weight: number;
  warehouse: string;
}

export const REGIONS: readonly Region[] = [
  {
    key: 'us',
    currency: 'USD',
    currencyName: 'US Dollar',
    subsidiary: { id: '1', name: 'Accord Goods Inc. (US)', country: 'US' },
    currencyId: '1',
    shop: { domain: 'accord-goods-us.myshopify.com', handle: 'accord-goods-us', locationId: 61000001 },
    usdRate: '1',
    taxRateBps: 725,
    taxTitle: 'State Tax',
    priceStep: 1n,
    weight: 420,
    warehouse: 'RNO1',
  },
  {
    key: 'eu',
    currency: 'EUR',
    currencyName: 'Euro',
    subsidiary: { id: '2', name: 'Accord Goods GmbH (DE)', country: 'DE' },
    currencyId: '4',
    shop: { domain: 'accord-goods-eu.myshopify.com', handle: 'accord-goods-eu', locationId: 61000002 },
    usdRate: '0.92',
    taxRateBps: 1900,
    taxTitle: 'MwSt.',
    priceStep: 1n,
    weight: 260,
    warehouse: 'AMS1',
  },
  {
    key: 'uk',
    currency: 'GBP',
    currencyName: 'British pound',
    subsidiary: { id: '3', name: 'Accord Goods Ltd (UK)', country: 'GB' },
    currencyId: '2',
    shop: { domain: 'accord-goods-uk.myshopify.com', handle: 'accord-goods-uk', locationId: 61000003 },
    usdRate: '0.79',
    taxRateBps: 2000,
    taxTitle: 'VAT',
    priceStep: 1n,
    weight: 170,
    warehouse: 'AMS1',
  },
  {
    key: 'jp',
    currency: 'JPY',
    currencyName: 'Japanese Yen',
    subsidiary: { id: '4', name: '株式会社アコード (Japan)', country: 'JP' },
    currencyId: '6',
    shop: { domain: 'accord-goods-jp.myshopify.com', handle: 'accord-goods-jp', locationId: 61000004 },
    usdRate: '150',
    taxRateBps: 1000,
    taxTitle: '消費税',
    priceStep: 10n,
    weight: 100,
    warehouse: 'NRT1',
  },
  {
    key: 'kw',
    currency: 'KWD',
    currencyName: 'Kuwaiti Dinar',
    subsidiary: { id: '5', name: 'Accord Goods W.L.L. (Kuwait)', country: 'KW' },
    currencyId: '7',
    shop: { domain: 'accord-goods-kw.myshopify.com', handle: 'accord-goods-kw', locationId: 61000005 },
    usdRate: '0.307',
    taxRateBps: 0,
    taxTitle: 'VAT',
    priceStep: 10n,
    weight: 50,
    warehouse: 'RNO1',
  },
];

/**
 * The stock location of a region's shop, the same in NetSuite (a `location`, ids 1–5 like the
 * subsidiaries) and in the shop (a Shopify location of that name): the warehouse that ships the
 * region's orders, one location per shop because each shop sells its own allocation.
 *
 * @example stockLocationOf(REGIONS[0]!); // { netsuiteId: '1', name: 'RNO1-US' }
 */
export function stockLocationOf(region: Region): { netsuiteId: string; name: string } {
  return {
    netsuiteId: String(REGIONS.indexOf(region) + 1),
    name: `${region.warehouse}-${region.key.toUpperCase()}`,
  };
}

/**
 * The sandbox's system name for a region's shop: `shopify` for the US shop, `shopify-eu` … for
 * the others (the orchestrator starts each shop under this name).
 *
 * @example shopSystemOf(regionOf('eu')); // 'shopify-eu'
 */
export function shopSystemOf(region: Region): string {
  return region.key === 'us' ? 'shopify' : `shopify-${region.key}`;
}

/**
 * The NetSuite external id Accord's engine gives a record it synced from `system`: `<system>:<id>`
 * (src/engine's externalIdFor). The generated account uses it, so a sync of the generated
 * business matches the records already there instead of creating them again.
 *
 * @example accordExternalId('stripe', 'pi_123'); // 'stripe:pi_123'
 */
export function accordExternalId(system: string, id: string): string {
  return `${system}:${id}`;
}

export function regionOf(key: Region['key']): Region {
  const region = REGIONS.find((r) => r.key === key);
  if (!region) throw new Error(`unknown region "${key}"`);
  return region;
}

/** The business's fixed timeline: twelve months of orders ending at the sandbox's "now". */
export const PERIOD = {
  start: Date.UTC(2025, 10, 1),
  end: Date.UTC(2026, 10, 1),
  /** Customers and items may be created up to this long before the period. */
  history: 400 * 86_400_000,
} as const;
