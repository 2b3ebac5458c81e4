import { createHmac, randomUUID } from 'node:crypto';
import { seededRandom } from '../shared/simulator-server.ts';
import { restPayload } from './rest-payloads.ts';
import type { ShopEvent, ShopStore } from './shop-store.ts';

/** One HTTP delivery of one event to one subscription. */
export interface WebhookDelivery {
  /** `X-Shopify-Webhook-Id`: unique per delivery, kept on retries of that delivery. */
  webhookId: string;
  /** `X-Shopify-Event-Id`: shared by every delivery caused by the same action. */
  eventId: string;
  topic: string;
  uri: string;
  body: string;
  triggeredAt: string;
  apiVersion: string;
}

export interface DeliveryResult {
  webhookId: string;
  eventId: string;
  topic: string;
  status: number | 'network-error';
}

export interface FlushOptions {
  /** `fifo` as triggered, `reverse`, or a seeded `shuffle`: Shopify does not promise order. */
  order?: 'fifo' | 'reverse' | 'shuffle';
  /** Send each delivery this many times (same Event-Id and Webhook-Id), as Shopify's retries do. */
  copies?: number;
}

export interface WebhookDispatcherOptions {
  /** The app's client secret: the HMAC key. */
  secret: string;
  domain: string;
  apiVersion?: string;
  /** `immediate` delivers as events happen; `manual` queues until {@link WebhookDispatcher.flush}. */
  mode?: 'immediate' | 'manual';
  /** The shop's UTC offset for REST timestamps. */
  utcOffsetMinutes?: number;
  seed?: number;
}

/**
 * Shopify's webhook delivery: REST-shaped JSON bodies signed with `X-Shopify-Hmac-Sha256`
 * (base64 HMAC-SHA256 of the raw body with the app's client secret), with topic, shop domain,
 * API version, webhook id, event id and trigger time headers. Deliveries can be held and then
 * flushed out of order and in duplicate, as the real service may do.
 *
 * @example
 *   sim.webhooks.subscribe('customers/update', 'http://127.0.0.1:4000/hooks');
 *   await sim.webhooks.flush({ order: 'reverse', copies: 2 });
 */
export class WebhookDispatcher {
  readonly subscriptions: { id: number; topic: string; uri: string }[] = [];
  readonly pending: WebhookDelivery[] = [];
  readonly log: DeliveryResult[] = [];
  mode: 'immediate' | 'manual';
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly random: () => number;
  private nextSubscription = 1;

  constructor(
    private readonly store: ShopStore,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.mode = options.mode ?? 'manual';
    this.random = seededRandom(options.seed ?? 7);
    store.onEvent((event) => this.onEvent(event));
  }

  subscribe(topic: string, uri: string): number {
    const id = this.nextSubscription++;
    this.subscriptions.push({ id, topic, uri });
    return id;
  }

  /** base64 HMAC-SHA256 of the raw body with the app secret. */
  sign(body: string | Buffer): string {
    return createHmac('sha256', this.options.secret).update(body).digest('base64');
  }

  /** The headers Shopify sends with a delivery. */
  headers(d: WebhookDelivery): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-shopify-topic': d.topic,
      'x-shopify-hmac-sha256': this.sign(d.body),
      'x-shopify-shop-domain': this.options.domain,
      'x-shopify-api-version': d.apiVersion,
      'x-shopify-webhook-id': d.webhookId,
      'x-shopify-event-id': d.eventId,
      'x-shopify-triggered-at': d.triggeredAt,
    };
  }

  private onEvent(event: ShopEvent): void {
    const subs = this.subscriptions.filter((s) => s.topic === event.topic);
    if (subs.length === 0) return;
    const payload = restPayload(this.store, event, this.options.utcOffsetMinutes ?? -300);
    if (!payload) return;
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    const triggeredAt = new Date(this.store.now()).toISOString();
    for (const sub of subs) {
      const delivery: WebhookDelivery = {
        webhookId: randomUUID(),
        eventId,
        topic: event.topic,
        uri: sub.uri,
        body,
        triggeredAt,
        apiVersion: this.options.apiVersion ?? '2026-10',
      };
      if (this.mode === 'immediate') this.track(this.send(delivery));
      else this.pending.push(delivery);
    }
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Sends one delivery now (also usable to replay an old one); resolves with the response status. */
  async send(d: WebhookDelivery): Promise<DeliveryResult> {
    let status: number | 'network-error';
    try {
      const response = await fetch(d.uri, { method: 'POST', headers: this.headers(d), body: d.body });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 'network-error';
    }
    const result = { webhookId: d.webhookId, eventId: d.eventId, topic: d.topic, status };
    this.log.push(result);
    return result;
  }

  /** Delivers the held deliveries in the requested order, possibly several times each. */
  async flush(options: FlushOptions = {}): Promise<DeliveryResult[]> {
    const batch = this.pending.splice(0, this.pending.length);
    if (options.order === 'reverse') batch.reverse();
    if (options.order === 'shuffle') {
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
    }
    const results: DeliveryResult[] = [];
    for (const d of batch) {
      for (let copy = 0; copy < (options.copies ?? 1); copy++) results.push(await this.send(d));
    }
    return results;
  }

  /** Waits for immediate-mode deliveries still on the wire. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
