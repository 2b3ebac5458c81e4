import type { WebhookDelivery, WebhookEvent, WebhookVerifier } from '../connector.ts';
import type { DedupeStore } from './dedupe-store.ts';

export type WebhookReceipt =
  | { ok: true; event: WebhookEvent; dedupeKey: string }
  | { ok: false; reason: string; duplicate: boolean };

/**
 * Verifies a delivery, then claims its event in the dedupe store: forgeries and stale deliveries
 * are refused, a duplicate is acknowledged but not processed again. Vendor-neutral: the key is
 * `<system>:<topic>:<eventId>`, topic included because some vendors (Shopify) share one event id
 * across the deliveries of every topic a single action triggers.
 *
 * @example
 *   const receiver = new WebhookReceiver('shop-eu', verifier, new InMemoryDedupeStore());
 *   const receipt = await receiver.receive({ headers, rawBody });
 *   if (receipt.ok) await capture(receipt.event);
 */
export class WebhookReceiver {
  constructor(
    private readonly system: string,
    private readonly verifier: WebhookVerifier,
    private readonly store: DedupeStore,
  ) {}

  async receive(delivery: WebhookDelivery, now: Date = new Date()): Promise<WebhookReceipt> {
    const verified = this.verifier.verify(delivery, now);
    if (!verified.ok) return { ok: false, reason: verified.reason, duplicate: false };
    const key = `${this.system}:${verified.event.topic}:${verified.event.eventId}`;
    if (!(await this.store.claim(key, now))) {
      return {
        ok: false,
        reason: `duplicate delivery of event ${verified.event.eventId} (${verified.event.topic})`,
        duplicate: true,
      };
    }
    return { ok: true, event: verified.event, dedupeKey: key };
  }

  /** Lets the vendor's retry through after processing failed. */
  async failed(receipt: { dedupeKey: string }): Promise<void> {
    await this.store.release(receipt.dedupeKey);
  }
}
