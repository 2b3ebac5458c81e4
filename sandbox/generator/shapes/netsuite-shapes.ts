/**
 * Records as NetSuite's REST record service returns them (`/services/rest/record/v1/<type>`):
 * internal ids as strings, references as `{ id, refName }`, sublists as `{ items: [...] }`,
 * enums as `{ id, refName }`, `lastModifiedDate` as `2026-01-31T10:00:00Z`, absent fields omitted
 * (NetSuite leaves out empty fields rather than sending null). Amounts are decimal strings at the
 * currency's NetSuite precision (0 or 2 places) — the account returns them as JSON numbers, which
 * would lose exactness in a file; the simulator's decoder accepts both.
 *
 * @example
 *   netSuiteAmount(12_345n, 'KWD') // '12.35' — NetSuite cannot hold the third decimal
 */
import { formatDecimal, parseDecimal, roundDecimal } from '../../../src/model/decimal.ts';
import { netSuitePrecisionOf } from '../../../src/model/money.ts';
import { formatScaled } from '../minor-units.ts';
import { netSuiteCategoryRef } from '../product-types.ts';
import { REGIONS, type Region, regionOf, stockLocationOf } from '../regions.ts';
import type { TruthCustomer, TruthItem } from '../truth.ts';
import { netSuiteTime } from '../vendor-ids.ts';

type Json = Record<string, unknown>;

/**
 * Minor units → NetSuite amount text. KWD has 3 ISO decimals but NetSuite only 2: rounded
 * half-up in integer arithmetic, the same value `Money.forNetSuite('half-up')` gives (tested).
 */
export function netSuiteAmount(units: bigint, currency: Region['currency']): string {
  const iso = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
  const places = netSuitePrecisionOf(currency);
  if (iso === places) return formatScaled(units, places);
  const factor = 10n ** BigInt(iso - places);
  const sign = units < 0n ? -1n : 1n;
  const magnitude = units * sign;
  return formatScaled(sign * ((magnitude * 2n + factor) / (factor * 2n)), places);
}

/** Text of an amount already in NetSuite's precision (hundredths for KWD, whole yen for JPY). */
export function netSuiteText(nsUnits: bigint, currency: Region['currency']): string {
  return formatScaled(nsUnits, netSuitePrecisionOf(currency));
}

/** Minor units of NetSuite's precision, for sums (KWD: hundredths after rounding). */
export function netSuiteUnits(units: bigint, currency: Region['currency']): bigint {
  if (currency !== 'KWD') return units;
  const sign = units < 0n ? -1n : 1n;
  return sign * ((units * sign * 2n + 10n) / 20n);
}

/** Strips null/undefined fields, as NetSuite's REST responses do. */
export function omitEmpty(record: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record))
    if (value !== null && value !== undefined) out[key] = value;
  return out;
}

export const ref = (id: string, refName: string) => ({ id, refName });

export function subsidiaryRef(region: Region['key']) {
  const r = regionOf(region);
  return ref(r.subsidiary.id, r.subsidiary.name);
}

export function currencyRef(region: Region['key']) {
  const r = regionOf(region);
  return ref(r.currencyId, r.currency);
}

export function netSuiteSubsidiaries(): Json[] {
  return REGIONS.map((r, i) =>
    omitEmpty({
      id: r.subsidiary.id,
      name: r.subsidiary.name,
      parent: i === 0 ? null : ref(REGIONS[0]!.subsidiary.id, REGIONS[0]!.subsidiary.name),
      currency: ref(r.currencyId, r.currency),
      country: r.subsidiary.country,
      isInactive: false,
    }),
  );
}

/** One stock location per shop (regions.ts `stockLocationOf`), in its region's subsidiary. */
export function netSuiteLocations(): Json[] {
  return REGIONS.map((r) => {
    const location = stockLocationOf(r);
    return {
      id: location.netsuiteId,
      name: location.name,
      subsidiary: ref(r.subsidiary.id, r.subsidiary.name),
      makeInventoryAvailable: true,
      isInactive: false,
    };
  });
}

