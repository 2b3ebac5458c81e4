/**
 * The item catalogue with its seasons: a core range sold all year and seasonal ranges introduced
 * at a season's start and mostly discontinued at its end (NetSuite `isInactive`, Shopify
 * `ARCHIVED`), so a year of orders sees the catalogue change four times.
 *
 * @example
 *   const catalogue = buildCatalogue(rng, 120);
 *   catalogue.activeAt(Date.UTC(2026, 5, 1)) // items on sale in June
 */
import { categoryOf, NEW_PRODUCT_TYPE } from './product-types.ts';
import { PERIOD, REGIONS, type Region } from './regions.ts';
import type { Rng } from './rng.ts';
import type { TruthItem } from './truth.ts';

const SEASONS = ['winter', 'spring', 'summer', 'autumn'] as const;
const SEASON_MS = (PERIOD.end - PERIOD.start) / 4;
const NOUNS =
  'Mug|Scarf|Lantern|Notebook|Backpack|Thermos|Blanket|Candle|Sunglasses|Parasol|Kettle|Gloves|Tote|Planter|Jacket'.split(
    '|',
  );
const ADJECTIVES = 'Nordic|Alpine|Kyoto|Coastal|Desert|Harbour|Linen|Copper|Wool|Bamboo|Ceramic|Oak'.split(
  '|',
);

/** USD cents → a regional shelf price on the region's price step (¥10, 10 fils), ending in 9 where cents exist. */
function regionalPrice(usdCents: bigint, region: Region): bigint {
  const [whole, fraction = ''] = region.usdRate.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const rate = BigInt(`${whole}${fraction}`);
  const exponent = region.currency === 'JPY' ? 0 : region.currency === 'KWD' ? 3 : 2;
  // cents × rate → minor units of the region: × 10^exponent / 100.
  const raw = (usdCents * rate * 10n ** BigInt(exponent)) / (scale * 100n);
  const stepped = (raw / region.priceStep) * region.priceStep;
  if (exponent === 2) return stepped - (stepped % 100n) + 99n;
  return stepped > 0n ? stepped : region.priceStep;
}

export interface Catalogue {
  items: TruthItem[];
  /** Items on sale at a time (introduced, not yet discontinued, not reserved for a case). */
  activeAt(time: number): TruthItem[];
  byKey: Map<string, TruthItem>;
}

/**
 * `count` items of the usual product types, then `newType` items of a product type introduced
 * three days before the period ends (NEW_PRODUCT_TYPE), which NetSuite has no category for. They
 * come last, so the items before them are the same with or without them.
 */
export function buildCatalogue(rng: Rng, count: number, newType = 0): Catalogue {
  const items: TruthItem[] = [];
  for (let i = 0; i < count + newType; i++) {
    if (i >= count) {
      items.push(newTypeItem(rng, i));
      continue;
    }
    const core = i < Math.ceil(count * 0.4);
    const seasonIndex = i % 4;
    const season = core ? 'core' : SEASONS[seasonIndex]!;
    const introducedAt = core
      ? PERIOD.start - rng.int(30, 300) * 86_400_000
      : PERIOD.start + seasonIndex * SEASON_MS - 14 * 86_400_000;
    const discontinuedAt = core
      ? null
      : rng.chance(0.75)
        ? PERIOD.start + (seasonIndex + 1) * SEASON_MS
        : null;
    const usdCents = BigInt(rng.int(8, 180) * 100);
    const prices = Object.fromEntries(REGIONS.map((r) => [r.key, regionalPrice(usdCents, r)])) as Record<
      Region['key'],
      bigint
    >;
    const adjective = rng.pick(ADJECTIVES);
    const noun = rng.pick(NOUNS);
    items.push({
      key: `I${String(i + 1).padStart(5, '0')}`,
      index: i,
      sku: `${noun.slice(0, 3).toUpperCase()}-${adjective.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(5, '0')}`,
      name: `${adjective} ${noun}${season === 'core' ? '' : ` (${season} collection)`}`,
      productType: noun,
      category: categoryOf(noun),
      season,
      introducedAt,
      discontinuedAt,
      prices,
      stock: Object.fromEntries(REGIONS.map((r) => [r.key, rng.int(0, 400)])) as Record<
        Region['key'],
        number
      >,
      cases: [],
      netsuiteId: String(5000 + i),
    });
  }
  const byKey = new Map(items.map((item) => [item.key, item]));
  // The set of items on sale only changes at season boundaries: precompute one list per season.
  const bySeason = [0, 1, 2, 3].map((s) => {
    const at = PERIOD.start + s * SEASON_MS + 1;
    return items.filter(
      (item) => item.introducedAt <= at && (item.discontinuedAt === null || item.discontinuedAt > at),
    );
  });
  // Items reserved for an awkward case are assigned before the first order, so cache lazily.
  const onSale: Array<TruthItem[] | undefined> = [];
  return {
    items,
    byKey,
    activeAt(time) {
      const season = Math.min(3, Math.max(0, Math.floor((time - PERIOD.start) / SEASON_MS)));
      let list = onSale[season];
      if (!list) {
        list = bySeason[season]!.filter((item) => item.cases.length === 0);
        onSale[season] = list;
      }
      return list;
    },
  };
}

/** An item of the product type Shopify has just started selling: core range, on sale, no category. */
function newTypeItem(rng: Rng, i: number): TruthItem {
  const usdCents = BigInt(rng.int(40, 180) * 100);
  const adjective = rng.pick(ADJECTIVES);
  const number = String(i + 1).padStart(5, '0');
  return {
    key: `I${number}`,
    index: i,
    sku: `${NEW_PRODUCT_TYPE.slice(0, 3).toUpperCase()}-${adjective.slice(0, 3).toUpperCase()}-${number}`,
    name: `${adjective} ${NEW_PRODUCT_TYPE}`,
    productType: NEW_PRODUCT_TYPE,
    category: categoryOf(NEW_PRODUCT_TYPE),
    season: 'core',
    introducedAt: PERIOD.end - 3 * 86_400_000,
    discontinuedAt: null,
    prices: Object.fromEntries(REGIONS.map((r) => [r.key, regionalPrice(usdCents, r)])) as Record<
      Region['key'],
      bigint
    >,
    stock: Object.fromEntries(REGIONS.map((r) => [r.key, rng.int(20, 120)])) as Record<Region['key'], number>,
    cases: [],
    netsuiteId: String(5000 + i),
  };
}
