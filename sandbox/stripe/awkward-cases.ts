/**
 * Seeds the Stripe account with the cases that break ledgers quietly, through the simulator's
 * own API pipeline (so every case has its events and balance transactions):
 * - an authorisation never captured (`requires_capture`, charge `captured: false`, no money moved);
 * - a captured payment partially refunded;
 * - a partially captured authorisation (the rest released);
 * - a JPY payment (zero-decimal) and a KWD payment (three-decimal, last digit 0);
 * - a card payment with processing fees on its balance transaction;
 * - a customer without an email, and a declined payment left in `requires_payment_method`.
 *
 * @example
 *   const cases = await seedAwkwardCases(sim);
 *   await stripe.paymentIntents.retrieve(cases.uncapturedAuthorisation) // status: requires_capture
 */
import type { StripeSimulator } from './stripe-simulator.ts';

export interface AwkwardCases {
  customerWithoutEmail: string;
  uncapturedAuthorisation: string;
  partiallyRefunded: string;
  partiallyCaptured: string;
  jpyPayment: string;
  kwdPayment: string;
  chargeWithFees: string;
  declined: string;
}

export async function seedAwkwardCases(sim: StripeSimulator): Promise<AwkwardCases> {
  const guest = await sim.call('POST', '/v1/customers', {
    name: 'Guest without email',
    metadata: { source: 'guest-checkout' },
  });
  const customer = await sim.call('POST', '/v1/customers', {
    email: 'awkward@example.test',
    name: 'Awkward Customer',
  });
  const pay = (params: Record<string, string>) =>
    sim.call('POST', '/v1/payment_intents', {
      customer: customer.id as string,
      confirm: 'true',
      payment_method: 'pm_card_visa',
      ...params,
    });

  const uncaptured = await pay({
    amount: '15000',
    currency: 'usd',
    capture_method: 'manual',
    description: 'authorised, never captured',
  });
  const refunded = await pay({ amount: '8000', currency: 'eur', description: 'partially refunded' });
  await sim.call('POST', '/v1/refunds', {
    payment_intent: refunded.id as string,
    amount: '2500',
    reason: 'requested_by_customer',
  });
  const partial = await pay({
    amount: '10000',
    currency: 'gbp',
    capture_method: 'manual',
    description: 'partially captured',
  });
  await sim.call('POST', `/v1/payment_intents/${partial.id}/capture`, { amount_to_capture: '7550' });
  const jpy = await pay({ amount: '12345', currency: 'jpy', description: 'zero-decimal' });
  const kwd = await pay({ amount: '5120', currency: 'kwd', description: 'three-decimal' });
  const fees = await pay({
    amount: '10000',
    currency: 'usd',
    description: 'fees on the balance transaction',
  });
  const declined = await sim.call('POST', '/v1/payment_intents', {
    amount: '4200',
    currency: 'usd',
    customer: customer.id as string,
  });
  await sim
    .call('POST', `/v1/payment_intents/${declined.id}/confirm`, { payment_method: 'pm_card_chargeDeclined' })
    .catch(() => undefined);

  return {
    customerWithoutEmail: guest.id as string,
    uncapturedAuthorisation: uncaptured.id as string,
    partiallyRefunded: refunded.id as string,
    partiallyCaptured: partial.id as string,
    jpyPayment: jpy.id as string,
    kwdPayment: kwd.id as string,
    chargeWithFees: fees.latest_charge as string,
    declined: declined.id as string,
  };
}
