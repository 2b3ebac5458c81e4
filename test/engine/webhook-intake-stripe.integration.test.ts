/**
 * Stripe webhooks into the engine over loopback HTTP, from the Stripe simulator's own sender
 * (`Stripe-Signature` with the endpoint's whsec_ secret): a `customer.created` delivery, sent
 * twice, becomes one change of the stripe → netsuite flow and one NetSuite customer; a delivery
 * signed with another secret is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, startNetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { type StripeSimulator, startStripeSimulator } from '../../sandbox/stripe/stripe-simulator.ts';
import { signStripePayload } from '../../sandbox/stripe/webhook-dispatcher.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { buildWebhookVerifiers } from '../../src/connectors/webhook-verifiers.ts';
import { parseContract, type SecretResolver } from '../../src/contract/index.ts';
import { openEngine } from '../../src/engine/engine.ts';
import { openWebhookIntake, type WebhookIntake } from '../../src/engine/webhook-intake.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultSubsidiaryScript } from './sim-rig.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function contractText(ns: NetSuiteSimulator, stripe: StripeSimulator): string {
  return `
accord: 1
name: stripe-customers
systems:
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection:
      baseUrl: ${ns.url}
      timeZone: America/Los_Angeles
      consumerKey: env:NS_CONSUMER_KEY
      consumerSecret: env:NS_CONSUMER_SECRET
      tokenId: env:NS_TOKEN_ID
      tokenSecret: env:NS_TOKEN_SECRET
  stripe:
    kind: stripe
    connection:
      baseUrl: ${stripe.url}
      apiKey: env:STRIPE_KEY
      webhookSecret: env:STRIPE_WEBHOOK_SECRET
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: revert
  errors: { retries: 3, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    owner: stripe
    fields:
      email: { kind: email }
      lastName: { kind: string }
    mappings:
      stripe:
        record: customer
        id: id
        fields: { email: email, lastName: name }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, lastName: lastName }
flows:
  customers:
    entity: customer
    from: stripe
    to: netsuite
    direction: one-way
    trigger: { webhook: customer.created }
    owner: integrations
    match:
      keys: [external-id, { field: email, normalise: [trim, lowercase] }]
      onNoMatch: create
      onMultipleMatches: review
`;
}

describe('Stripe webhook intake', () => {
  let intake: WebhookIntake | undefined;
  let store: SqliteStore | undefined;

  it('customer.created, delivered twice, is one change and one NetSuite customer; a wrong signature is refused', async () => {
    const ns = await startNetSuiteSimulator({ concurrency: 5, scripts: [defaultSubsidiaryScript] });
    cleanup.push(() => ns.close());
    const stripe = await startStripeSimulator();
    cleanup.push(() => stripe.close());
    const port = await freePort();
    const endpoint = await stripe.call('POST', '/v1/webhook_endpoints', {
      url: `http://127.0.0.1:${port}/webhooks/stripe`,
      enabled_events: ['customer.created'],
    });
    const secrets: Record<string, string> = {
      NS_CONSUMER_KEY: ns.tba.consumerKey,
      NS_CONSUMER_SECRET: ns.tba.consumerSecret,
      NS_TOKEN_ID: ns.tba.tokenId,
      NS_TOKEN_SECRET: ns.tba.tokenSecret,
      STRIPE_KEY: stripe.apiKey,
      STRIPE_WEBHOOK_SECRET: String(endpoint.secret),
    };
    const resolver: SecretResolver = (ref) => secrets[ref.name];
    const parsed = parseContract(contractText(ns, stripe), 'stripe-customers.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const dir = mkdtempSync(join(tmpdir(), 'accord-stripe-hooks-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    store = await openSqliteStore(join(dir, 'accord.db'));
    cleanup.push(() => store?.close());
    const queue = openSqliteQueue(store);
    const connectors: Map<string, Connector> = await buildConnectors(parsed.contract, { resolver });
    cleanup.push(async () => {
      await Promise.allSettled([...connectors.values()].map((c) => c.close()));
    });
    const engine = openEngine({
      contract: parsed.contract,
      store,
      queue,
      connectors,
      tuning: { lookbackMs: 2_000, drainTimeoutMs: 30_000, batchSize: 20 },
    });
    const verifiers = buildWebhookVerifiers(parsed.contract, { resolver });
    intake = await openWebhookIntake({ engine, flows: ['customers'], verifiers, port });
    cleanup.push(() => intake?.close());

    await stripe.call('POST', '/v1/customers', { email: 'Paying.Customer@example.com', name: 'Payer' });
    const sent = await stripe.webhooks.flush({ duplicates: 1 });
    expect(sent.map((a) => a.status)).toEqual([200, 200]);
    expect((await queue.stats()).byState.pending).toBe(1);

    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'customer.created',
      data: { object: { id: 'cus_x', object: 'customer' } },
    });
    const forged = await fetch(`${intake.url}/webhooks/stripe`, {
      method: 'POST',
      body,
      headers: { 'stripe-signature': signStripePayload(body, 'whsec_wrong', Math.floor(Date.now() / 1000)) },
    });
    expect(forged.status).toBe(401);

    await engine.runFlow('customers', { once: true });
    const ours = ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('stripe:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ lastName: 'Payer' });
    for (const run of await store.runs.list({ flow: 'customers' }))
      expect(runBalance(run.counts).balanced).toBe(true);
  });
});
