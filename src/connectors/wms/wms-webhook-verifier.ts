/**
 * Verifies the WMS's `shipment.confirmed` webhooks. They follow the Standard Webhooks scheme, as
 * ShipBob's do: `webhook-signature: v1,<base64 HMAC-SHA256(secret, "${id}.${timestamp}.${body}")>`
 * (several space-separated signatures during a secret rotation), the secret given as
 * `whsec_<base64>`. Replay protection is twofold: a timestamp outside the tolerance (5 minutes by
 * default) is refused, and a `webhook-id` already accepted within that window is refused, so a
 * captured delivery cannot be played again. A receiver should therefore acknowledge (2xx) only
 * after it has durably queued the event — the vendor's own retry of a delivery we never
 * acknowledged carries a fresh timestamp but the same id, and is reported as a replay.
 *
 * @example
 *   const verifier = new WmsWebhookVerifier({ system: 'wms', secret: process.env.WMS_WEBHOOK_SECRET! });
 *   const result = verifier.verify({ headers, rawBody });
 *   if (result.ok) capture(result.event.record); else respond(400, result.reason);
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery, WebhookVerification, WebhookVerifier } from '../connector.ts';
import { WMS_OBJECTS } from './wms-objects.ts';

export interface WmsWebhookVerifierOptions {
  system: string;
  /** The subscription's signing secret (`whsec_…`). Never logged, never in a reason. */
  secret: string;
  toleranceSeconds?: number | undefined;
}

const TOPICS: Record<string, 'shipment'> = { 'shipment.confirmed': 'shipment' };

export class WmsWebhookVerifier implements WebhookVerifier {
  private readonly key: Buffer;
  private readonly tolerance: number;
  /** webhook-id → timestamp (s), pruned once older than the tolerance. */
  private readonly seen = new Map<string, number>();

  constructor(options: WmsWebhookVerifierOptions) {
    this.key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
    this.tolerance = options.toleranceSeconds ?? 300;
  }

  verify(delivery: WebhookDelivery, now: Date = new Date()): WebhookVerification {
    const header = (name: string) => delivery.headers[name] ?? delivery.headers[name.toLowerCase()];
    const id = header('webhook-id');
    const timestamp = header('webhook-timestamp');
    const signatures = header('webhook-signature');
    if (!id || !timestamp || !signatures) {
      return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
    }
    if (!/^\d+$/.test(timestamp))
      return { ok: false, reason: `webhook-timestamp "${timestamp}" is not unix seconds` };
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const age = nowSeconds - Number(timestamp);
    if (Math.abs(age) > this.tolerance) {
      return {
        ok: false,
        reason: `webhook-timestamp is ${age} s from now, outside ±${this.tolerance} s: stale or replayed`,
      };
    }
    const expected = createHmac('sha256', this.key)
      .update(`${id}.${timestamp}.`)
      .update(delivery.rawBody)
      .digest();
    const matches = signatures.split(' ').some((entry) => {
      const [version, value] = entry.split(',', 2);
      if (version !== 'v1' || !value) return false;
      const given = Buffer.from(value, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!matches)
      return {
        ok: false,
        reason: 'signature does not match the body (wrong secret, or the body was altered)',
      };
    this.prune(nowSeconds);
    if (this.seen.has(id)) return { ok: false, reason: `webhook ${id} was already received: a replay` };
    let payload: { type?: unknown; data?: { id?: unknown; updatedAt?: unknown } };
    try {
      payload = JSON.parse(delivery.rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'signed body is not JSON' };
    }
    const objectType = typeof payload.type === 'string' ? TOPICS[payload.type] : undefined;
    const data = payload.data;
    if (!objectType || typeof data?.id !== 'string' || typeof data.updatedAt !== 'string') {
      return {
        ok: false,
        reason: `unsupported event type ${JSON.stringify(payload.type)} or a payload without id/updatedAt`,
      };
    }
    this.seen.set(id, Number(timestamp));
    const externalIdField = WMS_OBJECTS[objectType].externalIdField;
    return {
      ok: true,
      event: {
        eventId: id,
        topic: payload.type as string,
        objectType,
        record: {
          objectType,
          id: data.id,
          externalId: externalIdField
            ? String((data as Record<string, unknown>)[externalIdField])
            : undefined,
          modifiedAt: new Date(data.updatedAt).toISOString(),
          fields: data as Record<string, unknown>,
        },
      },
    };
  }

  private prune(nowSeconds: number): void {
    for (const [id, at] of this.seen) if (nowSeconds - at > this.tolerance * 2) this.seen.delete(id);
  }
}
