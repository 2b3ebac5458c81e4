/**
 * What an operator does to dead letters and review items, each in one store transaction with its
 * audit event (`kind: operator-action`), so "who retried this, and why?" has an answer.
 *
 * Replaying a dead letter and applying a review decision are the engine's job when an engine is
 * given (`OperationsEngine`: `replayDeadLetter`, `applyReviewDecision`). Without one, these fall
 * back to the store and queue: a retry re-enqueues the dead job (`queue.retryDead`, fresh attempts,
 * the original payload), and a decision is recorded for the engine to apply.
 *
 * @example
 *   await resolveDeadLetter(store, 17, { by: 'ann', reason: 'order cancelled in Shopify' });
 *   await retryDeadLetter({ store, queue }, 18, { by: 'ann', reason: 'Department mapped in the contract' });
 */
import { appendAudit } from '../../audit/audit-log.ts';
import type { Queue } from '../../queue/queue.ts';
import { IllegalTransition } from '../../store/state-machine.ts';
import type { DeadLetter, ReviewItem, Store } from '../../store/store.ts';
import { StoreNotFound } from '../../store/store.ts';
import { describeDecision, type ReviewDecision } from './review-decision.ts';

/** The narrow part of the engine these operations use. */
export interface OperationsEngine {
  replayDeadLetter(id: number, options: { by: string }): Promise<unknown>;
  applyReviewDecision(id: number, decision: ReviewDecision, options: { by: string }): Promise<unknown>;
}

/** The operation cannot be done as asked (no such id, already resolved…); the message says why. */
export class OperationRefused extends Error {
  readonly code = 'OPERATION_REFUSED';
  override name = 'OperationRefused';
}

/** Store errors a user can cause, as refusals; anything else is rethrown. */
function refuseKnown(cause: unknown): never {
  if (cause instanceof StoreNotFound || cause instanceof IllegalTransition || cause instanceof RangeError) {
    throw new OperationRefused(cause.message);
  }
  throw cause;
}

async function openLetter(store: Store, id: number): Promise<DeadLetter> {
  const letter = await store.deadLetters.get(id);
  if (!letter) throw new OperationRefused(`dead letter ${id} does not exist (see \`accord errors list\`)`);
  if (letter.state !== 'open') {
    const r = letter.resolution;
    throw new OperationRefused(
      `dead letter ${id} is already ${letter.state}${r ? ` by ${r.by} at ${r.at} ("${r.reason}")` : ''}` +
        (letter.state === 'retried' ? '; if the replay failed again, it opened a new dead letter' : ''),
    );
  }
  return letter;
}

export interface RetryOutcome {
  letter: DeadLetter;
  /** `engine`: replayed through the pipeline; `queue`: its job is pending again. */
  via: 'engine' | 'queue';
  jobId?: number | undefined;
}

export async function retryDeadLetter(
  ctx: { store: Store; queue: Queue; engine?: OperationsEngine | undefined },
  id: number,
  input: { by: string; reason: string },
): Promise<RetryOutcome> {
  const letter = await openLetter(ctx.store, id);
  if (ctx.engine) {
    await ctx.engine.replayDeadLetter(id, { by: input.by });
    return { letter: (await ctx.store.deadLetters.get(id)) ?? letter, via: 'engine' };
  }
  const jobId = letter.jobId;
  if (jobId === undefined) {
    throw new OperationRefused(
      `dead letter ${id} has no queued job to replay (it was opened outside the queue); ` +
        'replay it through the engine, or resolve it with a reason',
    );
  }
  try {
    await ctx.store.transaction(async (tx) => {
      await ctx.queue.retryDead(jobId, input, { tx });
      await appendAudit(tx, {
        kind: 'operator-action',
        actor: input.by,
        action: 'dead-letter.retry',
        flow: letter.flow,
        recordKey: letter.recordKey,
        ...(letter.runId === undefined ? {} : { runId: letter.runId }),
        detail: { deadLetterId: id, jobId, reason: input.reason },
      });
    });
  } catch (cause) {
    refuseKnown(cause);
  }
  return { letter: (await ctx.store.deadLetters.get(id)) ?? letter, via: 'queue', jobId };
}

export async function resolveDeadLetter(
  store: Store,
  id: number,
  input: { by: string; reason: string },
): Promise<DeadLetter> {
  if (!input.reason.trim())
    throw new OperationRefused(`dead letter ${id}: say why it is resolved (--reason "…")`);
  const letter = await store.deadLetters.get(id);
  if (!letter) throw new OperationRefused(`dead letter ${id} does not exist (see \`accord errors list\`)`);
  try {
    return await store.transaction(async (tx) => {
      const resolved = await tx.deadLetters.resolve(id, input);
      await appendAudit(tx, {
        kind: 'operator-action',
        actor: input.by,
        action: 'dead-letter.resolve',
        flow: letter.flow,
        recordKey: letter.recordKey,
        ...(letter.runId === undefined ? {} : { runId: letter.runId }),
        detail: { deadLetterId: id, reason: input.reason, classification: letter.classification },
      });
      return resolved;
    });
  } catch (cause) {
    refuseKnown(cause);
  }
}

export interface DecideOutcome {
  item: ReviewItem;
  /** `engine`: applied now; `recorded`: stored and audited, for the engine to apply. */
  via: 'engine' | 'recorded';
}

export async function decideReview(
  ctx: { store: Store; engine?: OperationsEngine | undefined },
  id: number,
  decision: ReviewDecision,
  input: { by: string },
): Promise<DecideOutcome> {
  const item = await ctx.store.reviews.get(id);
  if (!item) throw new OperationRefused(`review ${id} does not exist (see \`accord reviews list\`)`);
  if (ctx.engine) {
    await ctx.engine.applyReviewDecision(id, decision, input);
    return { item: (await ctx.store.reviews.get(id)) ?? item, via: 'engine' };
  }
  try {
    const decided = await ctx.store.transaction(async (tx) => {
      const after = await tx.reviews.decide(id, { decision, by: input.by });
      await appendAudit(tx, {
        kind: 'operator-action',
        actor: input.by,
        action: 'review.decide',
        flow: item.flow,
        entity: item.entity,
        recordKey: item.recordKey,
        ...(item.field ? { field: item.field } : {}),
        ...(item.runId === undefined ? {} : { runId: item.runId }),
        newValue: decision,
        detail: { reviewId: id, kind: item.kind, decision: describeDecision(item, decision) },
      });
      return after;
    });
    return { item: decided, via: 'recorded' };
  } catch (cause) {
    refuseKnown(cause);
  }
}
