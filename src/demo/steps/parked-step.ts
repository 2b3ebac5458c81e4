/**
 * Step 5: what must not be guessed was parked, loudly — read back from the store: the customer
 * with two possible matches and the order with an unknown value wait in review; the record
 * NetSuite rejected for a missing mandatory field waits in the dead-letter queue with its reason.
 */
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { DeadLetter, ReviewItem } from '../../store/store.ts';
import { type DemoStep, needs, ranOrFailed } from '../demo-context.ts';

const oneLine = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** A user event script's own words when NetSuite relays them (`"message":"…"`), else the reason. */
export function scriptMessage(reason: string): string {
  return /"message":"((?:[^"\\]|\\.)*)"/.exec(reason)?.[1] ?? reason;
}

/** The three cases the story promises, each found or named as missing. */
export function expectedParked(reviews: readonly ReviewItem[], deadLetters: readonly DeadLetter[]) {
  // The customer as Shopify, NetSuite or the CRM knows it (`customer`, `crmContact`).
  const ambiguous = reviews.find((r) => r.kind === 'ambiguous-match' && /customer|contact/i.test(r.entity));
  const unknownValue = reviews.find((r) => r.kind === 'unknown-enum');
  const rejected = deadLetters.find(
    (d) =>
      d.classification === 'VALIDATION_REJECTED' &&
      /NetSuite/.test(d.reason) &&
      /mandatory|MISSING_FIELD|required/i.test(d.reason),
  );
  return { ambiguous, unknownValue, rejected };
}

export const parkedStep: DemoStep = async (ctx) => {
  const missing = needs(ctx, 'flows', 'what was parked');
  if (missing) return missing;
  const store = await openSqliteStore(ctx.storePath);
  let reviews: ReviewItem[];
  let deadLetters: DeadLetter[];
  try {
    reviews = await store.reviews.list({ state: 'open' });
    deadLetters = await store.deadLetters.list({ state: 'open' });
  } finally {
    await store.close();
  }
  const { ambiguous, unknownValue, rejected } = expectedParked(reviews, deadLetters);
  ctx.printer.line(`${reviews.length} open review items, ${deadLetters.length} open dead letters`);
  if (ambiguous) {
    ctx.printer.line(
      `review #${ambiguous.id} ${ambiguous.flow}: ${ambiguous.entity} ${ambiguous.recordKey} has ${ambiguous.candidates.length} possible matches — not guessed`,
    );
  }
  if (unknownValue) {
    ctx.printer.line(
      `review #${unknownValue.id} ${unknownValue.flow}: ${unknownValue.entity} ${unknownValue.recordKey} ${unknownValue.field} = ${oneLine(unknownValue.candidates[0] ?? unknownValue.detail)} is not a value the contract maps — not defaulted`,
    );
  }
  if (rejected) {
    ctx.printer.line(
      `dead letter #${rejected.id} ${rejected.flow}: NetSuite refused ${rejected.recordKey} — ${oneLine(scriptMessage(rejected.reason))}`,
    );
  }
  const problems: string[] = [];
  if (!ambiguous) problems.push('a review item for the customer with two possible matches');
  if (!unknownValue) problems.push('a review item for the order with an unknown value (product category)');
  if (!rejected) problems.push('a dead letter for the record NetSuite rejects for a missing mandatory field');
  return ranOrFailed(
    'nothing guessed: ambiguous matches and unknown values wait in review, rejected records in the dead-letter queue',
    problems,
    {
      openReviews: reviews.length,
      openDeadLetters: deadLetters.length,
      reviewKinds: count(reviews.map((r) => r.kind)),
      deadLetterClasses: count(deadLetters.map((d) => d.classification)),
      ambiguousReview: ambiguous?.id,
      unknownValueReview: unknownValue?.id,
      rejectedDeadLetter: rejected?.id,
    },
  );
};

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
