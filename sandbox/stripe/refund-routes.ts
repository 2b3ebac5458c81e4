/**
 * `/v1/refunds` (against a `payment_intent` or a `charge`, partial or full) and
 * `/v1/balance_transactions`. A refund may not exceed what was captured and not yet refunded:
 * that is a 400 `amount_too_large`; refunding a fully refunded charge is
 * `charge_already_refunded`. Refunds carry a negative balance transaction; Stripe keeps the
 * original processing fee.
 */

import { recordBalanceTransaction } from './balance.ts';
import {
  allowOnly,
  checkAmount,
  mergeMetadata,
  oneOf,
  optionalInteger,
  optionalString,
} from './param-reader.ts';
import { readRoutes } from './payment-intent-routes.ts';
import { invalidParam, noSuch, StripeApiError, unexpectedState } from './stripe-api-error.ts';
import type { Route } from './stripe-route.ts';

export function refundRoutes(): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
        const piId = optionalString(ctx.params, 'payment_intent');
        const chargeId = optionalString(ctx.params, 'charge');
        if (!piId === !chargeId) {
          throw invalidParam(
            'You must pass exactly one of payment_intent or charge.',
            piId ? 'charge' : 'payment_intent',
          );
        }
        let id = chargeId;
        if (piId) {
          const intent = ctx.state.get('payment_intent', piId);
          if (!intent) throw noSuch('payment_intent', piId, 'payment_intent');
          if (!intent.latest_charge) {
            throw unexpectedState(
              `This PaymentIntent (${piId}) does not have a successful charge to refund.`,
              'charge_not_refundable',
            );
          }
          id = intent.latest_charge as string;
        }
        const charge = ctx.state.get('charge', id!);
        if (!charge) throw noSuch('charge', id!, 'charge');
        const currency = charge.currency as string;
        if (!charge.captured) {
          // Simplification: Stripe releases an uncaptured authorisation through a refund too; the
          // simulator asks for the cancel endpoint instead, which is what integrations should use.
          throw unexpectedState(
            `Charge ${charge.id} has not been captured; cancel PaymentIntent ${charge.payment_intent} to release the authorization.`,
            'charge_not_refundable',
          );
        }
        const remaining = (charge.amount_captured as number) - (charge.amount_refunded as number);
        if (remaining <= 0) {
          throw unexpectedState(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
        }
        const requested = optionalInteger(ctx.params, 'amount');
        const amount = requested === undefined ? remaining : checkAmount(requested, 'amount', currency);
        if (amount > remaining) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `Refund amount (${amount} ${currency}) is greater than unrefunded amount on charge (${remaining} ${currency})`,
            { code: 'amount_too_large', param: 'amount' },
          );
        }
        const reason = oneOf(ctx.params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']);
        const refund = ctx.state.insert({
          id: ctx.state.newId('re', 24),
          object: 'refund',
          created: ctx.state.nowSeconds(),
          amount,
          balance_transaction: null,
          charge: charge.id,
          currency,
          metadata: mergeMetadata({}, ctx.params.metadata),
          payment_intent: charge.payment_intent,
          reason: reason ?? null,
          status: 'succeeded',
        });
        refund.balance_transaction = recordBalanceTransaction(
          ctx.state,
          {
            amount: -amount,
            currency,
            fee: 0,
            type: 'refund',
            source: refund.id,
            description: 'REFUND FOR CHARGE',
          },
          ctx.request,
        ).id;
        const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
        charge.amount_refunded = (charge.amount_refunded as number) + amount;
        charge.refunded = charge.amount_refunded === charge.amount_captured;
        ctx.state.emit('refund.created', refund, ctx.request);
        ctx.state.emit('charge.refunded', charge, ctx.request, previous);
        return refund;
      },
    },
    ...readRoutes('refund', '/v1/refunds', ['charge', 'payment_intent']),
    ...readRoutes('balance_transaction', '/v1/balance_transactions', ['type', 'source', 'currency']),
  ];
}
