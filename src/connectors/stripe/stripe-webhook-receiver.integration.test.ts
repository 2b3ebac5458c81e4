/**
 * Webhooks end to end: the simulator signs and delivers real HTTP POSTs to a local endpoint; the
 * official SDK's `constructEvent` accepts them (compatibility), Accord's verifier accepts the
 * same deliveries and rejects forged, altered and stale ones, and the receiver processes each
 * event id once even when Stripe delivers duplicates out of order and retries failures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeSimulator, startStripeSimulator } from '../../../sandbox/stripe/stripe-simulator.ts';
import { signStripePayload } from '../../../sandbox/stripe/webhook-dispatcher.ts';
import type { WebhookDelivery } from '../connector.ts';
import { createStripeConnector } from './stripe-connector.ts';
import { InMemoryDedupeStore, WebhookReceiver } from './stripe-webhook-receiver.ts';
import { StripeWebhookVerifier } from './stripe-webhook-verifier.ts';

describe('stripe webhooks', () => {
  let sim: StripeSimulator;
  let stripe: Stripe;
  let endpoint: Server;
  let secret: string;
  const deliveries: WebhookDelivery[] = [];
  let failNext = 0;

  beforeAll(async () => {
    sim = await startStripeSimulator({ seed: 5 });
    stripe = new Stripe(sim.apiKey, {
      host: '127.0.0.1',
      port: sim.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
          return;
        }
        deliveries.push({
          headers: { 'stripe-signature': String(req.headers['stripe-signature']) },
          rawBody: Buffer.concat(chunks),
        });
        res.writeHead(200).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const created = await stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/stripe`,
      enabled_events: ['customer.created', 'customer.updated', 'payment_intent.succeeded', 'charge.refunded'],
    });
    secret = created.secret!;
    expect(secret).toMatch(/^whsec_/);
  });
  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('delivers signed events that the SDK and Accord both verify; duplicates and disorder are absorbed', async () => {
    const customer = await stripe.customers.create({ email: 'hook@example.test' });
    await stripe.customers.update(customer.id, { name: 'Hook' });
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
    // Not subscribed: must not be delivered.
    await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });

    const attempts = await sim.webhooks.flush({ shuffle: true, duplicates: 2 });
    expect(attempts.every((a) => a.status === 200)).toBe(true);
    const types = deliveries.map((d) => JSON.parse(d.rawBody.toString()).type as string);
    expect(new Set(types)).toEqual(
      new Set(['customer.created', 'customer.updated', 'payment_intent.succeeded', 'charge.refunded']),
    );
    expect(deliveries).toHaveLength(6);

    const receiver = new WebhookReceiver(
      new StripeWebhookVerifier({ secrets: [secret] }),
      new InMemoryDedupeStore(),
    );
    const outcomes = [];
    for (const delivery of deliveries) {
      // The SDK's own verification accepts the simulator's signature format.
      const sdkEvent = stripe.webhooks.constructEvent(
        delivery.rawBody,
        delivery.headers['stripe-signature']!,
        secret,
      );
      expect(sdkEvent.id).toMatch(/^evt_/);
      outcomes.push(await receiver.receive(delivery));
    }
    expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(4);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(2);
    const refunded = outcomes.find((o) => o.outcome === 'accepted' && o.event.topic === 'charge.refunded');
    expect(refunded?.outcome === 'accepted' && refunded.event.record.fields.amount_refunded).toBe(500);
    expect(refunded?.outcome === 'accepted' && refunded.event.objectType).toBe('charge');

    // Webhooks and polling feed the same capture path: the same record for the same change.
    const connector = createStripeConnector({
      system: 'stripe',
      apiKey: sim.apiKey,
      host: '127.0.0.1',
      port: sim.port,
      protocol: 'http',
    });
    const polled = [];
    for await (const page of connector.readChanges({ objectType: 'charge' })) polled.push(...page);
    if (refunded?.outcome !== 'accepted') throw new Error('charge.refunded was not accepted');
    expect(polled.find((r) => r.id === refunded.event.record.id)).toEqual(refunded.event.record);
  });

  it('retries a delivery the endpoint failed, on the next flush', async () => {
    deliveries.length = 0;
    await stripe.customers.create({ email: 'retry@example.test' });
    failNext = 1;
    const first = await sim.webhooks.flush();
    expect(first.map((a) => a.status)).toEqual([500]);
    expect(sim.webhooks.pending()).toBe(1);
    const second = await sim.webhooks.flush();
    expect(second.map((a) => [a.status, a.attempt])).toEqual([[200, 2]]);
    expect(deliveries).toHaveLength(1);
  });

  it('rejects forged, altered, unsigned and stale deliveries', async () => {
    const verifier = new StripeWebhookVerifier({ secrets: [secret] });
    const genuine = deliveries[0]!;
    const t = Number(/t=(\d+)/.exec(genuine.headers['stripe-signature']!)![1]);
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(verifier.verify(genuine, at(t + 10)).ok).toBe(true);

    const forged = {
      ...genuine,
      headers: { 'stripe-signature': signStripePayload(genuine.rawBody.toString(), 'whsec_attacker', t) },
    };
    expect(verifier.verify(forged, at(t))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no v1 signature/),
    });

    const altered = {
      ...genuine,
      rawBody: Buffer.from(genuine.rawBody.toString().replace('retry@', 'evil@')),
    };
    expect(verifier.verify(altered, at(t)).ok).toBe(false);
    expect(() =>
      stripe.webhooks.constructEvent(altered.rawBody, altered.headers['stripe-signature']!, secret),
    ).toThrow();

    expect(verifier.verify({ headers: {}, rawBody: genuine.rawBody }, at(t))).toMatchObject({
      ok: false,
      reason: 'missing Stripe-Signature header',
    });

    const stale = verifier.verify(genuine, at(t + 301));
    expect(stale).toMatchObject({ ok: false, reason: expect.stringMatching(/301s old/) });
    // A stale delivery re-signed by an attacker without the secret is still a forgery.
    const resigned = { ...genuine, headers: { 'stripe-signature': `t=${t + 301},v1=${'0'.repeat(64)}` } };
    expect(verifier.verify(resigned, at(t + 301)).ok).toBe(false);
  });

  it('accepts either secret while rolling, and the dedupe store forgets released or expired ids', async () => {
    const genuine = deliveries[0]!;
    const t = Number(/t=(\d+)/.exec(genuine.headers['stripe-signature']!)![1]);
    const rolling = new StripeWebhookVerifier({ secrets: ['whsec_new', secret] });
    expect(rolling.verify(genuine, new Date(t * 1000)).ok).toBe(true);

    const store = new InMemoryDedupeStore(1000);
    const now = new Date(t * 1000);
    expect(store.claim('evt_1', now)).toBe(true);
    expect(store.claim('evt_1', now)).toBe(false);
    store.release('evt_1');
    expect(store.claim('evt_1', now)).toBe(true);
    expect(store.claim('evt_1', new Date(now.getTime() + 1000))).toBe(true);
  });
});
