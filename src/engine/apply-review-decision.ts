/**
 * `accord reviews decide`: a human answers a review item; the answer is recorded and audited,
 * and the original change is queued again carrying the answer, so the next run applies it
 * through the normal pipeline (match, decide, write, record) — one transaction for all of it.
 *
 * Decisions by kind:
 * - ambiguous match: `{ match: '<target id>' }`, `{ create: true }` or `{ skip: true }`;
 * - conflict (or a flagged non-owner edit): `{ keep: 'source' | 'target' }`;
 * - unknown enum value: `{ value: '<canonical value>' }` or `{ skip: true }`.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { UserInputError } from '../model/errors.ts';
import type { ReviewItem } from '../store/store.ts';
import type { ChangeOverrides, ChangePayload } from './change-payload.ts';
import { isChangePayload } from './change-payload.ts';
import type { EngineDeps } from './engine-deps.ts';

export type ReviewDecision =
  | { match: string }
  | { create: true }
  | { keep: 'source' | 'target' }
  | { value: string }
  | { skip: true };

export async function applyReviewDecision(
  deps: EngineDeps,
  reviewId: number,
  decision: ReviewDecision,
  input: { by: string },
): Promise<ReviewItem> {
  const item = await deps.store.reviews.get(reviewId);
  if (!item)
    throw new UserInputError(`review item ${reviewId} does not exist; list them with accord reviews list`);
  if (item.state !== 'open')
    throw new UserInputError(`review item ${reviewId} was already decided by ${item.decidedBy}`);
  const overrides = overridesFor(item, decision);
  const detail = (item.detail ?? {}) as { change?: unknown; jobKey?: string };
  const change = isChangePayload(detail.change) ? (detail.change as ChangePayload) : undefined;
  return deps.store.transaction(async (tx) => {
    const decided = await tx.reviews.decide(reviewId, { decision, by: input.by });
    await appendAudit(
      tx,
      {
        kind: 'operator-action',
        actor: input.by,
        action: 'review-decided',
        flow: item.flow,
        entity: item.entity,
        recordKey: item.recordKey,
        field: item.field || undefined,
        runId: item.runId,
        detail: { reviewId, kind: item.kind, decision },
      },
      deps.clock,
    );
    if (overrides && change && item.runId) {
      const payload: ChangePayload = {
        ...change,
        via: 'review',
        overrides: { ...change.overrides, ...overrides },
      };
      const { created } = await deps.queue.enqueue(
        {
          key: `${detail.jobKey ?? `${item.flow}:${item.recordKey}`}:review:${reviewId}`,
          flow: item.flow,
          recordKey: item.recordKey,
          payload,
          runId: item.runId,
        },
        { tx },
      );
      // The change counted `inReview` when the review was its outcome; otherwise it is a new change.
      if (created) {
        const wasBucket = item.kind !== 'conflict';
        await tx.runs.addCounts(
          item.runId,
          wasBucket ? { inReview: -1, pending: 1 } : { captured: 1, pending: 1 },
        );
      }
    } else if ('skip' in decision && item.runId && item.kind !== 'conflict') {
      await tx.runs.addCounts(item.runId, { inReview: -1, unchanged: 1 });
    }
    return decided;
  });
}

function overridesFor(item: ReviewItem, decision: ReviewDecision): ChangeOverrides | undefined {
  if ('skip' in decision) return undefined;
  switch (item.kind) {
    case 'ambiguous-match':
      if ('match' in decision) return { match: { targetId: decision.match } };
      if ('create' in decision) return { match: { create: true } };
      break;
    case 'conflict':
      if ('keep' in decision) return { conflicts: { [item.field]: decision.keep } };
      break;
    case 'unknown-enum':
      if ('value' in decision) return { enumValues: { [item.field]: decision.value } };
      break;
  }
  throw new UserInputError(
    `review item ${item.id} (${item.kind}) cannot take the decision ${JSON.stringify(decision)}; ` +
      (
        {
          'ambiguous-match': 'use { match: "<id>" }, { create: true } or { skip: true }',
          conflict: 'use { keep: "source" | "target" }',
          'unknown-enum': 'use { value: "<canonical value>" } or { skip: true }',
        } as const
      )[item.kind],
  );
}
