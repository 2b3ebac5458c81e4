/**
 * Records in Shopify's GraphQL Admin API shapes: global ids (`gid://shopify/Order/…`) with
 * `legacyResourceId`, money as `MoneyBag` (`shopMoney`/`presentmentMoney`, each
 * `{ amount: "12.50", currencyCode }` — a decimal string), connections as `{ nodes: [...] }`,
 * enums in capitals (`displayFinancialStatus: PAID`), `DateTime` at second resolution. Each
 * region has its own shop (one shop currency each; presentment = shop currency).
 *
 * @example
 *   moneyBag(1999n, 'USD') // { shopMoney: { amount: '19.99', currencyCode: 'USD' }, presentmentMoney: … }
 */
import { minorToDecimal } from '../minor-units.ts';
import { type Region, stockLocationOf } from '../regions.ts';
import type { TruthCustomer, TruthItem } from '../truth.ts';
import { shopifyGid, shopifyTime } from '../vendor-ids.ts';
import { toE164 } from './phone.ts';

type Json = Record<string, unknown>;

export function moneyBag(units: bigint, currency: string): Json {
  const money = { amount: minorToDecimal(units, currency), currencyCode: currency };
  return { shopMoney: money, presentmentMoney: { ...money } };
}

export function mailingAddress(customer: TruthCustomer): Json {
  const a = customer.address;
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    name: `${customer.firstName} ${customer.lastName}`,
    company: customer.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.province,
    zip: a.zip,
    country: a.countryName,
    countryCodeV2: a.country,
    phone: toE164(customer.phone, a.country),
  };
}

/**
 * Whether the buyer agreed to marketing e-mail: none without an email (as Shopify), otherwise two
 * in five subscribed, one in five unsubscribed, the rest never asked. Derived from the customer's
 * index, not drawn from the seeded Rng, so adding it moved no other generated value.
 */
export function emailMarketingConsent(customer: TruthCustomer): Json | null {
  if (customer.email === null) return null;
  const slot = customer.index % 5;
  const marketingState = slot < 2 ? 'SUBSCRIBED' : slot === 2 ? 'UNSUBSCRIBED' : 'NOT_SUBSCRIBED';
  return {
    marketingState,
    marketingOptInLevel: 'SINGLE_OPT_IN',
    consentUpdatedAt: marketingState === 'NOT_SUBSCRIBED' ? null : shopifyTime(customer.createdAt),
  };
}

export function shopifyCustomer(customer: TruthCustomer, legacyId: number): Json {
  return {
    id: shopifyGid('Customer', legacyId),
    legacyResourceId: String(legacyId),
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: toE164(customer.phone, customer.address.country),
    state: customer.email ? 'ENABLED' : 'DISABLED',
    verifiedEmail: customer.email !== null,
    tags: customer.company ? ['b2b'] : [],
    note: null,
    defaultAddress: mailingAddress(customer),
    emailMarketingConsent: emailMarketingConsent(customer),
    createdAt: shopifyTime(customer.createdAt),
    updatedAt: shopifyTime(customer.updatedAt),
  };
}

export interface ShopifyProductIds {
  product: number;
  variant: number;
  inventoryItem: number;
}

export function shopifyProduct(
  item: TruthItem,
  region: Region,
  ids: ShopifyProductIds,
  status: 'ACTIVE' | 'ARCHIVED',
  updatedAt: number,
): Json {
  const handle = item.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    id: shopifyGid('Product', ids.product),
    legacyResourceId: String(ids.product),
    title: item.name,
    handle: `${handle}-${item.index + 1}`,
    status,
    vendor: 'Accord Goods',
    productType: item.productType,
    tags: [item.season],
    createdAt: shopifyTime(item.introducedAt),
    updatedAt: shopifyTime(updatedAt),
    variants: {
      nodes: [
        {
          id: shopifyGid('ProductVariant', ids.variant),
          legacyResourceId: String(ids.variant),
          title: 'Default Title',
          sku: item.sku,
          price: minorToDecimal(item.prices[region.key], region.currency),
          inventoryQuantity: item.stock[region.key],
          inventoryItem: { id: shopifyGid('InventoryItem', ids.inventoryItem), tracked: true },
          createdAt: shopifyTime(item.introducedAt),
          updatedAt: shopifyTime(updatedAt),
        },
      ],
    },
  };
}

export function shopifyInventoryLevel(
  item: TruthItem,
  region: Region,
  inventoryItemId: number,
  available = item.stock[region.key],
): Json {
  return {
    id: `gid://shopify/InventoryLevel/${region.shop.locationId}?inventory_item_id=${inventoryItemId}`,
    item: { id: shopifyGid('InventoryItem', inventoryItemId), sku: item.sku },
    location: { id: shopifyGid('Location', region.shop.locationId), name: stockLocationOf(region).name },
    quantities: [
      { name: 'available', quantity: available },
      { name: 'on_hand', quantity: available },
    ],
    updatedAt: shopifyTime(item.introducedAt),
  };
}