/**
 * A row of SuiteQL's InventoryBalance: the stock of an item at a location (no bins or lots in the
 * generated account, so one row per item and location).
 */
export function netSuiteInventoryBalance(item: TruthItem, region: Region): Json {
  const location = stockLocationOf(region);
  const quantity = item.stock[region.key];
  return {
    id: `${item.netsuiteId}:${location.netsuiteId}`,
    item: ref(item.netsuiteId, item.sku),
    location: ref(location.netsuiteId, location.name),
    quantityOnHand: quantity,
    quantityAvailable: quantity,
  };
}

/**
 * The shipping items ("Ship Via") a fulfilment refers to, one per carrier the warehouse uses.
 * Ids 900+ sit apart from subsidiaries (1–5), customers (1000+), items (5000+) and transactions.
 */
export function netSuiteShipItems(carriers: readonly string[]): Json[] {
  return carriers.map((name, i) => ({
    id: String(901 + i),
    itemId: name,
    displayName: name,
    isInactive: false,
  }));
}

export function netSuiteCurrencies(): Json[] {
  return REGIONS.map((r) => ({
    id: r.currencyId,
    name: r.currencyName,
    symbol: r.currency,
    // USD per unit of this currency, to six places (NetSuite keeps rates as decimals).
    exchangeRate: formatDecimal(
      roundDecimal(parseDecimal('1').dividedBy(parseDecimal(r.usdRate)), 6, 'half-up'),
    ),
    currencyPrecision: {
      id: String(netSuitePrecisionOf(r.currency)),
      refName: netSuitePrecisionOf(r.currency) === 0 ? 'Zero' : 'Two',
    },
    isBaseCurrency: r.key === 'us',
    isInactive: false,
  }));
}

export interface NetSuiteCustomerView {
  phone: string | null;
  address1: string;
  modifiedAt: number;
  externalId: string | null;
  /** The null-versus-empty case: NetSuite holds "" where the CRM holds null. */
  emptyPhone: boolean;
}

/**
 * NetSuite's `companyName` holds 83 characters (a NetSuite customer-import template's field
 * limits: companyName 83, phone 21, email 64 — Oracle's records browser gives no lengths);
 * longer names are cut here, the long-name case. Every generated phone fits in 21.
 */
export const NETSUITE_COMPANY_NAME_MAX = 83;

export function netSuiteCustomer(customer: TruthCustomer, id: string, view: NetSuiteCustomerView): Json {
  const a = customer.address;
  return omitEmpty({
    id,
    externalId: view.externalId,
    entityId: `CUST${id}`,
    isPerson: customer.company === null,
    companyName: customer.company?.slice(0, NETSUITE_COMPANY_NAME_MAX) ?? null,
    firstName: customer.firstName,
    lastName: customer.lastName,
    // NetSuite's email field refuses spaces: the address is kept as typed, trimmed.
    email: customer.email?.trim() ?? null,
    phone: view.emptyPhone ? '' : view.phone,
    subsidiary: subsidiaryRef(customer.region),
    currency: currencyRef(customer.region),
    isInactive: false,
    dateCreated: netSuiteTime(customer.createdAt),
    lastModifiedDate: netSuiteTime(view.modifiedAt),
    addressBook: {
      items: [
        {
          defaultBilling: true,
          defaultShipping: true,
          addressBookAddress: omitEmpty({
            addressee: customer.company ?? `${customer.firstName} ${customer.lastName}`,
            addr1: view.address1,
            addr2: a.address2,
            city: a.city,
            state: a.province,
            zip: a.zip,
            country: ref(a.country, a.countryName),
          }),
        },
      ],
    },
  });
}

export function netSuiteItem(item: TruthItem, inactiveAt: number | null): Json {
  const modified = inactiveAt ?? item.introducedAt;
  return {
    id: item.netsuiteId,
    externalId: item.key,
    itemId: item.sku,
    displayName: item.name,
    description: `${item.name} — ${item.season === 'core' ? 'core range' : `${item.season} range`}`,
    basePrice: netSuiteAmount(item.prices.us, 'USD'),
    subsidiary: { items: REGIONS.map((r) => subsidiaryRef(r.key)) },
    isInactive: inactiveAt !== null,
    dateCreated: netSuiteTime(item.introducedAt),
    lastModifiedDate: netSuiteTime(modified),
  };
}

