/**
 * Balance transactions: what a captured charge or a refund does to the account balance, with
 * Stripe's processing fee on charges (`fee`, `fee_details`, `net = amount - fee`).
 *
 * The fee schedule is a simulator setting (default 2.9% + a fixed part by currency exponent),
 * not Stripe's real pricing, which varies by country and card. Settlement is in the presentment
 * currency (no `exchange_rate`). Fees in three-decimal currencies are rounded to a multiple of
 * ten, like every amount there.
 */
import { exponentOf, THREE_DECIMAL } from './stripe-currency-rules.ts';
import type { RequestInfo } from './stripe-route.ts';
import type { StripeObject, StripeState } from './stripe-state.ts';

export interface FeeSchedule {
  /** Percentage part in basis points (290 = 2.9%). */
  basisPoints: number;
  /** Fixed part in minor units, by the currency's Stripe exponent. */
  fixedByExponent: Record<number, number>;
}

export const DEFAULT_FEES: FeeSchedule = { basisPoints: 290, fixedByExponent: { 0: 0, 2: 30, 3: 100 } };

export function feeFor(amount: number, currency: string, fees: FeeSchedule): number {
  // Integer arithmetic, half-up: (amount * bp + 5000) / 10000.
  let fee =
    Math.floor((amount * fees.basisPoints + 5000) / 10000) +
    (fees.fixedByExponent[exponentOf(currency)] ?? 0);
  if (THREE_DECIMAL.has(currency)) fee = Math.round(fee / 10) * 10;
  return Math.min(fee, amount);
}

export function recordBalanceTransaction(
  state: StripeState,
  input: {
    amount: number;
    currency: string;
    fee: number;
    type: 'charge' | 'refund';
    source: string;
    description: string | null;
  },
  _request: RequestInfo,
): StripeObject {
  const created = state.nowSeconds();
  return state.insert({
    id: state.newId('txn', 24),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: created + 2 * 86400,
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee: input.fee,
    fee_details:
      input.fee > 0
        ? [
            {
              amount: input.fee,
              application: null,
              currency: input.currency,
              description: 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ]
        : [],
    net: input.amount - input.fee,
    reporting_category: input.type,
    source: input.source,
    status: 'pending',
    type: input.type,
  });
}
