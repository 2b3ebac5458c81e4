/**
 * A webhook receiver: verification, then de-duplication by event id. Stripe delivers at least
 * once and in no particular order ("Webhook endpoints might occasionally receive the same event
 * more than once"), so a verified event is processed only when its id is claimed for the first
 * time. A duplicate is an expected outcome, not a failure: the HTTP handler should still answer
 * 2xx so Stripe stops retrying it.
 *
 * @example
 *   const receiver = new WebhookReceiver(new StripeWebhookVerifier({ secrets }), new InMemoryDedupeStore());
 *   const outcome = await receiver.receive({ headers, rawBody });
 *   if (outcome.outcome === 'accepted') await capture(outcome.event.record);
 */
import type { WebhookDelivery, WebhookEvent, WebhookVerifier } from '../connector.ts';

/** Remembers processed event ids; `claim` is atomic: true only for the first caller. */
export interface DedupeStore {
  claim(eventId: string, now: Date): boolean | Promise<boolean>;
  /** Forgets a claim whose processing failed, so a redelivery is processed. */
  release(eventId: string): void | Promise<void>;
}

export type ReceiveOutcome =
  | { outcome: 'accepted'; event: WebhookEvent }
  | { outcome: 'duplicate'; eventId: string }
  | { outcome: 'rejected'; reason: string };

export class WebhookReceiver {
  constructor(
    private readonly verifier: WebhookVerifier,
    private readonly dedupe: DedupeStore,
  ) {}

  async receive(delivery: WebhookDelivery, now: Date = new Date()): Promise<ReceiveOutcome> {
    const verified = this.verifier.verify(delivery, now);
    if (!verified.ok) return { outcome: 'rejected', reason: verified.reason };
    const first = await this.dedupe.claim(verified.event.eventId, now);
    if (!first) return { outcome: 'duplicate', eventId: verified.event.eventId };
    return { outcome: 'accepted', event: verified.event };
  }

  release(eventId: string): void | Promise<void> {
    return this.dedupe.release(eventId);
  }
}

/**
 * In-memory {@link DedupeStore} for one process. Entries live `ttlMs` (default 3 days, how long
 * Stripe keeps retrying a delivery in live mode) and at most `maxEntries`, oldest dropped first.
 */
export class InMemoryDedupeStore implements DedupeStore {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 3 * 86_400_000,
    private readonly maxEntries = 100_000,
  ) {}

  claim(eventId: string, now: Date): boolean {
    const at = now.getTime();
    const previous = this.seen.get(eventId);
    if (previous !== undefined && at - previous < this.ttlMs) return false;
    this.seen.delete(eventId);
    this.seen.set(eventId, at);
    while (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  release(eventId: string): void {
    this.seen.delete(eventId);
  }
}
