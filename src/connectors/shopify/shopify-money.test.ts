import { describe, expect, it } from 'vitest';
import { Money } from '../../model/money.ts';
import { moneyFromShopify, ShopifyMoneyError, shopMoneyOf, toShopifyDecimal } from './shopify-money.ts';
import { graphqlDecimal } from './webhook-record.ts';

describe('Shopify money, exactly', () => {
  it('reads Shopify Decimal text whatever its padding, into the currency’s minor units', () => {
    expect(moneyFromShopify({ amount: '10.0', currencyCode: 'USD' }).toMinorUnits()).toBe(1000n);
    expect(moneyFromShopify({ amount: '19.99', currencyCode: 'USD' }).toMinorUnits()).toBe(1999n);
    expect(moneyFromShopify({ amount: '1000.0', currencyCode: 'JPY' }).toMinorUnits()).toBe(1000n);
    expect(moneyFromShopify({ amount: '3960.0', currencyCode: 'JPY' }).toMinorUnits()).toBe(3960n);
    expect(moneyFromShopify({ amount: '1.235', currencyCode: 'KWD' }).toMinorUnits()).toBe(1235n);
    expect(moneyFromShopify({ amount: '0.005', currencyCode: 'KWD' }).toMinorUnits()).toBe(5n);
    expect(
      shopMoneyOf({ shopMoney: { amount: '0.1', currencyCode: 'USD' } })
        .plus(Money.of('0.2', 'USD'))
        .format(),
    ).toBe('0.30');
  });

  it('refuses an amount finer than the currency allows instead of rounding it', () => {
    expect(() => moneyFromShopify({ amount: '0.5', currencyCode: 'JPY' }, 'order #1001 total')).toThrow(
      /order #1001 total 0.5 JPY/,
    );
    expect(() => moneyFromShopify({ amount: '1.2345', currencyCode: 'KWD' })).toThrow(ShopifyMoneyError);
    expect(() => moneyFromShopify({ amount: '1e3', currencyCode: 'USD' })).toThrow(ShopifyMoneyError);
  });

  it('writes Money back as Shopify Decimal input, padded to the minor units', () => {
    expect(toShopifyDecimal(Money.of('12.5', 'USD'))).toBe('12.50');
    expect(toShopifyDecimal(Money.fromMinorUnits(1200, 'JPY'))).toBe('1200');
    expect(toShopifyDecimal(Money.fromMinorUnits(4125, 'KWD'))).toBe('4.125');
    expect(() => toShopifyDecimal(Money.of('0.001', 'USD'))).toThrow(/round it first/);
  });

  it('round-trips every minor-unit amount through Shopify text for USD, JPY and KWD', () => {
    for (const currency of ['USD', 'JPY', 'KWD']) {
      for (const units of [0n, 1n, 5n, 10n, 99n, 100n, 1001n, 123456789n]) {
        const money = Money.fromMinorUnits(units, currency);
        const rest = toShopifyDecimal(money);
        const graphql = graphqlDecimal(rest)!;
        expect(moneyFromShopify({ amount: rest, currencyCode: currency }).toMinorUnits()).toBe(units);
        expect(moneyFromShopify({ amount: graphql, currencyCode: currency }).toMinorUnits()).toBe(units);
      }
    }
  });
});
