/**
 * Stripe's currency rules for API amounts (docs.stripe.com/currencies, "Minor units in API
 * amounts"). They are NOT ISO 4217's minor units everywhere, and the simulator enforces Stripe's:
 * - zero-decimal currencies take whole units (`500` = ¥500); Stripe lists MGA here although ISO
 *   gives it 2 decimals;
 * - ISK is ISO zero-decimal but Stripe keeps it two-decimal "for backwards compatibility"
 *   (`500` = 5 ISK), so it is simply absent from the zero-decimal list;
 * - three-decimal currencies (BHD, JOD, KWD, OMR, TND) take thousandths, but "to ensure
 *   compatibility with Stripe's payments partners" the last digit must be 0: 5.124 KWD must be
 *   sent as 5120 or 5130.
 * Everything else is two-decimal.
 */
export const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** The simulator's supported presentment currencies: a realistic subset of Stripe's 135+. */
export const SUPPORTED = new Set([
  ...ZERO_DECIMAL,
  ...THREE_DECIMAL,
  'usd',
  'eur',
  'gbp',
  'cad',
  'aud',
  'chf',
  'sek',
  'nok',
  'dkk',
  'isk',
  'huf',
  'twd',
  'mxn',
  'brl',
  'inr',
  'sgd',
  'hkd',
  'nzd',
  'pln',
  'czk',
  'aed',
]);

export function exponentOf(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}
