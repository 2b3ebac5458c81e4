/**
 * Exact conversion between Stripe's integer API amounts and Accord's {@link Money}.
 *
 * Stripe's exponent is not always ISO 4217's (docs.stripe.com/currencies):
 * - zero-decimal in Stripe: BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF —
 *   MGA among them although ISO gives it 2 decimals;
 * - ISK is ISO zero-decimal but Stripe takes it with two decimals "for backwards compatibility",
 *   and the amount must be evenly divisible by 100;
 * - three-decimal (BHD JOD KWD OMR TND) take thousandths, but the last digit must be 0.
 * Using ISO minor units blindly would make ISK amounts 100× too large and MGA 100× too small, so
 * conversion goes through Stripe's exponent and only then into Money.
 *
 * @example
 *   moneyFromStripe(1999, 'jpy').toString()  // '1999 JPY'
 *   moneyFromStripe(5120, 'kwd').toString()  // '5.120 KWD'
 *   moneyToStripe(Money.of('5.124', 'KWD'))  // throws: round to 5.120 or 5.130 first
 */
import { minorUnitsOf } from '../../model/currencies.ts';
import { parseDecimal } from '../../model/decimal.ts';
import { Money, MoneyError } from '../../model/money.ts';

const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
/** API amounts must be a multiple of this many minor units. */
const GRANULARITY: Record<string, bigint> = { BHD: 10n, JOD: 10n, KWD: 10n, OMR: 10n, TND: 10n, ISK: 100n };

/** Stripe's currency exceptions, reported by `describe()` as configuration. */
export const ZERO_AND_THREE_DECIMAL: Record<string, readonly string[]> = {
  zeroDecimalCurrencies: [...ZERO_DECIMAL],
  threeDecimalCurrencies: [...THREE_DECIMAL],
};

/** The number of decimals Stripe's API amounts carry for a currency. */
export function stripeExponentOf(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** A Stripe amount (integer, as the SDK hands it over) in the given currency, as Money. */
export function moneyFromStripe(amount: number | bigint | string, currency: string): Money {
  const code = currency.toUpperCase();
  const exponent = stripeExponentOf(code);
  if (exponent === minorUnitsOf(code)) return Money.fromMinorUnits(amount, code);
  // Different exponents (ISK, MGA): scale by Stripe's exponent, exactly, in decimal.
  return Money.of(parseDecimal(integerText(amount, code)).dividedBy(10 ** exponent), code);
}

/**
 * Money as a Stripe API amount. Refuses — never rounds — an amount Stripe cannot take: more
 * decimals than Stripe's exponent, a three-decimal amount whose last digit is not 0, an ISK
 * amount with a fraction, or anything beyond a safe integer.
 */
export function moneyToStripe(money: Money): number {
  const exponent = stripeExponentOf(money.currency);
  const scaled = money.amount.times(10 ** exponent);
  if (!scaled.isInteger()) {
    throw new MoneyError(
      `${money.toString()} has more decimals than Stripe accepts for ${money.currency} (${exponent}); round it first`,
    );
  }
  const units = BigInt(scaled.toFixed(0));
  const step = GRANULARITY[money.currency] ?? 1n;
  if (units % step !== 0n) {
    const lower = money.round('down', exponent === 3 ? 2 : 0);
    throw new MoneyError(
      `${money.toString()} cannot be sent to Stripe: ${money.currency} amounts must be a multiple of ${step} minor units ` +
        `(Stripe's rule for ${money.currency}); round it first, e.g. to ${lower.toString()}`,
    );
  }
  const result = Number(units);
  if (!Number.isSafeInteger(result)) throw new MoneyError(`${money.toString()} is too large for Stripe`);
  return result;
}

function integerText(amount: number | bigint | string, currency: string): string {
  if (typeof amount === 'bigint') return amount.toString();
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount))
      throw new MoneyError(`Stripe amount must be a safe integer, got ${amount} ${currency}`);
    return String(amount);
  }
  if (!/^-?\d+$/.test(amount.trim()))
    throw new MoneyError(`Stripe amount must be an integer, got "${amount}" ${currency}`);
  return amount.trim();
}
