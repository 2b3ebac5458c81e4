/**
 * The orphan-payment plant: a Stripe payment (intent and charge) whose `metadata.shopify_order_id`
 * names a Shopify order that does not exist in any shop — a payment with no order, the kind a
 * deleted test order or a payment link taken outside the shop leaves behind. Written to the
 * manifest with both ids (the payment intent and the order it points to).
 *
 * Order gids of these payments come from a range no generated order uses (orders are
 * `gid://shopify/Order/5000000001` and up), and their ids from their own random stream, so the
 * rest of the business is byte-identical with or without the plant.
 */
import type { GenerationContext } from './generation-context.ts';
import type { Rng } from './rng.ts';
import { stripeCharge, stripePaymentIntent } from './shapes/stripe-shapes.ts';

export function projectOrphanPayments(
  ctx: GenerationContext,
  rng: Rng,
  count: number,
  from: number,
  stripeCustomers: readonly string[],
): void {
  for (let k = 0; k < count; k++) {
    const orderGid = `gid://shopify/Order/${4_000_000_001 + k}`;
    const pi = `pi_${rng.alphanumeric(24)}`;
    const input = {
      paymentIntentId: pi,
      chargeId: `ch_${rng.alphanumeric(24)}`,
      customerId: rng.pick(stripeCustomers),
      amount: BigInt(rng.int(500, 50_000)),
      currency: 'USD',
      captured: true,
      refunded: 0n,
      createdAt: from + rng.int(0, 27) * 86_400_000 + rng.int(0, 86_399) * 1000,
      description: `payment for order ${orderGid}`,
      metadata: { shopify_order_id: orderGid },
      last4: rng.digits(4),
      brand: rng.pick(['visa', 'mastercard']),
    };
    ctx.emit('stripe/payment_intents', stripePaymentIntent(input));
    ctx.emit('stripe/charges', stripeCharge(input));
    ctx.addTotal('stripe.captured', 'USD', input.amount);
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'orphan-payment',
      systems: ['stripe', 'shopify'],
      entity: 'payment',
      keys: { stripe: pi, match: orderGid },
      field: 'order',
      values: { stripe: orderGid, shopify: null },
      description: `Stripe payment ${pi} is for Shopify order ${orderGid}, which no shop has`,
    });
  }
}
