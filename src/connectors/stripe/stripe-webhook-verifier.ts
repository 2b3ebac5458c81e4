/**
 * Verifies Stripe webhook deliveries as Stripe's SDKs do: the `Stripe-Signature` header carries
 * `t=<unix seconds>` and one or more `v1=<hex>` signatures (several during a secret roll); a
 * `v1` must equal HMAC-SHA256 over the RAW body bytes prefixed with `"<t>."`, keyed with the
 * endpoint's `whsec_…` secret, compared in constant time; and the timestamp may be at most
 * `toleranceSeconds` old (300 by default, the SDK's `DEFAULT_TOLERANCE`). A verified event is
 * mapped by the same function as polling, so webhooks and polling feed one capture path.
 *
 * @example
 *   const verifier = new StripeWebhookVerifier({ secrets: [process.env.STRIPE_WHSEC!] });
 *   const result = verifier.verify({ headers: req.headers, rawBody });
 *   if (!result.ok) reply(400, result.reason);
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery, WebhookVerification, WebhookVerifier } from '../connector.ts';
import { type StripeObjectLike, stripeObjectToRecord } from './stripe-records.ts';

export interface StripeWebhookVerifierOptions {
  /** The endpoint's signing secrets; more than one while rolling a secret. */
  secrets: readonly string[];
  /** Maximum age of a delivery's timestamp; 0 disables the check (not recommended). */
  toleranceSeconds?: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

export class StripeWebhookVerifier implements WebhookVerifier {
  private readonly tolerance: number;

  constructor(private readonly options: StripeWebhookVerifierOptions) {
    if (options.secrets.length === 0 || options.secrets.some((s) => !s.trim())) {
      throw new Error('StripeWebhookVerifier needs the endpoint signing secret (whsec_…); none was given');
    }
    this.tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  }

  verify(delivery: WebhookDelivery, now: Date = new Date()): WebhookVerification {
    const header = headerValue(delivery.headers, 'stripe-signature');
    if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };
    const parts = header.split(',').map((p) => p.trim().split('='));
    const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
    const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
    if (!Number.isInteger(timestamp) || signatures.length === 0) {
      return { ok: false, reason: 'Stripe-Signature header has no timestamp or no v1 signature' };
    }
    const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), delivery.rawBody]);
    const matches = this.options.secrets.some((secret) => {
      const expected = createHmac('sha256', secret).update(signed).digest();
      return signatures.some((candidate) => {
        const given = Buffer.from(candidate, 'hex');
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    });
    if (!matches) {
      return {
        ok: false,
        reason: 'no v1 signature matches the payload: forged, altered, or signed with another secret',
      };
    }
    const age = Math.floor(now.getTime() / 1000) - timestamp;
    if (this.tolerance > 0 && age > this.tolerance) {
      return {
        ok: false,
        reason: `timestamp is ${age}s old, beyond the ${this.tolerance}s tolerance (a replayed delivery?)`,
      };
    }
    let event: { id?: unknown; type?: unknown; created?: unknown; data?: { object?: StripeObjectLike } };
    try {
      event = JSON.parse(delivery.rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'signed body is not JSON' };
    }
    const object = event.data?.object;
    if (typeof event.id !== 'string' || typeof event.type !== 'string' || !object?.id || !object.object) {
      return {
        ok: false,
        reason: 'signed body is not a Stripe event (id, type and data.object are required)',
      };
    }
    const record = stripeObjectToRecord(
      object,
      typeof event.created === 'number' ? event.created : undefined,
    );
    if (event.type.endsWith('.deleted')) record.deleted = true;
    return { ok: true, event: { eventId: event.id, topic: event.type, objectType: object.object, record } };
  }
}

function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
