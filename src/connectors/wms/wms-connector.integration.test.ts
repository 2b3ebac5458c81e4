import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWmsSimulator, type WmsSimulator } from '../../../sandbox/wms/wms-simulator.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { AuthenticationFailed, RateLimited, toError, ValidationRejected } from '../../model/errors.ts';
import type { SystemRecord, WebhookDelivery } from '../connector.ts';
import { valueAtPath } from './field-paths.ts';
import { WmsConnector } from './wms-connector.ts';
import { WmsWebhookVerifier } from './wms-webhook-verifier.ts';

const apiKey = 'wms_live_5f1c0ffee0ddba11';

const recipient = (n: number) => ({
  name: `Buyer ${n}`,
  email: `buyer${n}@example.test`,
  address1: `${n} Harbour Road`,
  city: 'Reno',
  postalCode: '89501',
  country: 'US',
});

describeConnectorContract('wms-rest', async () => {
  const sim = await startWmsSimulator({ apiKey, requestsPerMinute: 100_000, latencyMs: { min: 1, max: 4 } });
  const connector = new WmsConnector({ system: 'wms', baseUrl: sim.url, apiKey, concurrency: 3 });
  return {
    connector,
    objectType: 'order',
    sample: (n) => ({
      recipient: recipient(n),
      lines: [{ sku: 'SKU-RED-M', quantity: (n % 5) + 1 }],
      shippingMethod: 'ground',
    }),
    change: (n) => ({ 'recipient.name': `Buyer ${n} (moved)` }),
    invalid: () => ({ recipient: recipient(0), lines: [{ sku: 'SKU-DOES-NOT-EXIST', quantity: 0 }] }),
    matchField: 'recipient.email',
    matchValue: (n) => `buyer${n}@example.test`,
    valueOf: (record, field) => valueAtPath(record.fields, field),
    concurrencyCap: 3,
    maxInFlightSeen: () => sim.server.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.server.faults.push({ kind, count });
    },
    secrets: [apiKey],
    close: () => sim.close(),
  };
});

