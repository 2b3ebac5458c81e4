/**
 * Delivers events to registered webhook endpoints the way Stripe does: a JSON POST signed with
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the
 * endpoint's whsec_ secret>`; a non-2xx answer or a network failure is retried later. Stripe
 * promises neither order nor single delivery, so tests can ask for both on demand: `flush()`
 * with `shuffle` delivers the queue out of order, with `duplicates` re-sends some events.
 *
 * Deliveries happen only when a test calls `flush()`, so they never race a test's assertions.
 */
import { createHmac } from 'node:crypto';
import { seededRandom } from '../shared/simulator-server.ts';
import type { StripeObject, StripeState } from './stripe-state.ts';

/** Builds a `Stripe-Signature` header value. */
export function signStripePayload(payload: string, secret: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

export interface DeliveryAttempt {
  eventId: string;
  type: string;
  endpointId: string;
  status: number | 'network-error';
  attempt: number;
}

interface Pending {
  event: StripeObject;
  endpoint: StripeObject;
  attempts: number;
}

export interface FlushOptions {
  /** Deliver in a seeded random order instead of creation order. */
  shuffle?: boolean;
  /** Send this many already-queued events a second time. */
  duplicates?: number;
}

export class WebhookDispatcher {
  private queue: Pending[] = [];
  private readonly random: () => number;
  readonly attempts: DeliveryAttempt[] = [];

  constructor(
    private readonly state: StripeState,
    seed: number,
    /** After this many failed attempts an event is given up for that endpoint. */
    private readonly maxAttempts = 5,
  ) {
    this.random = seededRandom(seed ^ 0x5eed);
    state.onEvent((event) => {
      for (const endpoint of state.all('webhook_endpoint')) {
        if (endpoint.deleted || endpoint.status !== 'enabled') continue;
        const wanted = endpoint.enabled_events as string[];
        // Endpoints take exact types or `*` (the `customer.*` wildcard is for listing events only).
        if (!wanted.some((w) => w === '*' || w === event.type)) continue;
        this.queue.push({ event, endpoint, attempts: 0 });
        event.pending_webhooks = (event.pending_webhooks as number) + 1;
      }
    });
  }

  pending(): number {
    return this.queue.length;
  }

  /** Attempts every queued delivery once; failures stay queued for the next flush. */
  async flush(options: FlushOptions = {}): Promise<DeliveryAttempt[]> {
    let batch = this.queue;
    this.queue = [];
    if (options.shuffle) batch = this.shuffled(batch);
    const extra = batch.slice(0, options.duplicates ?? 0).map((p) => ({ ...p, duplicate: true }));
    const results: DeliveryAttempt[] = [];
    for (const item of [...batch, ...extra]) {
      const status = await this.deliver(item);
      const ok = typeof status === 'number' && status >= 200 && status < 300;
      item.attempts += 1;
      const attempt = {
        eventId: item.event.id,
        type: item.event.type as string,
        endpointId: item.endpoint.id,
        status,
        attempt: item.attempts,
      };
      results.push(attempt);
      this.attempts.push(attempt);
      if ('duplicate' in item) continue;
      if (ok || item.attempts >= this.maxAttempts) {
        item.event.pending_webhooks = Math.max(0, (item.event.pending_webhooks as number) - 1);
      } else {
        this.queue.push(item);
      }
    }
    return results;
  }

  private async deliver(item: Pending): Promise<number | 'network-error'> {
    const payload = JSON.stringify(item.event, null, 2);
    const signature = signStripePayload(payload, item.endpoint.secret as string, this.state.nowSeconds());
    try {
      const response = await fetch(item.endpoint.url as string, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signature,
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'network-error';
    }
  }

  private shuffled<T>(items: T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}
