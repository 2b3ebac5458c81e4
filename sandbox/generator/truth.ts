/**
 * The neutral "truth" model: what really happened in the business, before any system recorded it
 * (or recorded it wrongly). Vendor records are projections of these; planted disagreements and
 * awkward cases are deviations from them, listed in the manifest. Amounts are integer minor units
 * of the record's currency (bigint), times are epoch milliseconds.
 */
import type { Region } from './regions.ts';

export interface TruthAddress {
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  zip: string;
  country: string;
  countryName: string;
}

export interface TruthCustomer {
  key: string;
  index: number;
  region: Region['key'];
  firstName: string;
  lastName: string;
  company: string | null;
  /** As the customer typed it (may carry odd case and spaces — the duplicate-email case). */
  email: string | null;
  phone: string | null;
  address: TruthAddress;
  createdAt: number;
  updatedAt: number;
  /** Which systems hold the customer: some are CRM prospects only, some NetSuite-only accounts. */
  inCrm: boolean;
  inNetSuite: boolean;
  /** Buyers exist in their region's Shopify shop and in Stripe, and place the orders. */
  buyer: boolean;
  /** Awkward cases applied to this customer (scenario dial names). */
  cases: string[];
  /** What each system calls this customer (absent where the system does not hold it). */
  ids: Partial<
    Record<
      | 'salesforceAccount'
      | 'salesforceContact'
      | 'hubspotCompany'
      | 'hubspotContact'
      | 'netsuite'
      | 'shopify'
      | 'stripe',
      string
    >
  >;
}

export interface TruthItem {
  key: string;
  index: number;
  sku: string;
  name: string;
  /** Shopify's `Product.productType` (the noun: `Mug`, `Scarf`). */
  productType: string;
  /** The NetSuite product category it is booked under, or null when NetSuite has none for it. */
  category: string | null;
  season: 'core' | 'winter' | 'spring' | 'summer' | 'autumn';
  introducedAt: number;
  /** When it stopped being sold, or null. */
  discontinuedAt: number | null;
  /** Unit price per region, in that region's minor units. */
  prices: Record<Region['key'], bigint>;
  /** Units on hand per region's shop (the WMS sums them per warehouse). */
  stock: Record<Region['key'], number>;
  cases: string[];
  netsuiteId: string;
  /** A planted stock disagreement in the US shop: a different quantity, or no level at all. */
  stockPlant?: 'drift' | 'unstocked';
}

export interface TruthLine {
  itemKey: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: bigint;
  discount: bigint;
  tax: bigint;
}

export interface TruthOrder {
  key: string;
  index: number;
  customerKey: string;
  region: Region['key'];
  currency: Region['currency'];
  createdAt: number;
  lines: TruthLine[];
  shipping: bigint;
  shippingTax: bigint;
  subtotal: bigint;
  discountTotal: bigint;
  /** The percentage discount code applied across the lines, or null. */
  discount: { code: string; percent: number } | null;
  taxTotal: bigint;
  total: bigint;
  taxRateBps: number;
  /** `stripe` card payments; `manual` bank transfers (the KWD third-decimal orders). */
  gateway: 'stripe' | 'manual';
  /** False for an authorisation never captured. */
  captured: boolean;
  refund: {
    amount: bigint;
    lines: Array<{ lineIndex: number; quantity: number; net: bigint; tax: bigint }>;
    at: number;
  } | null;
  fulfilled: boolean;
  /** Awkward cases applied to this order (scenario dial names). */
  cases: string[];
}
