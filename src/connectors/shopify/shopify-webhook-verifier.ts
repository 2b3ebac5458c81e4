import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery, WebhookVerification, WebhookVerifier } from '../connector.ts';
import { restToRecord } from './webhook-record.ts';

export interface ShopifyWebhookVerifierOptions {
  /**
   * The app's client secret(s). During a rotation Shopify may sign with the old secret for up to
   * an hour, so both can be listed.
   */
  secrets: readonly string[];
  /** Only deliveries from this shop (`X-Shopify-Shop-Domain`) are accepted, when set. */
  shopDomain?: string;
  /**
   * Deliveries triggered longer ago than this are refused as stale. Shopify retries a failed
   * delivery 8 times over 4 hours with the ORIGINAL payload and `X-Shopify-Triggered-At`, so the
   * default (5 hours) accepts every genuine retry; the dedupe store must remember keys at least
   * as long, which is what makes a replay inside the window harmless.
   */
  maxAgeMs?: number;
  /** Tolerated clock skew for a trigger time in the future. */
  maxSkewMs?: number;
}

/**
 * Verifies Shopify webhooks: base64 HMAC-SHA256 of the raw body with the app secret, compared in
 * constant time; freshness from `X-Shopify-Triggered-At`; the event id present. A verified
 * delivery becomes a WebhookEvent whose record has the same shape polling yields.
 *
 * @example
 *   const verifier = new ShopifyWebhookVerifier({ secrets: [appSecret], shopDomain: 'acme.myshopify.com' });
 *   const result = verifier.verify({ headers: req.headers, rawBody });
 */
export class ShopifyWebhookVerifier implements WebhookVerifier {
  private readonly maxAgeMs: number;
  private readonly maxSkewMs: number;

  constructor(private readonly options: ShopifyWebhookVerifierOptions) {
    if (options.secrets.length === 0) throw new Error('ShopifyWebhookVerifier needs at least one app secret');
    this.maxAgeMs = options.maxAgeMs ?? 5 * 3600_000;
    this.maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  }

  verify(delivery: WebhookDelivery, now: Date = new Date()): WebhookVerification {
    const header = (name: string) => {
      for (const [k, v] of Object.entries(delivery.headers)) if (k.toLowerCase() === name) return v;
      return undefined;
    };
    const signature = header('x-shopify-hmac-sha256');
    if (!signature) return { ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' };
    const given = Buffer.from(signature, 'base64');
    const valid = this.options.secrets.some((secret) => {
      const expected = createHmac('sha256', secret).update(delivery.rawBody).digest();
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid)
      return {
        ok: false,
        reason: 'X-Shopify-Hmac-Sha256 does not match the body: forged or altered delivery',
      };
    const shop = header('x-shopify-shop-domain');
    if (this.options.shopDomain && shop?.toLowerCase() !== this.options.shopDomain.toLowerCase()) {
      return {
        ok: false,
        reason: `delivery is for shop ${shop ?? '(none)'}, expected ${this.options.shopDomain}`,
      };
    }
    const triggeredAt = header('x-shopify-triggered-at');
    const at = triggeredAt ? Date.parse(triggeredAt) : Number.NaN;
    if (Number.isNaN(at)) return { ok: false, reason: 'missing or unreadable X-Shopify-Triggered-At header' };
    const age = now.getTime() - at;
    if (age > this.maxAgeMs)
      return {
        ok: false,
        reason: `stale delivery: triggered ${Math.round(age / 60_000)} minutes ago (window ${Math.round(this.maxAgeMs / 60_000)})`,
      };
    if (-age > this.maxSkewMs)
      return { ok: false, reason: `delivery triggered in the future (${triggeredAt}); check clocks` };
    const eventId = header('x-shopify-event-id');
    const topic = header('x-shopify-topic');
    if (!eventId || !topic)
      return { ok: false, reason: 'missing X-Shopify-Event-Id or X-Shopify-Topic header' };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(delivery.rawBody.toString('utf8')) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: `signed body of ${topic} event ${eventId} is not JSON` };
    }
    const { objectType, record } = restToRecord(topic, body, new Date(at).toISOString());
    return { ok: true, event: { eventId, topic, objectType, record } };
  }
}
