import { Decimal } from '../../src/model/decimal.ts';

/**
 * Decimal helpers for the simulator's amounts. Shopify serialises a `Decimal` the way Ruby's
 * BigDecimal prints: trailing zeros dropped but at least one decimal place — `"10.0"`, `"19.99"`,
 * `"1000.0"` for JPY, `"1.235"` for KWD. Readers must therefore never assume the currency's minor
 * units from the text.
 */
export function dec(text: string): Decimal {
  return new Decimal(text);
}

export function sum(values: readonly string[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0));
}

/** Shopify's `Decimal` text (`"10.0"`, `"0.5"`, `"1.235"`). */
export function shopifyDecimal(value: Decimal | string): string {
  const d = typeof value === 'string' ? new Decimal(value) : value;
  const text = d.toFixed();
  const plain = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return plain.includes('.') ? plain : `${plain === '-0' ? '0' : plain}.0`;
}

/** Rounds to the currency's minor units, half-up as Shopify's tax engine does per line. */
export function roundTo(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}
