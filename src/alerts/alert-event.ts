/**
 * What the engine reports that someone must hear about. The shapes are the subset of the engine's
 * events (`src/engine/engine-events.ts`: `{ type, flow, … }`) that alerts rely on, so every engine
 * event is assignable to an {@link OperationalEvent} and `alerter.attach(engine)` needs no adapter.
 *
 * @example
 *   const event: OperationalEvent = { type: 'dead-letter', flow: 'orders', recordKey: 'SO-1042',
 *     reason: 'NetSuite rejected salesOrder SO-1042: Please enter value(s) for: Department',
 *     classification: 'VALIDATION_REJECTED', deadLetterId: 17 };
 */
import type { ReviewKind } from '../store/review-repo.ts';
import type { RunCounts } from '../store/run-counts.ts';

export type OperationalEventType =
  | 'dead-letter'
  | 'review'
  | 'stalled'
  | 'unbalanced-run'
  | 'reconcile-out-of-tolerance'
  | 'flow-paused';

export interface DeadLetterEvent {
  type: 'dead-letter';
  flow: string;
  recordKey: string;
  reason: string;
  classification: string;
  deadLetterId?: number | undefined;
  runId?: string | undefined;
  attempts?: number | undefined;
}

export interface ReviewEvent {
  type: 'review';
  flow: string;
  kind: ReviewKind;
  entity?: string | undefined;
  recordKey: string;
  field?: string | undefined;
  /** In plain words, when the engine gives one. */
  detail?: string | undefined;
  reviewId?: number | undefined;
  runId?: string | undefined;
}

/** A flow that cannot make progress because a system's limit holds it back. */
export interface StalledEvent {
  type: 'stalled';
  flow: string;
  system: string;
  /** In plain words: "NetSuite concurrency pool full (5 of 5) for 10 minutes". */
  reason: string;
  /** How long nothing moved, when known. */
  stalledMs?: number | undefined;
  runId?: string | undefined;
}

/** A finished run whose `captured` is not the sum of its buckets. */
export interface UnbalancedRunEvent {
  type: 'unbalanced-run';
  flow: string;
  runId: string;
  counts: RunCounts;
  /** `captured - accountedFor` (see `runBalance`). */
  difference: number;
}

/**
 * A reconciliation (`accord reconcile`) whose two systems do not agree within the contract's
 * tolerance. Not an engine event: the reconcile command emits it for the rule's flow.
 */
export interface ReconcileOutOfToleranceEvent {
  type: 'reconcile-out-of-tolerance';
  flow: string;
  rule: string;
  /** `YYYY-MM` when the run was limited to a month. */
  period?: string | undefined;
  /** The one-line verdict (`payments-daily: the books DO NOT agree — …`). */
  summary: string;
  /** Labels of the groups out of tolerance (`currency=KWD status=captured period=2026-10`). */
  groupsOut: string[];
  /** Record-level findings by category (only the non-zero ones need be present). */
  counts: Readonly<Record<string, number>>;
  /** The reconciliation run in the store's history, when it was recorded. */
  runId?: number | undefined;
}

/** A flow the engine's pre-run check (drift) paused: nothing of it runs until someone resolves it. */
export interface FlowPausedEvent {
  type: 'flow-paused';
  flow: string;
  /** Why, in plain words; drift's reasons start with `drift: `. */
  reason: string;
  /** The findings behind it, one line each. */
  findings?: readonly string[] | undefined;
  runId?: string | undefined;
}

export type OperationalEvent =
  | DeadLetterEvent
  | ReviewEvent
  | StalledEvent
  | UnbalancedRunEvent
  | ReconcileOutOfToleranceEvent
  | FlowPausedEvent;

export const OPERATIONAL_EVENT_TYPES: readonly OperationalEventType[] = [
  'dead-letter',
  'review',
  'stalled',
  'unbalanced-run',
  'reconcile-out-of-tolerance',
  'flow-paused',
];
