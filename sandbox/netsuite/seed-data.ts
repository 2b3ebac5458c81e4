/**
 * The account's starting configuration: a OneWorld tree (US parent, UK and Japan subsidiaries),
 * currencies with their precision (JPY 0, others 2) and exchange rates to the root currency (USD),
 * a tax nexus per subsidiary, a few items (one inactive — "the item discontinued mid-sync"), and
 * awkward customers (no email; a Japanese customer in yen).
 *
 * @example
 *   const nexus = seedAccount(store);
 */
import type { TaxNexus } from './account-rules.ts';
import type { RecordStore } from './record-store.ts';

export interface SeededIds {
  subsidiaries: { us: string; uk: string; jp: string };
  currencies: { usd: string; gbp: string; eur: string; jpy: string };
  items: { widget: string; gadget: string; discontinued: string };
  customers: { acme: string; noEmail: string; tokyo: string };
}

/** Internal ids of the seeded records: stable, because a fresh account always seeds in this order. */
export const SEEDED: SeededIds = {
  currencies: { usd: '100', gbp: '101', eur: '102', jpy: '103' },
  subsidiaries: { us: '104', uk: '105', jp: '106' },
  items: { widget: '107', gadget: '108', discontinued: '109' },
  customers: { acme: '110', noEmail: '111', tokyo: '112' },
};

export function seedAccount(store: RecordStore): { nexus: Map<string, TaxNexus>; ids: SeededIds } {
  const currency = (name: string, symbol: string, rate: string, precision: '0' | '2', base = false) =>
    store.insert('currency', {
      name,
      symbol,
      exchangeRate: Number(rate),
      currencyPrecision: { id: precision },
      isBaseCurrency: base,
      isInactive: false,
    });
  const usd = currency('US Dollar', 'USD', '1', '2', true);
  const gbp = currency('British Pound', 'GBP', '1.27', '2');
  const eur = currency('Euro', 'EUR', '1.08', '2');
  const jpy = currency('Japanese Yen', 'JPY', '0.0067', '0');

  const us = store.insert('subsidiary', {
    name: 'Accord Inc. (US)',
    currency: { id: usd },
    country: 'US',
    isInactive: false,
  });
  const uk = store.insert('subsidiary', {
    name: 'Accord Ltd (UK)',
    parent: { id: us },
    currency: { id: gbp },
    country: 'GB',
    isInactive: false,
  });
  const jp = store.insert('subsidiary', {
    name: 'Accord KK (Japan)',
    parent: { id: us },
    currency: { id: jpy },
    country: 'JP',
    isInactive: false,
  });
  const nexus = new Map<string, TaxNexus>([
    [us, { country: 'US', taxRate: '0.0825' }],
    [uk, { country: 'GB', taxRate: '0.20' }],
    [jp, { country: 'JP', taxRate: '0.10' }],
  ]);

  const item = (itemId: string, basePrice: string, isInactive = false) =>
    store.insert('inventoryItem', {
      itemId,
      displayName: itemId,
      basePrice,
      subsidiary: { id: us },
      isInactive,
    });
  const widget = item('WIDGET-01', '19.99');
  const gadget = item('GADGET-02', '125.00');
  const discontinued = item('OLD-03', '5.00', true);

  const acme = store.insert('customer', {
    entityId: 'CUS-1',
    companyName: 'Acme Corp',
    email: 'ap@acme.example',
    isPerson: false,
    subsidiary: { id: us },
    currency: { id: usd },
    isInactive: false,
  });
  const noEmail = store.insert('customer', {
    entityId: 'CUS-2',
    companyName: 'Quiet Traders Ltd',
    isPerson: false,
    subsidiary: { id: uk },
    currency: { id: gbp },
    isInactive: false,
  });
  const tokyo = store.insert('customer', {
    entityId: 'CUS-3',
    companyName: 'Tokyo Retail KK',
    email: 'keiri@tokyo.example',
    isPerson: false,
    subsidiary: { id: jp },
    currency: { id: jpy },
    isInactive: false,
  });
  store.insert('contact', {
    entityId: 'Jane Buyer',
    firstName: 'Jane',
    lastName: 'Buyer',
    email: 'jane@acme.example',
    company: { id: acme },
    subsidiary: { id: us },
    isInactive: false,
  });
  store.insert('customrecord_loyalty_tier', {
    name: 'Gold',
    custrecord_tier_level: 3,
    custrecord_discount_pct: 7.5,
    isInactive: false,
  });

  const ids: SeededIds = {
    currencies: { usd, gbp, eur, jpy },
    subsidiaries: { us, uk, jp },
    items: { widget, gadget, discontinued },
    customers: { acme, noEmail, tokyo },
  };
  if (JSON.stringify(ids) !== JSON.stringify(SEEDED)) {
    throw new Error('seedAccount must run on an empty store: the seeded ids differ from SEEDED');
  }
  return { nexus, ids };
}
