/**
 * `/v1/payment_intents` and `/v1/charges`. The states that matter to a ledger:
 * - `requires_payment_method` → confirm with a test card (`pm_card_visa`…) →
 *   `capture_method=manual`: `requires_capture` (authorised; the charge has `captured: false`,
 *   no balance transaction) · automatic: `succeeded` (captured, balance transaction with fees);
 * - `/capture` (all, or `amount_to_capture` less than authorised) → `succeeded`;
 * - `/cancel` from any non-final state → `canceled` (an authorisation is released);
 * - declining test cards (`pm_card_chargeDeclined`, `pm_card_chargeDeclinedInsufficientFunds`)
 *   answer 402 `card_error` and leave the intent in `requires_payment_method`.
 */

import { type FeeSchedule, feeFor, recordBalanceTransaction } from './balance.ts';
import {
  allowOnly,
  mergeMetadata,
  oneOf,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredAmount,
  requiredCurrency,
} from './param-reader.ts';
import { noSuch, StripeApiError, unexpectedState } from './stripe-api-error.ts';
import { matchesCreated, paginate } from './stripe-list.ts';
import type { Route, RouteContext } from './stripe-route.ts';
import type { StripeObject } from './stripe-state.ts';

const DECLINES: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
};
const CARDS = new Set(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', ...Object.keys(DECLINES)]);
const CANCELABLE = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
];

export function paymentIntentRoutes(fees: () => FeeSchedule): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents$/,
      handle: (ctx) => {
        allowOnly(ctx.params, [
          'amount',
          'currency',
          'customer',
          'capture_method',
          'confirm',
          'payment_method',
          'payment_method_types',
          'metadata',
          'description',
          'receipt_email',
          'statement_descriptor',
        ]);
        const currency = requiredCurrency(ctx.params);
        const amount = requiredAmount(ctx.params, 'amount', currency);
        const customer = optionalString(ctx.params, 'customer');
        if (customer && !ctx.state.get('customer', customer)) throw noSuch('customer', customer, 'customer');
        const pm = optionalString(ctx.params, 'payment_method');
        if (pm && !CARDS.has(pm)) throw noSuch('PaymentMethod', pm, 'payment_method');
        const intent = ctx.state.insert({
          id: ctx.state.newId('pi', 24),
          object: 'payment_intent',
          created: ctx.state.nowSeconds(),
          amount,
          amount_capturable: 0,
          amount_received: 0,
          canceled_at: null,
          cancellation_reason: null,
          capture_method:
            oneOf(ctx.params, 'capture_method', ['automatic', 'automatic_async', 'manual']) ??
            'automatic_async',
          client_secret: null,
          confirmation_method: 'automatic',
          currency,
          customer: customer ?? null,
          description: optionalString(ctx.params, 'description') ?? null,
          last_payment_error: null,
          latest_charge: null,
          livemode: false,
          metadata: mergeMetadata({}, ctx.params.metadata),
          payment_method: pm ?? null,
          payment_method_types: ['card'],
          status: pm ? 'requires_confirmation' : 'requires_payment_method',
        });
        intent.client_secret = `${intent.id}_secret_${ctx.state.newId('x', 25).slice(2)}`;
        ctx.state.emit('payment_intent.created', intent, ctx.request);
        if (optionalBoolean(ctx.params, 'confirm')) confirm(ctx, intent, fees());
        return intent;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['payment_method']);
        const intent = find(ctx, 'payment_intent');
        const pm = optionalString(ctx.params, 'payment_method');
        if (pm && !CARDS.has(pm)) throw noSuch('PaymentMethod', pm, 'payment_method');
        if (pm) intent.payment_method = pm;
        return confirm(ctx, intent, fees());
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/capture$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['amount_to_capture', 'metadata']);
        const intent = find(ctx, 'payment_intent');
        if (intent.status !== 'requires_capture') {
          throw unexpectedState(
            `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
            'payment_intent_unexpected_state',
          );
        }
        const capturable = intent.amount_capturable as number;
        const amount = optionalInteger(ctx.params, 'amount_to_capture') ?? capturable;
        if (amount > capturable || amount < 1) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `The amount_to_capture (${amount}) must be between 1 and the amount capturable (${capturable}).`,
            { code: 'amount_too_large', param: 'amount_to_capture' },
            false,
          );
        }
        const charge = ctx.state.get('charge', intent.latest_charge as string)!;
        const previousCharge = { amount_captured: charge.amount_captured, captured: false };
        charge.amount_captured = amount;
        charge.captured = true;
        charge.balance_transaction = recordBalanceTransaction(
          ctx.state,
          {
            amount,
            currency: charge.currency as string,
            fee: feeFor(amount, charge.currency as string, fees()),
            type: 'charge',
            source: charge.id,
            description: charge.description as string | null,
          },
          ctx.request,
        ).id;
        intent.metadata = mergeMetadata(intent.metadata as Record<string, string>, ctx.params.metadata);
        intent.amount_capturable = 0;
        intent.amount_received = amount;
        intent.status = 'succeeded';
        ctx.state.emit('charge.captured', charge, ctx.request, previousCharge);
        ctx.state.emit('payment_intent.succeeded', intent, ctx.request, { status: 'requires_capture' });
        return intent;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['cancellation_reason']);
        const intent = find(ctx, 'payment_intent');
        if (!CANCELABLE.includes(intent.status as string)) {
          throw unexpectedState(
            `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
            'payment_intent_unexpected_state',
          );
        }
        const previous = { status: intent.status };
        const reason = oneOf(ctx.params, 'cancellation_reason', [
          'duplicate',
          'fraudulent',
          'requested_by_customer',
          'abandoned',
        ]);
        intent.status = 'canceled';
        intent.canceled_at = ctx.state.nowSeconds();
        intent.cancellation_reason = reason ?? null;
        intent.amount_capturable = 0;
        ctx.state.emit('payment_intent.canceled', intent, ctx.request, previous);
        return intent;
      },
    },
    ...readRoutes('payment_intent', '/v1/payment_intents', ['customer']),
    ...readRoutes('charge', '/v1/charges', ['customer', 'payment_intent']),
  ];
}