export interface NetSuiteLine {
  itemId: string;
  /** The product category (a custom column list, `custcol_acme_product_category`), if it has one. */
  category?: string | null;
  sku: string;
  description: string;
  quantity: number;
  rate: bigint;
  amount: bigint;
}

export interface NetSuiteTotals {
  subtotal: bigint;
  discountTotal: bigint;
  taxTotal: bigint;
  shippingCost: bigint;
  total: bigint;
}

/** Header + item sublist shared by salesOrder, invoice and creditMemo. */
export function netSuiteTransaction(input: {
  id: string;
  /** Null for a record created without one (the duplicate invoice). */
  externalId: string | null;
  tranId: string;
  createdAt: number;
  modifiedAt: number;
  customerId: string;
  customerName: string;
  region: Region['key'];
  currency: Region['currency'];
  memo: string;
  lines: readonly NetSuiteLine[];
  totals: NetSuiteTotals;
  extra: Json;
}): Json {
  const c = input.currency;
  return omitEmpty({
    id: input.id,
    externalId: input.externalId,
    tranId: input.tranId,
    tranDate: netSuiteTime(input.createdAt).slice(0, 10),
    entity: ref(input.customerId, input.customerName),
    subsidiary: subsidiaryRef(input.region),
    currency: currencyRef(input.region),
    memo: input.memo,
    subtotal: netSuiteText(input.totals.subtotal, c),
    discountTotal: input.totals.discountTotal === 0n ? null : netSuiteText(-input.totals.discountTotal, c),
    taxTotal: netSuiteText(input.totals.taxTotal, c),
    shippingCost: netSuiteText(input.totals.shippingCost, c),
    total: netSuiteText(input.totals.total, c),
    ...input.extra,
    dateCreated: netSuiteTime(input.createdAt),
    lastModifiedDate: netSuiteTime(input.modifiedAt),
    item: {
      items: input.lines.map((l, i) => ({
        line: i + 1,
        item: ref(l.itemId, l.sku),
        ...(l.category ? { custcol_acme_product_category: netSuiteCategoryRef(l.category) } : {}),
        description: l.description,
        quantity: l.quantity,
        rate: netSuiteText(l.rate, c),
        amount: netSuiteText(l.amount, c),
      })),
    },
  });
}

export function netSuitePayment(input: {
  id: string;
  externalId: string;
  tranId: string;
  at: number;
  customerId: string;
  customerName: string;
  region: Region['key'];
  currency: Region['currency'];
  payment: bigint;
  applied: ReadonlyArray<{ invoiceId: string; amount: bigint }>;
  memo: string;
  /**
   * A payment Acme's Stripe integration recorded: the payment intent and the Stripe status it
   * booked (the account's custom fields `custbody_acme_stripe_*`; list value 6 = Captured).
   */
  stripe?: { paymentIntent: string; status: { id: string; refName: string } };
}): Json {
  return {
    ...(input.stripe
      ? {
          custbody_acme_stripe_payment_intent: input.stripe.paymentIntent,
          custbody_acme_stripe_status: input.stripe.status,
        }
      : {}),
    id: input.id,
    externalId: input.externalId,
    tranId: input.tranId,
    tranDate: netSuiteTime(input.at).slice(0, 10),
    customer: ref(input.customerId, input.customerName),
    subsidiary: subsidiaryRef(input.region),
    currency: currencyRef(input.region),
    memo: input.memo,
    payment: netSuiteText(input.payment, input.currency),
    total: netSuiteText(input.payment, input.currency),
    dateCreated: netSuiteTime(input.at),
    lastModifiedDate: netSuiteTime(input.at),
    apply: {
      items: input.applied.map((a) => ({
        doc: { id: a.invoiceId },
        type: 'Invoice',
        apply: true,
        amount: netSuiteText(a.amount, input.currency),
      })),
    },
  };
}
