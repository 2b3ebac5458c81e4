/**
 * What an operator does to dead letters and review items. Each action is one store transaction
 * together with its audit event (`kind: operator-action`), so "who retried this, and why?" has an
 * answer.
 *
 * Replaying a dead letter and applying a review decision are the engine's own operations
 * (`replay-dead-letter.ts`, `apply-review-decision.ts`: they also move the run's counts and
 * re-enqueue the change); they need only the store and the queue, not connectors, so the CLI
 * calls them without opening systems. A running `Engine` can be passed instead.
 *
 * @example
 *   await resolveDeadLetter(store, 17, { by: 'ann', reason: 'order cancelled in Shopify' });
 *   await retryDeadLetter({ store, queue }, 18, { by: 'ann', reason: 'Department mapped in the contract' });
 */
import { appendAudit } from '../../audit/audit-log.ts';
import { UserInputError } from '../../model/errors.ts';
import type { Queue } from '../../queue/queue.ts';
import { type Clock, systemClock } from '../../store/clock.ts';
import { IllegalTransition } from '../../store/state-machine.ts';
import type { DeadLetter, ReviewItem, Store } from '../../store/store.ts';
import { StoreNotFound } from '../../store/store.ts';
import { applyReviewDecision, type ReviewDecision } from '../apply-review-decision.ts';
import type { EngineDeps } from '../engine-deps.ts';
import { silentLogger } from '../engine-events.ts';
import { replayDeadLetter } from '../replay-dead-letter.ts';

/** The part of the engine these operations use (an `Engine` has it). */
export interface OperationsEngine {
  replayDeadLetter(id: number, options: { by: string; reason?: string | undefined }): Promise<unknown>;
  applyReviewDecision(id: number, decision: ReviewDecision, options: { by: string }): Promise<unknown>;
}

export interface OperationsContext {
  store: Store;
  queue: Queue;
  clock?: Clock | undefined;
  /** A running engine; default: the engine's operations over `store` and `queue`. */
  engine?: OperationsEngine | undefined;
}

/** The operation cannot be done as asked (no such id, already resolved…); the message says why. */
export class OperationRefused extends Error {
  readonly code = 'OPERATION_REFUSED';
  override name = 'OperationRefused';
}

/** Errors a user's request can cause, as refusals; anything else is rethrown. */
function refuseKnown(cause: unknown): never {
  if (
    cause instanceof StoreNotFound ||
    cause instanceof IllegalTransition ||
    cause instanceof UserInputError ||
    cause instanceof RangeError
  ) {
    throw new OperationRefused(cause.message);
  }
  throw cause;
}

function engineOf(ctx: OperationsContext): OperationsEngine {
  if (ctx.engine) return ctx.engine;
  const deps: EngineDeps = {
    store: ctx.store,
    queue: ctx.queue,
    clock: ctx.clock ?? systemClock,
    logger: silentLogger,
  };
  return {
    replayDeadLetter: (id, input) => replayDeadLetter(deps, id, input),
    applyReviewDecision: (id, decision, input) => applyReviewDecision(deps, id, decision, input),
  };
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
  if (letter.jobId === undefined) {
    throw new OperationRefused(
      `dead letter ${id} has no queued job to replay (it was opened outside the queue); ` +
        'fix the record at its source so the next sync captures it again, then resolve this one with a reason',
    );
  }
  return letter;
}

/**
 * Replays a dead letter's original change (its job goes back to pending with fresh attempts; the
 * next sync of its flow runs it). Refuses, with the reason, a letter that is not open.
 */
export async function retryDeadLetter(
  ctx: OperationsContext,
  id: number,
  input: { by: string; reason: string },
): Promise<DeadLetter> {
  const letter = await openLetter(ctx.store, id);
  try {
    await engineOf(ctx).replayDeadLetter(id, input);
  } catch (cause) {
    refuseKnown(cause);
  }
  return (await ctx.store.deadLetters.get(id)) ?? letter;
}

/** Closes a dead letter without replaying it; the reason is required and audited. */
export async function resolveDeadLetter(
  store: Store,
  id: number,
  input: { by: string; reason: string },
  clock: Clock = systemClock,
): Promise<DeadLetter> {
  if (!input.reason.trim())
    throw new OperationRefused(`dead letter ${id}: say why it is resolved (--reason "…")`);
  const letter = await store.deadLetters.get(id);
  if (!letter) throw new OperationRefused(`dead letter ${id} does not exist (see \`accord errors list\`)`);
  try {
    return await store.transaction(async (tx) => {
      const resolved = await tx.deadLetters.resolve(id, input);
      await appendAudit(
        tx,
        {
          kind: 'operator-action',
          actor: input.by,
          action: 'dead-letter-resolved',
          flow: letter.flow,
          recordKey: letter.recordKey,
          runId: letter.runId,
          detail: { deadLetterId: id, reason: input.reason, classification: letter.classification },
        },
        clock,
      );
      return resolved;
    });
  } catch (cause) {
    refuseKnown(cause);
  }
}

/**
 * Applies a reviewer's decision through the engine: recorded, audited, and the original change
 * re-enqueued carrying it (so the next sync writes it through the normal pipeline).
 */
export async function decideReview(
  ctx: OperationsContext,
  id: number,
  decision: ReviewDecision,
  input: { by: string },
): Promise<ReviewItem> {
  const item = await ctx.store.reviews.get(id);
  if (!item) throw new OperationRefused(`review ${id} does not exist (see \`accord reviews list\`)`);
  try {
    await engineOf(ctx).applyReviewDecision(id, decision, input);
  } catch (cause) {
    refuseKnown(cause);
  }
  return (await ctx.store.reviews.get(id)) ?? item;
}
