/**
 * Webhooks into the engine over loopback HTTP, from the Shopify simulator's own sender: signed
 * deliveries verified (X-Shopify-Hmac-Sha256) and fed into the same capture path as polling,
 * duplicates and forgeries stopped, the change written to NetSuite once.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebhookVerifiers } from '../../src/connectors/webhook-verifiers.ts';
import { openWebhookIntake, type WebhookIntake } from '../../src/engine/webhook-intake.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { defaultSubsidiaryScript, type SimRig, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
let intake: WebhookIntake | undefined;
afterEach(async () => {
  await intake?.close();
  await rig?.close();
  intake = undefined;
  rig = undefined;
});

const ours = (r: SimRig) =>
  r.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:'));

describe('webhook intake', () => {
  it('Shopify deliveries (sent twice, as Shopify retries do) become one change, written to NetSuite once', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const contract = rig.engine.contract;
    const verifiers = buildWebhookVerifiers(contract, { resolver: rig.resolver, systems: ['shopify'] });
    intake = await openWebhookIntake({ engine: rig.engine, flows: ['customers'], verifiers, port: 0 });
    const endpoint = intake.endpoints.get('shopify') as string;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/shopify$/);
    rig.shop.webhooks.subscribe('customers/create', endpoint);

    const created = rig.shop.store.createCustomer({
      email: 'hooked@example.com',
      firstName: 'Hook',
      lastName: 'Delivered',
      phone: null,
    });
    const results = await rig.shop.webhooks.flush({ copies: 2 });
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const jobs = await rig.queue.stats();
    expect(jobs.byState.pending).toBe(1); // the copy was a duplicate

    await rig.engine.runFlow('customers', { once: true });
    expect(ours(rig)).toHaveLength(1);
    expect(ours(rig)[0]).toMatchObject({ email: 'hooked@example.com' });
    const runs = await rig.store.runs.list({ flow: 'customers' });
    const hooked = runs.find((r) => r.note?.startsWith('webhook:'));
    expect(hooked?.counts).toMatchObject({ captured: 1, written: 1, pending: 0 });
    for (const run of runs) expect(runBalance(run.counts).balanced).toBe(true);
    expect(created.customer).toBeTruthy();
  });

  it('refuses a forged delivery with 401 and enqueues nothing; an unknown system is 404', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const verifiers = buildWebhookVerifiers(rig.engine.contract, { resolver: rig.resolver });
    intake = await openWebhookIntake({ engine: rig.engine, flows: ['customers'], verifiers, port: 0 });
    const body = JSON.stringify({
      id: 1,
      email: 'evil@example.com',
      admin_graphql_api_id: 'gid://shopify/Customer/1',
    });
    const post = (path: string, secret: string) =>
      fetch(`${intake!.url}${path}`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
          'x-shopify-topic': 'customers/create',
          'x-shopify-shop-domain': rig!.shop.storeDomain,
          'x-shopify-event-id': 'forged-1',
          'x-shopify-triggered-at': new Date().toISOString(),
        },
      });
    const forged = await post('/webhooks/shopify', 'not-the-app-secret');
    expect(forged.status).toBe(401);
    expect(await forged.text()).toMatch(/does not match the body/);
    expect((await post('/webhooks/netsuite', rig.shop.apiSecret)).status).toBe(404);
    expect((await rig.queue.stats()).byState.pending).toBe(0);
  });
});
