import { Decimal as DecimalJs } from 'decimal.js';

/**
 * Exact decimal arithmetic for every amount, quantity and rate in Accord.
 *
 * Values enter only as decimal strings or bigints — never as JS numbers, whose binary floating
 * point cannot hold 0.1 — and leave as plain decimal strings (never exponent notation).
 * Precision is 60 significant digits: far beyond any ledger (NetSuite holds 15), so a sum of a
 * million lines never rounds implicitly; rounding happens only where a caller asks for it.
 *
 * @example
 *   const d = parseDecimal('0.1').plus(parseDecimal('0.2'));
 *   formatDecimal(d) // '0.3'
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -1000,
  toExpPos: 1000,
});
export type Decimal = InstanceType<typeof Decimal>;

/** How a value is brought to fewer decimal places. */
export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up';

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-up': DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
};

const PLAIN_DECIMAL = /^[+-]?(\d+)(\.\d+)?$/;

/**
 * Parses a plain decimal string (`"-12.50"`, `"3"`) or a bigint. Exponents, `NaN`, `Infinity`,
 * thousands separators and empty strings are rejected, because each has been the source of a
 * silently wrong amount somewhere.
 * @throws InvalidDecimal with the offending text.
 */
export function parseDecimal(value: string | bigint | Decimal): Decimal {
  if (typeof value === 'bigint') return new Decimal(value.toString());
  if (typeof value !== 'string') {
    if (value instanceof Decimal) return value;
    // A number here means a float slipped through a boundary: refuse rather than guess.
    throw new InvalidDecimal(
      String(value),
      'a JS number is not accepted; pass the amount as a decimal string',
    );
  }
  const text = value.trim();
  if (!PLAIN_DECIMAL.test(text)) {
    throw new InvalidDecimal(value, 'expected a plain decimal such as "12.50" or "-3"');
  }
  return new Decimal(text);
}

/** True when `value` is a plain decimal string that {@link parseDecimal} accepts. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && PLAIN_DECIMAL.test(value.trim());
}

/** Plain decimal text, no exponent; `-0` is written `0`. */
export function formatDecimal(value: Decimal): string {
  return value.isZero() ? (value.decimalPlaces() > 0 ? value.abs().toFixed() : '0') : value.toFixed();
}

/** Rounds to `places` decimals with an explicit mode. */
export function roundDecimal(value: Decimal, places: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(places, MODES[mode]);
}

/** Number of digits after the decimal point that carry value (`"1.50"` → 1). */
export function significantPlaces(value: Decimal): number {
  return value.decimalPlaces();
}

export class InvalidDecimal extends Error {
  readonly code = 'INVALID_DECIMAL';
  constructor(
    readonly text: string,
    hint: string,
  ) {
    super(`"${text}" is not a decimal: ${hint}`);
    this.name = 'InvalidDecimal';
  }
}
