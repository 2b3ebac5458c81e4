/**
 * The engine: runs flows through the pipeline (capture → normalise → match → decide → write →
 * record), replays dead letters, applies review decisions, and tells subscribers about dead
 * letters, reviews, stalls and unbalanced runs.
 *
 * @example
 *   const engine = openEngine({ contract, store, queue, connectors });
 *   engine.onEvent((e) => alerts.route(e));
 *   const summary = await engine.runFlow('customers', { once: true });
 *   // summary.counts: { captured: 120, written: 117, unchanged: 1, echoes: 0, deadLettered: 1, inReview: 1, pending: 0 }
 */
import { randomUUID } from 'node:crypto';
import type { Connector, WebhookEvent } from '../connectors/connector.ts';
import type { Contract } from '../contract/index.ts';
import { UserInputError } from '../model/errors.ts';
import type { Job, Queue } from '../queue/queue.ts';
import { type Clock, systemClock } from '../store/clock.ts';
import type { ReviewItem, Store } from '../store/store.ts';
import { applyReviewDecision, type ReviewDecision } from './apply-review-decision.ts';
import { type BatchRecorder, inProcessRecorder } from './batch-recorder.ts';
import { enqueueChanges } from './capture.ts';
import type { EngineDeps } from './engine-deps.ts';
import {
  type EngineEvent,
  type EngineEventListener,
  type EngineLogger,
  type PreRunCheck,
  type RunFlowOptions,
  type RunSummary,
  silentLogger,
} from './engine-events.ts';
import { type FlowPlan, planFlow } from './flow-plan.ts';
import { replayDeadLetter } from './replay-dead-letter.ts';
import { type RunTuning, runFlow } from './run-flow.ts';
import { threadRecorder } from './thread-recorder.ts';

export type { ReviewDecision } from './apply-review-decision.ts';

export interface EngineOptions {
  contract: Contract;
  store: Store;
  queue: Queue;
  /** One connector per contract system, by system name (see `connectors/registry.ts`). */
  connectors: ReadonlyMap<string, Connector> | Readonly<Record<string, Connector>>;
  clock?: Clock | undefined;
  logger?: EngineLogger | undefined;
  /**
   * Fail-closed hook called before each run (and between polls in watch mode); a paused flow does
   * not run. `accord sync` passes `driftGate({ contract, store, connectors })` from `src/drift`;
   * the engine has no default, so in-memory test systems (which describe nothing) are not paused.
   */
  preRunCheck?: PreRunCheck | undefined;
  tuning?: Partial<RunTuning> | undefined;
}

export interface Engine {
  readonly contract: Contract;
  runFlow(flow: string, options?: RunFlowOptions): Promise<RunSummary>;
  /** Feeds verified webhook events into the same path as polling; returns how many were new. */
  ingestWebhookEvents(flow: string, source: string, events: readonly WebhookEvent[]): Promise<number>;
  /** Re-enqueues a dead letter's original change (after the data or the contract was fixed). */
  replayDeadLetter(deadLetterId: number, input: { by: string; reason?: string | undefined }): Promise<Job>;
  /** Records a human's decision, audits it, and re-enqueues the change so the decision is applied. */
  applyReviewDecision(reviewId: number, decision: ReviewDecision, input: { by: string }): Promise<ReviewItem>;
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: EngineEventListener): () => void;
  close(): Promise<void>;
}

export const DEFAULT_TUNING: RunTuning = {
  workerId: `worker-${randomUUID().slice(0, 8)}`,
  lookbackMs: 5_000,
  batchSize: 200,
  loops: 3,
  drainTimeoutMs: 120_000,
  progressIntervalMs: 250,
};

export function openEngine(options: EngineOptions): Engine {
  const deps: EngineDeps = {
    store: options.store,
    queue: options.queue,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
  };
  const connectors =
    options.connectors instanceof Map ? options.connectors : new Map(Object.entries(options.connectors));
  const connectorOf = (system: string): Connector => {
    const c = connectors.get(system);
    if (!c) {
      throw new UserInputError(
        `no connector for system "${system}" (have: ${[...connectors.keys()].join(', ') || 'none'}); build it with buildConnectors()`,
      );
    }
    return c;
  };
  const tuning: RunTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const listeners = new Set<EngineEventListener>();
  const activeRuns = new Set<string>();
  const emit = (event: EngineEvent) => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (error) {
        deps.logger.warn({ event: event.type, error: String(error) }, 'event listener failed');
      }
    }
  };
  // One recorder per engine, started at the first batch (a thread costs ~0.25 s to start).
  let recorder: BatchRecorder | undefined;
  const recorderOf = (): BatchRecorder => {
    if (!recorder) {
      const sibling = tuning.recordOnThread === false ? undefined : deps.queue.threadSibling?.();
      recorder = sibling ? threadRecorder(sibling) : inProcessRecorder(deps);
    }
    return recorder;
  };
  const plans = new Map<string, FlowPlan>();
  const planOf = (flow: string) => {
    let plan = plans.get(flow);
    if (!plan) {
      plan = planFlow(options.contract, flow, connectorOf);
      plans.set(flow, plan);
    }
    return plan;
  };

  return {
    contract: options.contract,
    runFlow: async (flow, runOptions = {}) =>
      runFlow(deps, planOf(flow), runOptions, tuning, {
        emit,
        preRunCheck: options.preRunCheck,
        activeRuns,
        recorder: recorderOf(),
      }),
    async ingestWebhookEvents(flow, source, events) {
      const plan = planOf(flow);
      if (!plan.capturedFrom.includes(source)) {
        throw new UserInputError(
          `flow ${flow} does not capture changes from ${source} (it reads ${plan.capturedFrom.join(', ')})`,
        );
      }
      const run = await deps.store.runs.start({ flow });
      const maxAttempts = plan.flow.errors ? plan.flow.errors.retries + 1 : undefined;
      const created = await enqueueChanges(
        deps,
        plan,
        run.id,
        source,
        events.map((e) => e.record),
        'webhook',
        maxAttempts,
      );
      await deps.store.runs.finish(run.id, {
        status: 'succeeded',
        note: `webhook: ${events.length} event(s), ${created} new change(s); processed by the next run`,
      });
      return created;
    },
    replayDeadLetter: (id, input) => replayDeadLetter(deps, id, input),
    applyReviewDecision: (id, decision, input) => applyReviewDecision(deps, id, decision, input),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await recorder?.close();
      recorder = undefined;
    },
  };
}
