/**
 * Stripe in the sandbox: the v1 API simulator with a fixed `sk_test_` key. Generated objects are
 * already the API's JSON, so they go into the account's state as they are, oldest first (lists are
 * newest first by insertion). Snapshots: every object (events included) in insertion order.
 */
import { randomBytes } from 'node:crypto';
import { readBusinessRecords } from '../../generator/index.ts';
import { type StripeSimulator, startStripeSimulator } from '../../stripe/stripe-simulator.ts';
import type { StripeObject } from '../../stripe/stripe-state.ts';
import type { StartContext, SystemDriver } from '../sandbox-system.ts';
import { readState, writeState } from './json-state.ts';

const FORMAT = 'accord-stripe-account/1';
const FILES = ['customers', 'payment_intents', 'charges', 'refunds'];

export const stripeDriver: SystemDriver<StripeSimulator> = {
  name: 'stripe',
  newCredentials: () => ({
    apiKey: `sk_test_${randomBytes(24).toString('base64url')}`,
    webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
  }),
  async start({ port, credentials, source }: StartContext) {
    const sim = await startStripeSimulator({ apiKey: credentials.apiKey ?? '', ...(port ? { port } : {}) });
    try {
      if (source.kind === 'generated') {
        for (const file of FILES) {
          for await (const object of readBusinessRecords(source.dir, `stripe/${file}`)) {
            sim.state.insert(object as StripeObject);
          }
        }
      } else {
        for (const object of await readState<StripeObject[]>(source.file, FORMAT)) {
          sim.state.insert(object);
          if (object.object === 'event') sim.state.events.push(object);
        }
      }
    } catch (error) {
      await sim.close();
      throw error;
    }
    return {
      name: 'stripe',
      url: sim.url,
      port: sim.port,
      credentials: { apiKey: sim.apiKey, webhookSecret: credentials.webhookSecret ?? '' },
      env: { STRIPE_SECRET_KEY: sim.apiKey, STRIPE_WEBHOOK_SECRET: credentials.webhookSecret ?? '' },
      sim,
      snapshot: (file) => writeState(file, FORMAT, [...sim.state.objects.values()]),
      close: () => sim.close(),
    };
  },
};
