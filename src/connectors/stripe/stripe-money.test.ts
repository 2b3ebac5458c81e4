import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../model/money.ts';
import { moneyFromStripe, moneyToStripe, stripeExponentOf } from './stripe-money.ts';

describe('Stripe amounts ↔ Money', () => {
  it('reads zero-, two- and three-decimal amounts exactly', () => {
    expect(moneyFromStripe(1999, 'usd').toString()).toBe('19.99 USD');
    expect(moneyFromStripe(1999, 'jpy').toString()).toBe('1999 JPY');
    expect(moneyFromStripe(5120, 'kwd').toString()).toBe('5.120 KWD');
    expect(moneyFromStripe('-250', 'eur').toString()).toBe('-2.50 EUR');
    expect(moneyFromStripe(9_007_199_254_740_991n, 'usd').toString()).toBe('90071992547409.91 USD');
  });

  it('follows Stripe, not ISO, where they differ: ISK takes two decimals, MGA none', () => {
    expect(stripeExponentOf('isk')).toBe(2);
    expect(moneyFromStripe(500, 'isk').equals(Money.of('5', 'ISK'))).toBe(true);
    expect(moneyToStripe(Money.of('5', 'ISK'))).toBe(500);
    expect(stripeExponentOf('MGA')).toBe(0);
    expect(moneyFromStripe(500, 'mga').equals(Money.of('500', 'MGA'))).toBe(true);
    expect(moneyToStripe(Money.of('500', 'MGA'))).toBe(500);
  });

  it('writes amounts exactly and refuses, never rounds, what Stripe cannot take', () => {
    expect(moneyToStripe(Money.of('19.99', 'USD'))).toBe(1999);
    expect(moneyToStripe(Money.of('1999', 'JPY'))).toBe(1999);
    expect(moneyToStripe(Money.of('5.12', 'KWD'))).toBe(5120);
    expect(() => moneyToStripe(Money.of('5.124', 'KWD'))).toThrow(/multiple of 10.*5\.120 KWD/);
    expect(() => moneyToStripe(Money.of('19.995', 'USD'))).toThrow(/more decimals/);
    expect(() => moneyToStripe(Money.of('0.5', 'JPY'))).toThrow(/more decimals/);
    expect(() => moneyToStripe(Money.of('5.5', 'ISK'))).toThrow(/multiple of 100/);
    expect(() => moneyFromStripe(1.5, 'usd')).toThrow(/safe integer/);
  });

  it('round-trips every valid amount in every kind of currency', () => {
    const cases: Array<[string, number]> = [
      ['usd', 1],
      ['jpy', 1],
      ['kwd', 10],
      ['bhd', 10],
      ['isk', 100],
      ['mga', 1],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: -1e12, max: 1e12 }), ([currency, step], n) => {
        const units = n * step;
        expect(moneyToStripe(moneyFromStripe(units, currency))).toBe(units);
      }),
    );
  });
});