function confirm(ctx: RouteContext, intent: StripeObject, fees: FeeSchedule): StripeObject {
  if (!['requires_payment_method', 'requires_confirmation'].includes(intent.status as string)) {
    throw unexpectedState(
      `This PaymentIntent's status is ${intent.status}; it cannot be confirmed.`,
      'payment_intent_unexpected_state',
    );
  }
  const pm = intent.payment_method as string | null;
  if (!pm) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Update it with a payment_method, then confirm it again.",
      'payment_intent_unexpected_state',
    );
  }
  const decline = DECLINES[pm];
  if (decline) {
    const error = {
      code: 'card_declined',
      decline_code: decline,
      message: 'Your card was declined.',
      type: 'card_error',
    };
    intent.status = 'requires_payment_method';
    intent.last_payment_error = error;
    ctx.state.emit('payment_intent.payment_failed', intent, ctx.request);
    throw new StripeApiError(402, 'card_error', 'Your card was declined.', {
      code: 'card_declined',
      decline_code: decline,
    });
  }
  const manual = intent.capture_method === 'manual';
  const amount = intent.amount as number;
  const charge = ctx.state.insert({
    id: ctx.state.newId('ch', 24),
    object: 'charge',
    created: ctx.state.nowSeconds(),
    amount,
    amount_captured: manual ? 0 : amount,
    amount_refunded: 0,
    balance_transaction: null,
    captured: !manual,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_code: null,
    livemode: false,
    metadata: {},
    outcome: { network_status: 'approved_by_network', type: 'authorized', risk_level: 'normal' },
    paid: true,
    payment_intent: intent.id,
    payment_method: pm,
    refunded: false,
    status: 'succeeded',
  });
  if (!manual) {
    charge.balance_transaction = recordBalanceTransaction(
      ctx.state,
      {
        amount,
        currency: charge.currency as string,
        fee: feeFor(amount, charge.currency as string, fees),
        type: 'charge',
        source: charge.id,
        description: charge.description as string | null,
      },
      ctx.request,
    ).id;
  }
  const previous = { status: intent.status };
  intent.latest_charge = charge.id;
  intent.last_payment_error = null;
  intent.status = manual ? 'requires_capture' : 'succeeded';
  intent.amount_capturable = manual ? amount : 0;
  intent.amount_received = manual ? 0 : amount;
  ctx.state.emit('charge.succeeded', charge, ctx.request);
  ctx.state.emit(
    manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded',
    intent,
    ctx.request,
    previous,
  );
  return intent;
}

function find(ctx: RouteContext, type: string): StripeObject {
  const id = ctx.ids[0]!;
  const object = ctx.state.get(type, id);
  if (!object) throw noSuch(type === 'payment_intent' ? 'payment_intent' : type, id);
  return object;
}

/** Retrieve and list with Stripe's filters, shared by read-mostly resources. */
export function readRoutes(type: string, base: string, filters: string[]): Route[] {
  const escaped = base.replace(/\//g, '\\/');
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^${escaped}\\/([^/]+)$`),
      handle: (ctx) => find(ctx, type),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${escaped}$`),
      handle: (ctx) => {
        allowOnly(ctx.params, [...filters, 'created', 'limit', 'starting_after', 'ending_before']);
        const items = ctx.state
          .all(type)
          .filter((o) => filters.every((f) => ctx.params[f] === undefined || o[f] === ctx.params[f]))
          .filter((o) => matchesCreated(o.created, ctx.params.created));
        return paginate(items, ctx.params, base);
      },
    },
  ];
}
