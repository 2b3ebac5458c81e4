import { isDecimalString } from '../../model/decimal.ts';
import { Money } from '../../model/money.ts';

/** Shopify's `MoneyV2`: a `Decimal` string and a currency code. */
export interface ShopifyMoneyV2 {
  amount: string;
  currencyCode: string;
}

/**
 * Converts Shopify's `MoneyV2` to Money, exactly. Shopify prints decimals without padding
 * (`"10.0"`, `"1000.0"` for JPY, `"1.235"` for KWD), so the text alone says nothing about the
 * currency's minor units; the ISO table decides. An amount finer than the currency allows (a JPY
 * `"0.5"`) is refused rather than rounded.
 *
 * @example
 *   moneyFromShopify({ amount: '1000.0', currencyCode: 'JPY' }).toMinorUnits() // 1000n
 * @throws ShopifyMoneyError naming the amount and where it came from.
 */
export function moneyFromShopify(value: ShopifyMoneyV2, where = 'a Shopify amount'): Money {
  if (!value || !isDecimalString(value.amount) || typeof value.currencyCode !== 'string') {
    throw new ShopifyMoneyError(
      `${where} is not a MoneyV2 ({ amount: "12.50", currencyCode: "USD" }): ${JSON.stringify(value)}`,
    );
  }
  const money = Money.of(value.amount, value.currencyCode);
  if (!money.isExact()) {
    throw new ShopifyMoneyError(
      `${where} ${value.amount} ${value.currencyCode} has more decimals than ${value.currencyCode} allows (${money.minorUnits})`,
    );
  }
  return money;
}

/** Reads `someSet.shopMoney` from a `MoneyBag`, the shop-currency side of an amount. */
export function shopMoneyOf(bag: unknown, where?: string): Money {
  return moneyFromShopify((bag as { shopMoney?: ShopifyMoneyV2 } | null)?.shopMoney as ShopifyMoneyV2, where);
}

/**
 * Money as Shopify's `Decimal` input: exact, padded to the currency's minor units
 * (`"12.50"`, `"1200"`, `"4.125"`). Refuses an amount the currency cannot hold.
 *
 * @example toShopifyDecimal(Money.of('4.125', 'KWD')) // "4.125"
 */
export function toShopifyDecimal(money: Money): string {
  if (!money.isExact()) {
    throw new ShopifyMoneyError(
      `${money.toString()} has more decimals than ${money.currency} allows; round it first`,
    );
  }
  return money.format();
}

export class ShopifyMoneyError extends Error {
  readonly code = 'SHOPIFY_MONEY';
  constructor(message: string) {
    super(message);
    this.name = 'ShopifyMoneyError';
  }
}
