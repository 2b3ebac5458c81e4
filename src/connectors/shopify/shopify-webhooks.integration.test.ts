import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import type { WebhookDelivery } from '../connector.ts';
import { InMemoryDedupeStore } from '../webhooks/dedupe-store.ts';
import { WebhookReceiver } from '../webhooks/webhook-receiver.ts';
import { ShopifyConnector } from './shopify-connector.ts';
import { ShopifyWebhookVerifier } from './shopify-webhook-verifier.ts';

/** A real HTTP endpoint on loopback that keeps what Shopify delivered, byte for byte. */
async function startReceiver(): Promise<{
  url: string;
  deliveries: WebhookDelivery[];
  close(): Promise<void>;
}> {
  const deliveries: WebhookDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
      deliveries.push({ headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    deliveries,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('Shopify webhooks: signed, de-duplicated, same shape as polling', () => {
  let sim: ShopifySimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let connector: ShopifyConnector;
  let verifier: ShopifyWebhookVerifier;
  const clock = { t: Date.parse('2026-11-28T14:00:00Z') };

  beforeAll(async () => {
    sim = await startShopifySimulator({ shop: { now: () => clock.t }, webhookMode: 'manual' });
    receiver = await startReceiver();
    for (const topic of [
      'customers/create',
      'customers/update',
      'orders/create',
      'orders/updated',
      'refunds/create',
    ]) {
      sim.webhooks.subscribe(topic, receiver.url);
    }
    connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
    });
    verifier = new ShopifyWebhookVerifier({ secrets: [sim.apiSecret], shopDomain: sim.storeDomain });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.deliveries.length = 0;
  });

  const now = () => new Date(clock.t);

  it('verifies a genuine delivery into the record polling yields for the same customer', async () => {
    const written = await connector.upsert({
      objectType: 'customer',
      externalId: 'crm-1',
      fields: {
        email: 'hook@example.test',
        firstName: 'Hook',
        lastName: 'Shape',
        tags: ['vip', 'wholesale'],
      },
      idempotencyKey: 'hook-1',
    });
    await sim.webhooks.flush();
    expect(receiver.deliveries).toHaveLength(1);
    const result = verifier.verify(receiver.deliveries[0]!, now());
    if (!result.ok) throw new Error(result.reason);
    expect(result.event.topic).toBe('customers/create');
    expect(result.event.objectType).toBe('customer');
    const polled = await connector.get('customer', written.id);
    const pushed = result.event.record;
    expect(pushed.id).toBe(polled!.id);
    expect(pushed.modifiedAt).toBe(polled!.modifiedAt);
    for (const field of [
      'id',
      'legacyResourceId',
      'email',
      'firstName',
      'lastName',
      'phone',
      'note',
      'tags',
      'state',
      'verifiedEmail',
      'createdAt',
      'updatedAt',
    ]) {
      expect(pushed.fields[field], field).toEqual(polled!.fields[field]);
    }
  });

  it('delivers as events happen in immediate mode, with every Shopify header', async () => {
    sim.webhooks.mode = 'immediate';
    try {
      sim.store.createCustomer({ email: 'live@example.test' });
      await sim.webhooks.settle();
    } finally {
      sim.webhooks.mode = 'manual';
    }
    expect(receiver.deliveries).toHaveLength(1);
    const headers = receiver.deliveries[0]!.headers;
    expect(headers).toMatchObject({
      'x-shopify-topic': 'customers/create',
      'x-shopify-shop-domain': sim.storeDomain,
      'x-shopify-api-version': '2026-10',
      'x-shopify-triggered-at': new Date(clock.t).toISOString(),
    });
    expect(headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-shopify-event-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-shopify-hmac-sha256']).toBe(sim.webhooks.sign(receiver.deliveries[0]!.rawBody));
  });

  it('rejects forged, re-signed, foreign-shop and unsigned deliveries', async () => {
    sim.store.createCustomer({ email: 'forge@example.test' });
    await sim.webhooks.flush();
    const genuine = receiver.deliveries[0]!;
    expect(verifier.verify(genuine, now()).ok).toBe(true);
    const tampered = {
      headers: genuine.headers,
      rawBody: Buffer.from(genuine.rawBody.toString().replace('forge@', 'thief@')),
    };
    expect(verifier.verify(tampered, now())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/forged/),
    });
    const otherSecret = new ShopifyWebhookVerifier({ secrets: ['shpss_someone_else'] });
    expect(otherSecret.verify(genuine, now()).ok).toBe(false);
    const { 'x-shopify-hmac-sha256': _, ...unsigned } = genuine.headers;
    expect(verifier.verify({ headers: unsigned, rawBody: genuine.rawBody }, now())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/missing/),
    });
    const foreign = new ShopifyWebhookVerifier({
      secrets: [sim.apiSecret],
      shopDomain: 'other-shop.myshopify.com',
    });
    expect(foreign.verify(genuine, now()).ok).toBe(false);
    const truncatedSignature = {
      headers: {
        ...genuine.headers,
        'x-shopify-hmac-sha256': genuine.headers['x-shopify-hmac-sha256']!.slice(0, 10),
      },
      rawBody: genuine.rawBody,
    };
    expect(verifier.verify(truncatedSignature, now()).ok).toBe(false);
  });

  it('accepts a retry within Shopify’s 4-hour retry span and rejects a stale replay', async () => {
    sim.store.createCustomer({ email: 'stale@example.test' });
    await sim.webhooks.flush();
    const delivery = receiver.deliveries[0]!;
    const triggered = Date.parse(delivery.headers['x-shopify-triggered-at']!);
    expect(verifier.verify(delivery, new Date(triggered + 4 * 3600_000)).ok).toBe(true);
    expect(verifier.verify(delivery, new Date(triggered + 6 * 3600_000))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stale/),
    });
    expect(verifier.verify(delivery, new Date(triggered - 3600_000))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/future/),
    });
  });

  it('processes each event once when deliveries arrive duplicated and out of order', async () => {
    const customer = sim.store.createCustomer({ email: 'twice@example.test', firstName: 'First' }).customer!;
    clock.t += 5_000;
    sim.store.updateCustomer(customer.id, { firstName: 'Second' });
    clock.t += 5_000;
    sim.store.updateCustomer(customer.id, { firstName: 'Third' });
    await sim.webhooks.flush({ order: 'reverse', copies: 2 });
    expect(receiver.deliveries).toHaveLength(6);
    const receiverPath = new WebhookReceiver('shopify', verifier, new InMemoryDedupeStore());
    const accepted = [];
    let duplicates = 0;
    for (const d of receiver.deliveries) {
      const receipt = await receiverPath.receive(d, now());
      if (receipt.ok) accepted.push(receipt.event);
      else if (receipt.duplicate) duplicates += 1;
      else throw new Error(receipt.reason);
    }
    expect(duplicates).toBe(3);
    expect(accepted.map((e) => e.record.fields.firstName)).toEqual(['Third', 'Second', 'First']);
    // Arrival order is useless; the records' modifiedAt says which state is newest.
    const newest = [...accepted].sort((a, b) => (a.record.modifiedAt < b.record.modifiedAt ? 1 : -1))[0]!;
    expect(newest.record.fields.firstName).toBe('Third');
    expect(newest.record.modifiedAt).toBe(new Date(clock.t).toISOString());
  });

  it('lets a delivery through again after its processing failed', async () => {
    sim.store.createCustomer({ email: 'retry@example.test' });
    await sim.webhooks.flush({ copies: 2 });
    const receiverPath = new WebhookReceiver('shopify', verifier, new InMemoryDedupeStore());
    const first = await receiverPath.receive(receiver.deliveries[0]!, now());
    if (!first.ok) throw new Error(first.reason);
    await receiverPath.failed(first);
    expect((await receiverPath.receive(receiver.deliveries[1]!, now())).ok).toBe(true);
  });

  it('maps order and refund deliveries (REST bodies, shop-time offsets, padded money) to polling shapes', async () => {
    const order = sim.book.create({
      lines: [{ title: 'Vase', quantity: 2, unitPrice: '15.00', taxRate: '0.2' }],
      fulfilled: true,
    });
    clock.t += 1000;
    sim.book.refund(order, {
      lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1 }],
      transactions: [{ amount: '18.00', gateway: 'shopify_payments' }],
    });
    await sim.webhooks.flush();
    const events = receiver.deliveries
      .map((d) => verifier.verify(d, now()))
      .map((r) => (r.ok ? r.event : undefined));
    const body = JSON.parse(receiver.deliveries[0]!.rawBody.toString()) as {
      total_price: string;
      updated_at: string;
    };
    expect(body.total_price).toBe('36.00');
    expect(body.updated_at).toMatch(/-05:00$/);
    const updated = events.find((e) => e?.topic === 'orders/updated')!;
    const polled = await connector.get('order', `gid://shopify/Order/${order.id}`);
    for (const field of [
      'id',
      'name',
      'displayFinancialStatus',
      'displayFulfillmentStatus',
      'totalPriceSet',
      'totalTaxSet',
      'subtotalPriceSet',
      'currentTotalPriceSet',
      'updatedAt',
    ]) {
      expect(updated.record.fields[field], field).toEqual(polled!.fields[field]);
    }
    expect(updated.record.modifiedAt).toBe(polled!.modifiedAt);
    const refund = events.find((e) => e?.topic === 'refunds/create')!;
    expect(refund.objectType).toBe('refund');
    expect(refund.record.fields.transactions).toEqual({
      nodes: [
        {
          id: expect.stringMatching(/^gid:\/\/shopify\/OrderTransaction\//),
          kind: 'REFUND',
          status: 'SUCCESS',
          gateway: 'shopify_payments',
          amountSet: { shopMoney: { amount: '18.0', currencyCode: 'USD' } },
        },
      ],
    });
  });
});
