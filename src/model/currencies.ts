/**
 * ISO 4217 minor units, from the ISO 4217 list (amendment 178), not from `Intl`.
 *
 * Why a table: `Intl.NumberFormat` follows CLDR's *display* digits, which differ from ISO's
 * minor units for exactly the currencies that hurt in accounting — IQD (ISO 3, CLDR 0),
 * IDR (ISO 2, CLDR 0 in some locales), HUF (ISO 2, CLDR 0 for cash). Payment providers and
 * ledgers use ISO, so we do too.
 *
 * @example
 *   minorUnitsOf('KWD') // 3
 *   minorUnitsOf('JPY') // 0
 */
const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;
const ZERO = [
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
] as const;
const FOUR = ['CLF', 'UYW'] as const;
const TWO = [
  'AED',
  'AFN',
  'ALL',
  'AMD',
  'ANG',
  'AOA',
  'ARS',
  'AUD',
  'AWG',
  'AZN',
  'BAM',
  'BBD',
  'BDT',
  'BGN',
  'BMD',
  'BND',
  'BOB',
  'BOV',
  'BRL',
  'BSD',
  'BTN',
  'BWP',
  'BYN',
  'BZD',
  'CAD',
  'CDF',
  'CHE',
  'CHF',
  'CHW',
  'CNY',
  'COP',
  'COU',
  'CRC',
  'CUP',
  'CVE',
  'CZK',
  'DKK',
  'DOP',
  'DZD',
  'EGP',
  'ERN',
  'ETB',
  'EUR',
  'FJD',
  'FKP',
  'GBP',
  'GEL',
  'GHS',
  'GIP',
  'GMD',
  'GTQ',
  'GYD',
  'HKD',
  'HNL',
  'HTG',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'IRR',
  'JMD',
  'KES',
  'KGS',
  'KHR',
  'KPW',
  'KYD',
  'KZT',
  'LAK',
  'LBP',
  'LKR',
  'LRD',
  'LSL',
  'MAD',
  'MDL',
  'MGA',
  'MKD',
  'MMK',
  'MNT',
  'MOP',
  'MRU',
  'MUR',
  'MVR',
  'MWK',
  'MXN',
  'MXV',
  'MYR',
  'MZN',
  'NAD',
  'NGN',
  'NIO',
  'NOK',
  'NPR',
  'NZD',
  'PAB',
  'PEN',
  'PGK',
  'PHP',
  'PKR',
  'PLN',
  'QAR',
  'RON',
  'RSD',
  'RUB',
  'SAR',
  'SBD',
  'SCR',
  'SDG',
  'SEK',
  'SGD',
  'SHP',
  'SLE',
  'SOS',
  'SRD',
  'SSP',
  'STN',
  'SVC',
  'SYP',
  'SZL',
  'THB',
  'TJS',
  'TMT',
  'TOP',
  'TRY',
  'TTD',
  'TWD',
  'TZS',
  'UAH',
  'USD',
  'USN',
  'UYU',
  'UZS',
  'VED',
  'VES',
  'WST',
  'XCD',
  'XCG',
  'YER',
  'ZAR',
  'ZMW',
  'ZWG',
] as const;

const MINOR_UNITS: ReadonlyMap<string, number> = new Map<string, number>([
  ...ZERO.map((c) => [c, 0] as const),
  ...TWO.map((c) => [c, 2] as const),
  ...THREE.map((c) => [c, 3] as const),
  ...FOUR.map((c) => [c, 4] as const),
]);

/** An ISO 4217 alphabetic code known to the table, upper case. */
export type CurrencyCode = string & { readonly __brand: 'CurrencyCode' };

/** True when `code` is an ISO 4217 code in the table (case-sensitive, upper case). */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return MINOR_UNITS.has(code);
}

/**
 * Parses a currency code, accepting Stripe's lower case (`"usd"`).
 * @throws UnknownCurrency when the code is not ISO 4217.
 */
export function currencyCode(code: string): CurrencyCode {
  const upper = code.trim().toUpperCase();
  if (!isCurrencyCode(upper)) throw new UnknownCurrency(code);
  return upper;
}

/** ISO 4217 minor units (digits after the decimal point) of a currency. */
export function minorUnitsOf(code: CurrencyCode | string): number {
  const units = MINOR_UNITS.get(code.toUpperCase());
  if (units === undefined) throw new UnknownCurrency(code);
  return units;
}

/** Every currency in the table, sorted. */
export function knownCurrencies(): string[] {
  return [...MINOR_UNITS.keys()].sort();
}

export class UnknownCurrency extends Error {
  readonly code = 'UNKNOWN_CURRENCY';
  constructor(readonly currency: string) {
    super(`"${currency}" is not an ISO 4217 currency code; use a three-letter code such as USD, EUR or JPY`);
    this.name = 'UnknownCurrency';
  }
}
