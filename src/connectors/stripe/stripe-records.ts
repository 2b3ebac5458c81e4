/**
 * How a Stripe object becomes a {@link SystemRecord} — one mapping shared by polling
 * (`readChanges`, `get`, `scan`) and webhooks, so both feed the same capture path.
 *
 * Stripe objects carry `created` but no last-modified time. Where a change is known from an
 * event, `modifiedAt` is that event's `created`; otherwise it is the object's own `created`, the
 * best lower bound Stripe offers. Stripe's clock has whole seconds, so `modifiedAt` always ends
 * in `.000Z`.
 */
import type { SystemRecord } from '../connector.ts';

/** The metadata key holding Accord's external id on Stripe objects. */
export const EXTERNAL_ID_KEY = 'accord_external_id';
/** The metadata key holding a digest of the last Accord write's idempotency key. */
export const WRITE_TAG_KEY = 'accord_write';

export interface StripeObjectLike {
  id: string;
  object: string;
  created?: number;
  deleted?: boolean;
  metadata?: Record<string, string> | null;
  [field: string]: unknown;
}

export function secondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

export function stripeObjectToRecord(object: StripeObjectLike, modifiedAtSeconds?: number): SystemRecord {
  const seconds = modifiedAtSeconds ?? object.created ?? 0;
  const externalId = object.metadata?.[EXTERNAL_ID_KEY];
  const record: SystemRecord = {
    objectType: object.object,
    id: object.id,
    modifiedAt: secondsToIso(seconds),
    fields: { ...object },
  };
  if (externalId !== undefined) record.externalId = externalId;
  if (object.deleted) record.deleted = true;
  return record;
}
