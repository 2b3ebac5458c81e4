/**
 * Stripe API objects (`payment_intent`, `charge`, `refund`, `customer`) as the v1 API returns
 * them: integer amounts in Stripe's minor units (¥ whole, KWD in fils with the last digit 0),
 * lowercase currency, unix-second `created`, `metadata` string maps linking to the Shopify order.
 * The amounts are JS numbers here because Stripe sends them so; they are integers, always safe.
 *
 * @example
 *   stripeAmount(1999n) // 1999
 */
import type { TruthCustomer } from '../truth.ts';
import { unixSeconds } from '../vendor-ids.ts';

type Json = Record<string, unknown>;

export function stripeAmount(units: bigint): number {
  const n = Number(units);
  if (!Number.isSafeInteger(n)) throw new Error(`Stripe amount ${units} is beyond a safe integer`);
  return n;
}

export function stripeCustomer(customer: TruthCustomer, id: string, metadata: Record<string, string>): Json {
  const a = customer.address;
  return {
    id,
    object: 'customer',
    address: {
      city: a.city,
      country: a.country,
      line1: a.address1,
      line2: a.address2,
      postal_code: a.zip,
      state: a.province,
    },
    balance: 0,
    created: unixSeconds(customer.createdAt),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: customer.email,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    livemode: false,
    metadata,
    name: `${customer.firstName} ${customer.lastName}`,
    phone: customer.phone,
    preferred_locales: [],
  };
}

export interface StripePaymentInput {
  paymentIntentId: string;
  chargeId: string;
  customerId: string | null;
  amount: bigint;
  currency: string;
  captured: boolean;
  refunded: bigint;
  createdAt: number;
  description: string;
  metadata: Record<string, string>;
  last4: string;
  brand: string;
}

export function stripePaymentIntent(p: StripePaymentInput): Json {
  const amount = stripeAmount(p.amount);
  return {
    id: p.paymentIntentId,
    object: 'payment_intent',
    amount,
    amount_capturable: p.captured ? 0 : amount,
    amount_received: p.captured ? amount : 0,
    capture_method: p.captured ? 'automatic_async' : 'manual',
    confirmation_method: 'automatic',
    created: unixSeconds(p.createdAt),
    currency: p.currency.toLowerCase(),
    customer: p.customerId,
    description: p.description,
    latest_charge: p.chargeId,
    livemode: false,
    metadata: p.metadata,
    payment_method: `pm_${p.paymentIntentId.slice(3, 27)}`,
    payment_method_types: ['card'],
    status: p.captured ? 'succeeded' : 'requires_capture',
  };
}

export function stripeCharge(p: StripePaymentInput): Json {
  const amount = stripeAmount(p.amount);
  return {
    id: p.chargeId,
    object: 'charge',
    amount,
    amount_captured: p.captured ? amount : 0,
    amount_refunded: stripeAmount(p.refunded),
    balance_transaction: p.captured ? `txn_${p.chargeId.slice(3)}` : null,
    captured: p.captured,
    created: unixSeconds(p.createdAt),
    currency: p.currency.toLowerCase(),
    customer: p.customerId,
    description: p.description,
    livemode: false,
    metadata: p.metadata,
    paid: true,
    payment_intent: p.paymentIntentId,
    payment_method_details: { type: 'card', card: { brand: p.brand, last4: p.last4 } },
    refunded: p.refunded > 0n && p.refunded === p.amount,
    status: 'succeeded',
  };
}

export function stripeRefund(input: {
  id: string;
  amount: bigint;
  chargeId: string;
  paymentIntentId: string;
  currency: string;
  at: number;
  metadata: Record<string, string>;
}): Json {
  return {
    id: input.id,
    object: 'refund',
    amount: stripeAmount(input.amount),
    balance_transaction: `txn_${input.id.slice(3)}`,
    charge: input.chargeId,
    created: unixSeconds(input.at),
    currency: input.currency.toLowerCase(),
    metadata: input.metadata,
    payment_intent: input.paymentIntentId,
    reason: 'requested_by_customer',
    status: 'succeeded',
  };
}
