import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitsOf } from './currencies.ts';
import { Money, netSuitePrecisionOf } from './money.ts';

const currencies = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD', 'IQD', 'HUF', 'IDR', 'CLF', 'BHD');
/** Integer minor units far beyond 2^53, so a float anywhere on the path would lose digits. */
const bigMinorUnits = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });

describe('Money', () => {
  it('takes minor units from the ISO table, not Intl (IQD 3, HUF 2, IDR 2, JPY 0, KWD 3)', () => {
    expect(['IQD', 'HUF', 'IDR', 'JPY', 'KWD', 'CLF'].map(minorUnitsOf)).toEqual([3, 2, 2, 0, 3, 4]);
  });

  it('round-trips integer minor units exactly, beyond the range of a JS float', () => {
    fc.assert(
      fc.property(bigMinorUnits, currencies, (units, currency) => {
        const money = Money.fromMinorUnits(units, currency);
        expect(money.toMinorUnits()).toBe(units);
        expect(Money.fromJSON(money.toJSON()).equals(money)).toBe(true);
      }),
    );
  });

  it('round-trips decimal strings digit for digit (no value passes through a float)', () => {
    const decimalText = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9]\d{0,34}$/), fc.stringMatching(/^\d{0,12}$/))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);
    fc.assert(
      fc.property(decimalText, (text) => {
        const money = Money.of(text, 'USD');
        const expected = text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
        expect(money.amountText()).toBe(expected);
      }),
    );
  });

  it('refuses JS numbers and exotic decimal spellings', () => {
    expect(() => Money.of(0.1 as unknown as string, 'USD')).toThrow(/JS number/);
    for (const bad of ['1e3', 'NaN', 'Infinity', '1,000.00', '', '.5', '5.']) {
      expect(() => Money.of(bad, 'USD'), bad).toThrow(/not a decimal/);
    }
    expect(() => Money.fromMinorUnits(1.5, 'USD')).toThrow(/safe integer/);
    expect(() => Money.fromMinorUnits(2 ** 60, 'USD')).toThrow(/safe integer/);
  });

  it('converts Stripe minor units for zero- and three-decimal currencies', () => {
    expect(Money.fromMinorUnits(1999, 'jpy').toString()).toBe('1999 JPY');
    expect(Money.fromMinorUnits(1999, 'usd').toString()).toBe('19.99 USD');
    expect(Money.fromMinorUnits(1999, 'kwd').toString()).toBe('1.999 KWD');
    expect(Money.of('12.345', 'KWD').toMinorUnits()).toBe(12345n);
    expect(() => Money.of('10.005', 'USD').toMinorUnits()).toThrow(/round it first/);
  });

  it('rounds half-even and half-up as asked', () => {
    expect(Money.of('2.345', 'USD').round('half-even').format()).toBe('2.34');
    expect(Money.of('2.355', 'USD').round('half-even').format()).toBe('2.36');
    expect(Money.of('2.345', 'USD').round('half-up').format()).toBe('2.35');
    expect(Money.of('-2.345', 'USD').round('half-up').format()).toBe('-2.35');
    expect(Money.of('0.5', 'JPY').round('half-even').format()).toBe('0');
    expect(Money.of('1.5', 'JPY').round('half-even').format()).toBe('2');
  });

  it('splits 100.00 three ways without losing a cent', () => {
    expect(Money.of('100.00', 'USD').allocate(3).map(String)).toEqual([
      '33.34 USD',
      '33.33 USD',
      '33.33 USD',
    ]);
    expect(Money.of('-100.00', 'USD').allocate(3).map(String)).toEqual([
      '-33.34 USD',
      '-33.33 USD',
      '-33.33 USD',
    ]);
    expect(Money.of('10', 'JPY').allocate(['1', '1', '1']).map(String)).toEqual(['4 JPY', '3 JPY', '3 JPY']);
    expect(Money.of('1.000', 'KWD').allocate(['70', '20', '10']).map(String)).toEqual([
      '0.700 KWD',
      '0.200 KWD',
      '0.100 KWD',
    ]);
  });

  it('allocates so that parts always sum to the whole and equal parts differ by at most one unit', () => {
    fc.assert(
      fc.property(bigMinorUnits, currencies, fc.integer({ min: 1, max: 50 }), (units, currency, parts) => {
        const whole = Money.fromMinorUnits(units, currency);
        const split = whole.allocate(parts);
        expect(split).toHaveLength(parts);
        expect(split.reduce((a, b) => a.plus(b)).equals(whole)).toBe(true);
        const minor = split.map((m) => m.toMinorUnits()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const spread = minor[minor.length - 1]! - minor[0]!;
        expect(spread <= 1n).toBe(true);
      }),
    );
  });

  it('allocates by ratios so that the parts sum to the whole', () => {
    const ratios = fc
      .array(fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), { minLength: 1, maxLength: 8 })
      .filter((r) => r.some((x) => Number.parseFloat(x) > 0));
    fc.assert(
      fc.property(bigMinorUnits, currencies, ratios, (units, currency, rs) => {
        const whole = Money.fromMinorUnits(units, currency);
        expect(
          whole
            .allocate(rs)
            .reduce((a, b) => a.plus(b))
            .equals(whole),
        ).toBe(true);
      }),
    );
  });

  it("says what NetSuite cannot hold: KWD's third decimal, and nothing for JPY or USD", () => {
    const kwd = Money.of('12.345', 'KWD').forNetSuite();
    expect(kwd.value.amountText()).toBe('12.34');
    expect(kwd.lost.amountText()).toBe('0.005');
    expect(kwd.exact).toBe(false);
    expect(Money.of('1000', 'JPY').forNetSuite().exact).toBe(true);
    expect(Money.of('19.99', 'USD').forNetSuite().exact).toBe(true);
    expect([netSuitePrecisionOf('KWD'), netSuitePrecisionOf('JPY'), netSuitePrecisionOf('EUR')]).toEqual([
      2, 0, 2,
    ]);
  });

  it('keeps value + lost equal to the original for every amount NetSuite rounds', () => {
    fc.assert(
      fc.property(bigMinorUnits, currencies, (units, currency) => {
        const money = Money.fromMinorUnits(units, currency);
        const { value, lost } = money.forNetSuite();
        expect(value.plus(lost).equals(money)).toBe(true);
        expect(value.amount.decimalPlaces()).toBeLessThanOrEqual(netSuitePrecisionOf(currency));
      }),
    );
  });

  it('refuses to mix currencies and unknown codes', () => {
    expect(() => Money.of('1', 'USD').plus(Money.of('1', 'EUR'))).toThrow(/cannot combine USD with EUR/);
    expect(() => Money.of('1', 'XYZ')).toThrow(/not an ISO 4217/);
  });

  it('computes a rounding trap exactly: three lines of 33.33 plus 8.25 % tax', () => {
    const lines = [Money.of('33.33', 'USD'), Money.of('33.33', 'USD'), Money.of('33.33', 'USD')];
    const perLineTax = lines.map((l) => l.times('0.0825').round('half-up'));
    const headerTax = lines
      .reduce((a, b) => a.plus(b))
      .times('0.0825')
      .round('half-up');
    expect(perLineTax.reduce((a, b) => a.plus(b)).format()).toBe('8.25');
    expect(headerTax.format()).toBe('8.25');
    expect(
      lines
        .reduce((a, b) => a.plus(b))
        .times('0.0825')
        .amountText(),
    ).toBe('8.249175');
  });
});
