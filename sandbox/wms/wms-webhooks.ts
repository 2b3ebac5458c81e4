/**
 * The simulator's outgoing webhooks, signed the way ShipBob signs its webhooks: the Standard
 * Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` where the
 * signature is HMAC-SHA256 over `${id}.${timestamp}.${rawBody}` with the base64-decoded part of a
 * `whsec_…` secret), plus the topic in `x-webhook-topic`.
 *
 * @example
 *   const headers = signWebhook(secret, 'msg_1', body, new Date());
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface WebhookSubscription {
  id: string;
  topic: string;
  url: string;
  secret: string;
  createdAt: string;
}

export interface WebhookDeliveryRecord {
  subscriptionId: string;
  webhookId: string;
  status: number | 'failed';
  body: string;
  headers: Record<string, string>;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

/** POSTs one event to every subscription of its topic; returns what each endpoint answered. */
export async function deliverWebhook(
  subscriptions: readonly WebhookSubscription[],
  topic: string,
  data: unknown,
  newId: () => string,
): Promise<WebhookDeliveryRecord[]> {
  const results: WebhookDeliveryRecord[] = [];
  for (const subscription of subscriptions.filter((s) => s.topic === topic)) {
    const webhookId = newId();
    const body = JSON.stringify({ type: topic, timestamp: new Date().toISOString(), data });
    const headers = {
      'content-type': 'application/json',
      'x-webhook-topic': topic,
      ...signWebhook(subscription.secret, webhookId, body, new Date()),
    };
    let status: number | 'failed';
    try {
      const response = await fetch(subscription.url, { method: 'POST', headers, body });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 'failed';
    }
    results.push({ subscriptionId: subscription.id, webhookId, status, body, headers });
  }
  return results;
}
