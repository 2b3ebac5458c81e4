/**
 * The part of Stripe's object model Accord maps, for drift detection. Stripe publishes no
 * per-account schema endpoint: its schema is fixed by the pinned API version, so this is a
 * declared description of that version (enum values copied from the `stripe` SDK's types for
 * it), reported with the version itself — a version change is what drift should catch.
 */
import type { FieldSchema, ObjectSchema } from '../connector.ts';

const f = (name: string, type: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  name,
  type,
  required: false,
  custom: false,
  ...extra,
});

const common = [
  f('id', 'string', { required: true }),
  f('created', 'timestamp', { required: true }),
  f('metadata', 'hash'),
];
const money = (name: string) => f(name, 'amount_minor_units');

export const STRIPE_OBJECTS: readonly ObjectSchema[] = [
  {
    name: 'customer',
    custom: false,
    fields: [
      ...common,
      f('email', 'string'),
      f('name', 'string'),
      f('description', 'string'),
      f('phone', 'string'),
      f('deleted', 'boolean'),
    ],
  },
  {
    name: 'payment_intent',
    custom: false,
    fields: [
      ...common,
      money('amount'),
      money('amount_capturable'),
      money('amount_received'),
      f('currency', 'currency', { required: true }),
      f('customer', 'string', { references: 'customer' }),
      f('latest_charge', 'string', { references: 'charge' }),
      f('status', 'enum', {
        required: true,
        enumValues: [
          'canceled',
          'processing',
          'requires_action',
          'requires_capture',
          'requires_confirmation',
          'requires_payment_method',
          'succeeded',
        ],
      }),
      f('capture_method', 'enum', { enumValues: ['automatic', 'automatic_async', 'manual'] }),
      f('cancellation_reason', 'enum', {
        enumValues: [
          'abandoned',
          'automatic',
          'duplicate',
          'expired',
          'failed_invoice',
          'fraudulent',
          'requested_by_customer',
          'void_invoice',
        ],
      }),
    ],
  },
  {
    name: 'charge',
    custom: false,
    fields: [
      ...common,
      money('amount'),
      money('amount_captured'),
      money('amount_refunded'),
      f('currency', 'currency', { required: true }),
      f('captured', 'boolean'),
      f('refunded', 'boolean'),
      f('paid', 'boolean'),
      f('status', 'enum', { required: true, enumValues: ['failed', 'pending', 'succeeded'] }),
      f('customer', 'string', { references: 'customer' }),
      f('payment_intent', 'string', { references: 'payment_intent' }),
      f('balance_transaction', 'string', { references: 'balance_transaction' }),
    ],
  },
  {
    name: 'refund',
    custom: false,
    fields: [
      ...common,
      money('amount'),
      f('currency', 'currency', { required: true }),
      f('charge', 'string', { references: 'charge' }),
      f('payment_intent', 'string', { references: 'payment_intent' }),
      f('status', 'enum', { enumValues: ['canceled', 'failed', 'pending', 'requires_action', 'succeeded'] }),
      f('reason', 'enum', {
        enumValues: ['duplicate', 'expired_uncaptured_charge', 'fraudulent', 'requested_by_customer'],
      }),
      f('balance_transaction', 'string', { references: 'balance_transaction' }),
    ],
  },
  {
    name: 'invoice',
    custom: false,
    fields: [
      ...common,
      money('amount_due'),
      money('amount_paid'),
      money('amount_remaining'),
      f('currency', 'currency', { required: true }),
      f('customer', 'string', { references: 'customer' }),
      f('number', 'string'),
      f('status', 'enum', { enumValues: ['draft', 'open', 'paid', 'uncollectible', 'void'] }),
    ],
  },
  {
    name: 'balance_transaction',
    custom: false,
    fields: [
      f('id', 'string', { required: true }),
      f('created', 'timestamp', { required: true }),
      money('amount'),
      money('fee'),
      money('net'),
      f('currency', 'currency', { required: true }),
      f('fee_details', 'list'),
      f('source', 'string'),
      f('type', 'enum', {
        enumValues: ['adjustment', 'charge', 'payment', 'payment_refund', 'payout', 'refund', 'stripe_fee'],
      }),
    ],
  },
];
