/**
 * `accord reviews decide`: a human answers a review item; the answer is recorded and audited,
 * and the original change is queued again carrying the answer, so the next run applies it
 * through the normal pipeline (match, decide, write, record) — one transaction for all of it.
 *
 * Decisions by kind:
 * - ambiguous match: `{ match: '<target id>' }`, `{ create: true }` or `{ skip: true }`;
 * - conflict (or a flagged non-owner edit): `{ keep: 'source' | 'target' }`;
 * - unknown enum value: `{ value: '<canonical value>' }` or `{ skip: true }`;
 * - deletion (flagged by `onDelete: flag`): `{ propagate: true }` (delete or inactivate the linked
 *   target record) or `{ skip: true }` (keep it).
 */
import { appendAudit } from '../audit/audit-log.ts';
import { UserInputError } from '../model/errors.ts';
import type { ReviewItem, StoreTx } from '../store/store.ts';
import type { ChangeOverrides, ChangePayload } from './change-payload.ts';
import { isChangePayload } from './change-payload.ts';
import type { EngineDeps } from './engine-deps.ts';

export type ReviewDecision =
  | { match: string }
  | { create: true }
  | { keep: 'source' | 'target' }
  | { value: string }
  | { propagate: true }
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
      // The change counted `inReview` when a review was its outcome: it moves back to pending.
      // When it was written anyway (a conflict on one field, others written) or another review of
      // the same change already moved it, the replay is a new change of that run. Either way the
      // run still balances.
      if (created && (await heldInReview(tx, item))) {
        await tx.runs.addCounts(item.runId, { inReview: -1, pending: 1 });
      } else if (created) {
        await tx.runs.addCounts(item.runId, { captured: 1, pending: 1 });
      }
    } else if ('skip' in decision && item.runId && (await heldInReview(tx, item))) {
      await tx.runs.addCounts(item.runId, { inReview: -1, unchanged: 1 });
    }
    return decided;
  });
}

/** Whether the item's change still sits in its run's `inReview` bucket (no other review of it is open). */
async function heldInReview(tx: StoreTx, item: ReviewItem): Promise<boolean> {
  if (!item.runId) return false;
  const run = await tx.runs.get(item.runId);
  if (!run || run.counts.inReview === 0) return false;
  // `held`: set by the pipeline when the review was the change's outcome (nothing was written).
  // Items without it (opened by other tools) count as held unless they are conflicts, which the
  // pipeline raises alongside writes.
  const held = (item.detail as { held?: boolean } | undefined)?.held ?? item.kind !== 'conflict';
  if (!held) return false;
  const siblings = await tx.reviews.list({ state: 'open', flow: item.flow });
  const others = siblings.filter(
    (r) => r.recordKey === item.recordKey && r.runId === item.runId && r.id !== item.id,
  );
  // The last open question about the change releases it.
  return others.length === 0;
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
    case 'deletion':
      if ('propagate' in decision) return { deletion: 'propagate' };
      break;
  }
  throw new UserInputError(
    `review item ${item.id} (${item.kind}) cannot take the decision ${JSON.stringify(decision)}; ` +
      (
        {
          'ambiguous-match': 'use { match: "<id>" }, { create: true } or { skip: true }',
          conflict: 'use { keep: "source" | "target" }',
          'unknown-enum': 'use { value: "<canonical value>" } or { skip: true }',
          deletion: 'use { propagate: true } or { skip: true }',
        } as const
      )[item.kind],
  );
}
