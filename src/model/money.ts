import { type CurrencyCode, currencyCode, minorUnitsOf } from './currencies.ts';
import { Decimal, formatDecimal, parseDecimal, type RoundingMode, roundDecimal } from './decimal.ts';

/** A JSON-safe money value: the amount as a decimal string, never a number. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

/**
 * An amount in one currency, exact. Arithmetic never rounds implicitly; the amount may carry
 * more decimals than the currency's minor units (a tax computation) until a caller rounds it.
 *
 * @example
 *   const total = Money.of('100.00', 'USD');
 *   total.allocate(3).map(String) // ['33.34 USD', '33.33 USD', '33.33 USD']
 *   Money.fromMinorUnits(1999, 'jpy').toString() // '1999 JPY'
 */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: CurrencyCode,
  ) {}

  static of(amount: string | bigint | Decimal, currency: string): Money {
    return new Money(parseDecimal(amount), currencyCode(currency));
  }

  static zero(currency: string): Money {
    return Money.of('0', currency);
  }

  /**
   * From integer minor units, as Stripe sends them (`1999` = 19.99 USD, = 1999 JPY, = 1.999 KWD).
   * A JS number is accepted only when it is a safe integer: that is exact, and it is what the
   * Stripe SDK hands us; anything else is refused rather than rounded.
   */
  static fromMinorUnits(units: bigint | string | number, currency: string): Money {
    const code = currencyCode(currency);
    let integer: bigint;
    if (typeof units === 'number') {
      if (!Number.isSafeInteger(units)) {
        throw new MoneyError(`minor units must be a safe integer, got ${units} ${code}`);
      }
      integer = BigInt(units);
    } else if (typeof units === 'string') {
      if (!/^-?\d+$/.test(units.trim()))
        throw new MoneyError(`minor units must be an integer, got "${units}"`);
      integer = BigInt(units.trim());
    } else {
      integer = units;
    }
    return new Money(new Decimal(integer.toString()).dividedBy(10 ** minorUnitsOf(code)), code);
  }

  get minorUnits(): number {
    return minorUnitsOf(this.currency);
  }

  /**
   * Integer minor units (for Stripe). Refuses an amount with more decimals than the currency
   * has — round first, with a mode you chose.
   */
  toMinorUnits(): bigint {
    const scaled = this.amount.times(10 ** this.minorUnits);
    if (!scaled.isInteger()) {
      throw new MoneyError(
        `${this.toString()} has more decimals than ${this.currency} allows (${this.minorUnits}); round it first`,
      );
    }
    return BigInt(scaled.toFixed(0));
  }

  /** Rounds to the currency's minor units, or to `places`. */
  round(mode: RoundingMode, places: number = this.minorUnits): Money {
    return new Money(roundDecimal(this.amount, places, mode), this.currency);
  }

  /** True when the amount fits the currency's minor units exactly. */
  isExact(): boolean {
    return this.amount.decimalPlaces() <= this.minorUnits;
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }

  /** Multiplies by a decimal factor (a quantity, a tax rate), exactly. */
  times(factor: string | bigint | Decimal): Money {
    return new Money(this.amount.times(parseDecimal(factor)), this.currency);
  }

  negated(): Money {
    return new Money(this.amount.negated(), this.currency);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }

  /** -1, 0 or 1. */
  compare(other: Money): number {
    this.assertSameCurrency(other);
    return this.amount.comparedTo(other.amount);
  }

  /** Same currency and numerically equal (`1.50` equals `1.5`). */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  /** Absolute difference, for tolerance checks. */
  distanceTo(other: Money): Decimal {
    this.assertSameCurrency(other);
    return this.amount.minus(other.amount).abs();
  }

  /**
   * Splits into parts that sum exactly to this amount, in minor units, never losing a cent.
   * `parts` is a count or a list of decimal-string ratios. Remainder units go, one each, to the
   * parts with the largest fractional share (ties to the earliest), so the split is deterministic.
   */
  allocate(parts: number | readonly string[]): Money[] {
    const ratios =
      typeof parts === 'number'
        ? Array.from({ length: parts }, () => new Decimal(1))
        : parts.map((r) => parseDecimal(r));
    if (ratios.length === 0) throw new MoneyError('cannot allocate into zero parts');
    if (ratios.some((r) => r.isNegative())) throw new MoneyError('allocation ratios must not be negative');
    const totalRatio = ratios.reduce((a, b) => a.plus(b), new Decimal(0));
    if (totalRatio.isZero()) throw new MoneyError('allocation ratios must not all be zero');
    const total = this.round('half-even').toMinorUnits();
    if (!this.isExact())
      throw new MoneyError(`${this.toString()} is not in whole minor units; round it before allocating`);
    const sign = total < 0n ? -1n : 1n;
    const magnitude = total * sign;
    const exact = ratios.map((r) => new Decimal(magnitude.toString()).times(r).dividedBy(totalRatio));
    const floors = exact.map((e) => BigInt(e.floor().toFixed(0)));
    let remainder = magnitude - floors.reduce((a, b) => a + b, 0n);
    const order = exact
      .map((e, index) => ({ index, fraction: e.minus(e.floor()) }))
      .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
    for (const { index } of order) {
      if (remainder === 0n) break;
      floors[index] = (floors[index] ?? 0n) + 1n;
      remainder -= 1n;
    }
    return floors.map((units) => Money.fromMinorUnits(units * sign, this.currency));
  }

  /**
   * The amount as NetSuite can hold it. A NetSuite currency has a precision of 0 or 2 decimals
   * (Lists > Accounting > Currencies, "Currency Precision"), so KWD's third decimal cannot be
   * stored: the result says what was rounded away, so a caller can park or tolerate it instead
   * of letting it vanish.
   */
  forNetSuite(mode: RoundingMode = 'half-even'): { value: Money; lost: Money; exact: boolean } {
    const places = netSuitePrecisionOf(this.currency);
    const value = this.round(mode, places);
    const lost = this.minus(value);
    return { value, lost, exact: lost.isZero() };
  }

  /** Amount padded to the currency's minor units when it has no more (`"12.50"`). */
  format(): string {
    const places = Math.max(this.minorUnits, this.amount.decimalPlaces());
    return this.amount.isZero() ? new Decimal(0).toFixed(places) : this.amount.toFixed(places);
  }

  toString(): string {
    return `${this.format()} ${this.currency}`;
  }

  toJSON(): MoneyJson {
    return { amount: this.format(), currency: this.currency };
  }

  static fromJSON(json: MoneyJson): Money {
    return Money.of(json.amount, json.currency);
  }

  /** The exact amount as plain decimal text without padding. */
  amountText(): string {
    return formatDecimal(this.amount);
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new MoneyError(
        `cannot combine ${this.currency} with ${other.currency}; convert one of them first`,
      );
    }
  }
}

/** NetSuite stores a currency with 0 decimals when ISO has none, otherwise 2. */
export function netSuitePrecisionOf(currency: string): 0 | 2 {
  return minorUnitsOf(currency) === 0 ? 0 : 2;
}

export class MoneyError extends Error {
  readonly code = 'MONEY';
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}