describe('wms-rest beyond the contract', () => {
  let sim: WmsSimulator;
  let wms: WmsConnector;
  beforeAll(async () => {
    sim = await startWmsSimulator({ apiKey, requestsPerMinute: 100_000 });
    wms = new WmsConnector({ system: 'wms', baseUrl: sim.url, apiKey, concurrency: 2 });
  });
  afterAll(() => sim.close());

  async function all(objectType: string, pageSize: number, since?: SystemRecord): Promise<SystemRecord[]> {
    const out: SystemRecord[] = [];
    const cursor = since && { modifiedAt: since.modifiedAt, id: since.id };
    for await (const page of wms.readChanges({ objectType, pageSize, since: cursor })) out.push(...page);
    return out;
  }

  it('pages shipments with an opaque cursor, including a split shipment of one order', async () => {
    const shipments = await all('shipment', 2);
    expect(shipments.length).toBe(3);
    const split = await wms.findByField('shipment', 'orderReference', 'SEED-3');
    expect(split.map((s) => s.fields.carrier).sort()).toEqual(['FedEx', 'USPS']);
    const fedex = split.find((s) => s.fields.carrier === 'FedEx')!;
    expect(fedex.fields.trackingNumbers).toEqual(['794611111111', '794622222222']);
    expect(fedex.fields.lines).toContainEqual({ sku: 'SKU-LOT-VAX', quantity: 1, lot: 'LOT-2026-11B' });
    const requests = sim.server.inspect.requests().filter((r) => r.path.startsWith('/v1/shipments?'));
    expect(requests.some((r) => r.path.includes('cursor='))).toBe(true);
  });

  it('reads stock levels per SKU and location, and a shipment lowers on-hand stock', async () => {
    const before = await wms.findByField('stockLevel', 'sku', 'SKU-BLUE-M');
    expect(before.map((l) => l.fields.location).sort()).toEqual(['PHL2', 'RNO1']);
    const rno = before.find((l) => l.fields.location === 'RNO1')!;
    await wms.upsert({
      objectType: 'order',
      externalId: 'SO-STOCK',
      fields: { recipient: recipient(7), lines: [{ sku: 'SKU-BLUE-M', quantity: 3 }] },
      idempotencyKey: 'stock:1',
    });
    await sim.confirmShipment({ orderReference: 'SO-STOCK', carrier: 'UPS', trackingNumbers: ['1ZSTOCK'] });
    const changed = await all('stockLevel', 50, rno);
    const after = changed.find((l) => l.id === rno.id)!;
    expect(after.fields.onHand).toBe((rno.fields.onHand as number) - 3);
    expect(after.modifiedAt > rno.modifiedAt).toBe(true);
  });

  it('refuses to change an order the warehouse has shipped, as a permanent ValidationRejected', async () => {
    await wms.upsert({
      objectType: 'order',
      externalId: 'SO-SHIPPED',
      fields: { recipient: recipient(8), lines: [{ sku: 'SKU-MUG', quantity: 1 }] },
      idempotencyKey: 'shipped:1',
    });
    await sim.confirmShipment({ orderReference: 'SO-SHIPPED', carrier: 'DHL', trackingNumbers: ['JD0001'] });
    const error = await wms
      .upsert({
        objectType: 'order',
        externalId: 'SO-SHIPPED',
        fields: { shippingMethod: 'express' },
        idempotencyKey: 'shipped:2',
      })
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('order_not_modifiable');
    expect((error as ValidationRejected).recordId).toBe('SO-SHIPPED');
    // A replay of the original write is already satisfied: no PATCH, so no refusal.
    const writes = sim.server.inspect.requests().filter((r) => r.method === 'PATCH').length;
    const replay = await wms.upsert({
      objectType: 'order',
      externalId: 'SO-SHIPPED',
      fields: { recipient: recipient(8), lines: [{ sku: 'SKU-MUG', quantity: 1 }] },
      idempotencyKey: 'shipped:1',
    });
    expect(replay.created).toBe(false);
    expect(sim.server.inspect.requests().filter((r) => r.method === 'PATCH').length).toBe(writes);
  });

  it('describes orders, shipments and stock levels with enum values, and the live locations', async () => {
    const schema = await wms.describe();
    expect(schema.objects.map((o) => o.name)).toEqual(['order', 'shipment', 'stockLevel']);
    const status = schema.objects[0]!.fields.find((f) => f.name === 'status');
    expect(status?.enumValues).toContain('shipped');
    expect(schema.configuration.locations).toEqual(['RNO1', 'PHL2']);
  });

  it('keeps the API key out of anything serialisable, even the connector object itself', async () => {
    const { inspect } = await import('node:util');
    expect(JSON.stringify(wms)).not.toContain(apiKey);
    expect(inspect(wms, { depth: 10, showHidden: true })).not.toContain(apiKey);
  });

  it('classifies a wrong API key as AuthenticationFailed without echoing either key', async () => {
    const wrong = new WmsConnector({ system: 'wms', baseUrl: sim.url, apiKey: 'wms_live_wrong_key_123' });
    const error = await wrong.get('order', 'x').then(() => undefined, toError);
    expect(error).toBeInstanceOf(AuthenticationFailed);
    expect(JSON.stringify({ m: error?.message, e: error })).not.toMatch(/wms_live_/);
  });

  it('answers past its rate limit with 429 and Retry-After, surfaced as RateLimited', async () => {
    const tight = await startWmsSimulator({ apiKey, requestsPerMinute: 2 });
    try {
      const client = new WmsConnector({ system: 'wms', baseUrl: tight.url, apiKey, maxRetries: 0 });
      await client.get('order', 'a');
      await client.get('order', 'b');
      const error = await client.get('order', 'c').then(() => undefined, toError);
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(client.stats().rateLimited).toBe(1);
    } finally {
      await tight.close();
    }
  });

  it('delivers a signed shipment.confirmed webhook that verifies once, and refuses replays and tampering', async () => {
    const received: WebhookDelivery[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, rawBody: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const subscription = (await (
        await fetch(`${sim.url}/v1/webhooks`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ url: `http://127.0.0.1:${port}/hooks/wms`, topic: 'shipment.confirmed' }),
        })
      ).json()) as { secret: string };
      await wms.upsert({
        objectType: 'order',
        externalId: 'SO-HOOK',
        fields: { recipient: recipient(9), lines: [{ sku: 'SKU-RED-S', quantity: 2 }] },
        idempotencyKey: 'hook:1',
      });
      const { shipment } = await sim.confirmShipment({
        orderReference: 'SO-HOOK',
        carrier: 'UPS',
        trackingNumbers: ['1ZHOOK01'],
      });
      expect(received).toHaveLength(1);
      const delivery = received[0]!;
      const verifier = new WmsWebhookVerifier({ system: 'wms', secret: subscription.secret });
      const result = verifier.verify(delivery);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.event.topic).toBe('shipment.confirmed');
      expect(result.event.record.id).toBe(shipment.id);
      expect(result.event.record.fields.trackingNumbers).toEqual(['1ZHOOK01']);
      expect(result.event.record.fields.orderReference).toBe('SO-HOOK');

      expect(verifier.verify(delivery)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('replay'),
      });
      const fresh = new WmsWebhookVerifier({ system: 'wms', secret: subscription.secret });
      const tampered = {
        ...delivery,
        rawBody: Buffer.from(delivery.rawBody.toString().replace('1ZHOOK01', '1ZHOOK02')),
      };
      expect(fresh.verify(tampered)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('signature'),
      });
      const later = new Date(Date.now() + 10 * 60_000);
      expect(fresh.verify(delivery, later)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('outside'),
      });
      const wrongSecret = new WmsWebhookVerifier({
        system: 'wms',
        secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==',
      });
      const refused = wrongSecret.verify(delivery);
      expect(refused.ok).toBe(false);
      expect(JSON.stringify(refused)).not.toContain(subscription.secret);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
