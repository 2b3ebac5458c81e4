/**
 * A 3PL warehouse management system's REST API, as `sandbox/wms/README.md` documents it: API-key
 * auth, outbound orders (create, update, cancel), shipments (fulfilment confirmations), stock
 * levels per SKU and location, cursor paging with `updated_since`, a per-key rate limit answered
 * with 429 and `Retry-After`, `Idempotency-Key` on writes, and signed `shipment.confirmed`
 * webhooks. In-process methods let a test play the warehouse floor (`confirmShipment`).
 *
 * @example
 *   const wms = await startWmsSimulator({ apiKey: 'key_test_1' });
 *   await fetch(`${wms.url}/v1/orders?limit=10`, { headers: { 'x-api-key': 'key_test_1' } });
 *   await wms.confirmShipment({ orderReference: 'SO-1', carrier: 'UPS', trackingNumbers: ['1Z…'] });
 *   await wms.close();
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type LatencyDistribution,
  parseJsonBody,
  type SimulatorServer,
  sendJson,
  startSimulatorServer,
} from '../shared/simulator-server.ts';
import { createOrder, patchOrder } from './wms-orders.ts';
import { type ListQuery, listPage, PageError } from './wms-paging.ts';
import { LOCATIONS, type ShipmentLine, type WmsShipment, WmsStore } from './wms-store.ts';
import {
  deliverWebhook,
  newWebhookSecret,
  type WebhookDeliveryRecord,
  type WebhookSubscription,
} from './wms-webhooks.ts';

export interface WmsSimulatorOptions {
  apiKey: string;
  /** Requests per minute per API key before 429 (ShipBob allows 150). */
  requestsPerMinute?: number;
  seed?: number;
  latencyMs?: number | LatencyDistribution;
  port?: number;
}

export interface WmsSimulator {
  readonly url: string;
  readonly server: SimulatorServer;
  readonly store: WmsStore;
  readonly subscriptions: WebhookSubscription[];
  readonly deliveries: WebhookDeliveryRecord[];
  /** The warehouse ships an order: records the shipment and sends `shipment.confirmed`. */
  confirmShipment(input: {
    orderReference: string;
    carrier: string;
    trackingNumbers: string[];
    lines?: ShipmentLine[];
  }): Promise<{ shipment: WmsShipment; deliveries: WebhookDeliveryRecord[] }>;
  close(): Promise<void>;
}

interface StoredReply {
  fingerprint: string;
  status: number;
  body: unknown;
}

function error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: object = {},
  headers = {},
) {
  sendJson(res, status, { error: { code, message, ...extra } }, headers);
}

