import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../model/decimal.ts';
import { Money } from '../model/money.ts';
import { canonicalDecimal, fromScaledUnits, minorUnitsToDecimal, scaledUnits } from './decimal-text.ts';

describe('decimal text', () => {
  it('canonicalises like the decimal library does', () => {
    expect(canonicalDecimal('012.340')).toBe('12.34');
    expect(canonicalDecimal('-0.00')).toBe('0');
    expect(canonicalDecimal('+5')).toBe('5');
    expect(canonicalDecimal('1e3')).toBeUndefined();
    expect(canonicalDecimal('12,50')).toBeUndefined();
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        (units, places) => {
          const text = minorUnitsToDecimal(units.toString(), places)!;
          expect(text).toBe(formatDecimal(parseDecimal(units.toString()).dividedBy(10 ** places)));
        },
      ),
    );
  });

  it('converts minor units per currency exactly as Money does (JPY none, KWD three)', () => {
    expect(minorUnitsToDecimal('1999', 0)).toBe('1999');
    expect(minorUnitsToDecimal('12340', 3)).toBe('12.34');
    expect(minorUnitsToDecimal('5', 2)).toBe('0.05');
    for (const [units, currency] of [
      ['1999', 'JPY'],
      ['12345', 'KWD'],
      ['-7', 'USD'],
    ] as const) {
      expect(minorUnitsToDecimal(units, Money.fromMinorUnits(units, currency).minorUnits)).toBe(
        formatDecimal(Money.fromMinorUnits(units, currency).amount),
      );
    }
  });

  it('sums at a fixed scale without losing a digit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 10 })),
        ),
        (parts) => {
          let sum = 0n;
          let exact = parseDecimal('0');
          for (const [units, places] of parts) {
            const text = minorUnitsToDecimal(units.toString(), places)!;
            sum += scaledUnits(text)!;
            exact = exact.plus(parseDecimal(text));
          }
          expect(fromScaledUnits(sum)).toBe(formatDecimal(exact));
        },
      ),
    );
    expect(scaledUnits('0.00000000001')).toBeUndefined();
  });
});
