import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/model/money.ts';
import { allocateMinor, formatScaled, minorToDecimal, mulDivRound } from './minor-units.ts';
import { netSuiteAmount } from './shapes/netsuite-shapes.ts';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'KWD'] as const;

describe('minor units at the edge', () => {
  it('formats exactly as Money.format() does, for every currency and sign', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom(...CURRENCIES),
        (units, currency) => {
          expect(minorToDecimal(units, currency)).toBe(Money.fromMinorUnits(units, currency).format());
        },
      ),
    );
  });

  it('rounds to NetSuite precision as Money.forNetSuite("half-up") does (KWD loses its third decimal)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(...CURRENCIES),
        (units, currency) => {
          const expected = Money.fromMinorUnits(units, currency).forNetSuite('half-up').value;
          const text = netSuiteAmount(units, currency);
          expect(Money.of(text, currency).equals(expected)).toBe(true);
          expect(text.split('.')[1]?.length ?? 0).toBe(currency === 'JPY' ? 0 : 2);
        },
      ),
    );
    expect(netSuiteAmount(12_345n, 'KWD')).toBe('12.35');
    expect(netSuiteAmount(1999n, 'JPY')).toBe('1999');
  });

  it('rounds a rate half-up in integers and splits without losing a unit', () => {
    expect(mulDivRound(3333n, 2000n, 10_000n)).toBe(667n);
    expect(mulDivRound(12355n, 1000n, 10_000n)).toBe(1236n);
    expect(mulDivRound(-5n, 1n, 10n)).toBe(-1n);
    const parts = allocateMinor(10_000n, [1n, 1n, 1n], 'USD');
    expect(parts).toEqual([3334n, 3333n, 3333n]);
    expect(formatScaled(5n, 3)).toBe('0.005');
  });
});