export async function startWmsSimulator(options: WmsSimulatorOptions): Promise<WmsSimulator> {
  const store = new WmsStore({ seed: options.seed ?? 1 });
  const subscriptions: WebhookSubscription[] = [];
  const deliveries: WebhookDeliveryRecord[] = [];
  const replies = new Map<string, StoredReply>();
  const limit = options.requestsPerMinute ?? 150;
  const bucket = { tokens: limit, refilledAt: Date.now() };

  /** A token bucket refilled continuously: `limit` requests per 60 s. */
  const takeToken = (): { ok: true; remaining: number } | { ok: false; retryAfter: number } => {
    const now = Date.now();
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.refilledAt) * limit) / 60_000);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return { ok: false, retryAfter: Math.ceil(((1 - bucket.tokens) * 60) / limit) };
    bucket.tokens -= 1;
    return { ok: true, remaining: Math.floor(bucket.tokens) };
  };

  const handler = async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://wms.local');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/v1/'))
      return error(res, 404, 'not_found', `no route ${method} ${url.pathname}`);
    if (req.headers['x-api-key'] !== options.apiKey) {
      return error(res, 401, 'unauthorized', 'missing or invalid X-API-Key header');
    }
    const token = takeToken();
    if (!token.ok) {
      return error(
        res,
        429,
        'rate_limited',
        `rate limit of ${limit} requests per minute exceeded`,
        {},
        {
          'retry-after': String(token.retryAfter),
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': '0',
        },
      );
    }
    res.setHeader('x-ratelimit-limit', String(limit));
    res.setHeader('x-ratelimit-remaining', String(token.remaining));
    let body: unknown;
    try {
      body = parseJsonBody(raw);
    } catch {
      return error(res, 400, 'invalid_json', 'the request body is not valid JSON');
    }
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && (method === 'POST' || method === 'PATCH')) {
      const fingerprint = createHash('sha256').update(`${method} ${url.pathname} `).update(raw).digest('hex');
      const earlier = replies.get(key);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          return error(
            res,
            422,
            'idempotency_key_reused',
            'this Idempotency-Key was used with a different request',
          );
        }
        return sendJson(res, earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
      }
      // Remember the reply this request produces, so a retry with the same key gets it again.
      const send = (status: number, reply: unknown) => {
        if (status < 500) replies.set(key, { fingerprint, status, body: reply });
        sendJson(res, status, reply);
      };
      return route(method, url, body, res, send);
    }
    return route(method, url, body, res, (status, reply) => sendJson(res, status, reply));
  };

  const query = (url: URL, filters: string[]): ListQuery => ({
    updatedSince: url.searchParams.get('updated_since') ?? undefined,
    limit: url.searchParams.get('limit') ?? undefined,
    cursor: url.searchParams.get('cursor') ?? undefined,
    filters: Object.fromEntries(
      filters.flatMap((f) => (url.searchParams.has(f) ? [[f, url.searchParams.get(f)!]] : [])),
    ),
  });

  const list = <T extends { id: string; updatedAt: string }>(
    res: ServerResponse,
    items: Iterable<T>,
    q: ListQuery,
    match: (item: T, filters: Record<string, string>) => boolean,
  ) => {
    try {
      sendJson(res, 200, listPage([...items], q, match));
    } catch (e) {
      if (e instanceof PageError) return error(res, 400, e.code, e.message);
      throw e;
    }
  };

  const route = (
    method: string,
    url: URL,
    body: unknown,
    res: ServerResponse,
    send: (status: number, reply: unknown) => void,
  ) => {
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // drop 'v1'
    const [resource, id, sub] = parts;
    if (resource === 'orders' && method === 'GET' && !id) {
      return list(
        res,
        store.orders.values(),
        query(url, ['reference', 'email', 'status']),
        (o, f) =>
          (f.reference === undefined || o.reference === f.reference) &&
          (f.email === undefined || o.recipient.email === f.email) &&
          (f.status === undefined || o.status === f.status),
      );
    }
    if (resource === 'orders' && method === 'GET' && id) {
      const order = store.orders.get(id);
      return order ? send(200, order) : error(res, 404, 'not_found', `no order ${id}`);
    }
    if (resource === 'orders' && method === 'POST' && !id) {
      const reply = createOrder(store, body);
      return send(reply.status, reply.body);
    }
    if (resource === 'orders' && method === 'PATCH' && id && !sub) {
      const reply = patchOrder(store, id, body);
      return send(reply.status, reply.body);
    }
    if (resource === 'shipments' && method === 'GET') {
      if (id) {
        const shipment = store.shipments.get(id);
        return shipment ? send(200, shipment) : error(res, 404, 'not_found', `no shipment ${id}`);
      }
      return list(
        res,
        store.shipments.values(),
        query(url, ['order_reference', 'tracking_number']),
        (s, f) =>
          (f.order_reference === undefined || s.orderReference === f.order_reference) &&
          (f.tracking_number === undefined || s.trackingNumbers.includes(f.tracking_number)),
      );
    }
    if (resource === 'inventory' && id === 'levels' && method === 'GET') {
      const levelId = parts[2];
      if (levelId) {
        const level = store.stock.get(decodeURIComponent(levelId));
        return level ? send(200, level) : error(res, 404, 'not_found', `no stock level ${levelId}`);
      }
      return list(
        res,
        store.stock.values(),
        query(url, ['sku', 'location']),
        (l, f) =>
          (f.sku === undefined || l.sku === f.sku) && (f.location === undefined || l.location === f.location),
      );
    }
    if (resource === 'locations' && method === 'GET')
      return send(200, { data: LOCATIONS.map((code) => ({ code })) });
    if (resource === 'webhooks' && method === 'POST') {
      const input = body as { url?: unknown; topic?: unknown } | undefined;
      if (typeof input?.url !== 'string' || input.topic !== 'shipment.confirmed') {
        return send(422, {
          error: { code: 'validation_failed', message: "url and topic 'shipment.confirmed' are required" },
        });
      }
      const subscription: WebhookSubscription = {
        id: store.nextId('whk'),
        topic: input.topic,
        url: input.url,
        secret: newWebhookSecret(),
        createdAt: store.tick(),
      };
      subscriptions.push(subscription);
      return send(201, subscription);
    }
    return error(res, 404, 'not_found', `no route ${method} ${url.pathname}`);
  };

  const server = await startSimulatorServer(
    {
      name: 'wms',
      latencyMs: options.latencyMs ?? 0,
      seed: options.seed ?? 1,
      ...(options.port ? { port: options.port } : {}),
    },
    handler,
    (kind, res) =>
      kind === 'rate-limit'
        ? error(res, 429, 'rate_limited', 'rate limit exceeded', {}, { 'retry-after': '1' })
        : error(res, 500, 'internal_error', 'the warehouse system had a problem; retry later'),
  );

  return {
    url: server.url,
    server,
    store,
    subscriptions,
    deliveries,
    async confirmShipment(input) {
      const shipment = store.confirmShipment(input);
      const sent = await deliverWebhook(subscriptions, 'shipment.confirmed', shipment, () =>
        store.nextId('msg'),
      );
      deliveries.push(...sent);
      return { shipment, deliveries: sent };
    },
    close: () => server.close(),
  };
}
