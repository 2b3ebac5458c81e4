/**
 * The engine's public types: what a run returns, what it reports while it runs, and the events
 * operators' tooling (alerts, the console) subscribes to.
 *
 * @example
 *   engine.onEvent((e) => { if (e.type === 'dead-letter') alerts.send(e.flow, e.reason); });
 */
import type { SystemRecord } from '../connectors/connector.ts';
import type { ReviewKind, RunCounts } from '../store/store.ts';

export type { RunCounts } from '../store/store.ts';

/** A new dead letter: a change that failed permanently or ran out of retries. */
export interface DeadLetterEvent {
  type: 'dead-letter';
  flow: string;
  runId?: string | undefined;
  deadLetterId: number;
  recordKey: string;
  /** In plain words, naming system and record. */
  reason: string;
  /** The error class code (`VALIDATION_REJECTED`, `RATE_LIMITED`…). */
  classification: string;
  at: string;
}

/** A new review item: an ambiguous match, a conflict under a review rule, an unknown enum value, a flagged non-owner edit. */
export interface ReviewEvent {
  type: 'review';
  flow: string;
  runId?: string | undefined;
  reviewId: number;
  kind: ReviewKind;
  recordKey: string;
  field: string;
  detail: string;
  at: string;
}

/** A flow making no progress because a system keeps refusing for rate or concurrency. */
export interface StalledEvent {
  type: 'stalled';
  flow: string;
  runId?: string | undefined;
  system: string;
  reason: string;
  at: string;
}

/** A run whose counts do not add up: `captured` differs from the sum of the buckets. */
export interface UnbalancedRunEvent {
  type: 'unbalanced-run';
  flow: string;
  runId: string;
  counts: RunCounts;
  /** `captured - accountedFor`: positive means changes went missing. */
  difference: number;
  at: string;
}

/** A flow the pre-run check (drift) just paused, or could not clear: nothing of it runs until it is resolved. */
export interface FlowPausedEvent {
  type: 'flow-paused';
  flow: string;
  runId?: string | undefined;
  /** Why, in plain words (`drift: salesforce Account.Loyalty__c was removed or renamed…`). */
  reason: string;
  /** What caused it, one line each (the blocking drift findings). */
  findings?: readonly string[] | undefined;
  at: string;
}

export type EngineEvent = DeadLetterEvent | ReviewEvent | StalledEvent | UnbalancedRunEvent | FlowPausedEvent;
export type EngineEventType = EngineEvent['type'];
export type EngineEventListener = (event: EngineEvent) => void;

/** The narrow logger the engine writes to (pino's shape); credentials are never passed to it. */
export interface EngineLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** A logger whose every line carries these fields (pino's `child`); used for the run id. */
  child?(bindings: Record<string, unknown>): EngineLogger;
}

export const silentLogger: EngineLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A record held back for review by the pre-run check: the system field and the value it carries. */
export interface RecordHold {
  /** The source system's field (`productType`, `custentity_tier`). */
  field: string;
  value: string;
  reason: string;
}

/** Says which captured records may not be written yet (they go to review as unknown enum values). */
export type RecordHoldCheck = (system: string, record: SystemRecord) => RecordHold | undefined;

/** What the pre-run check decided for one run of one flow. */
export interface PreRunVerdict {
  paused: boolean;
  reason?: string | undefined;
  /** Tell subscribers (alerts): the check paused the flow just now, or could not clear it. */
  announce?: boolean | undefined;
  /** The findings behind the pause, one line each. */
  findings?: readonly string[] | undefined;
  /** Records of a running flow to hold back for review (a new enum value nobody mapped). */
  hold?: RecordHoldCheck | undefined;
}

/**
 * Fail-closed hook, called before each run (and between polls in watch mode): the drift check
 * (`driftGate` in `src/drift`) says whether the flow may run. A paused flow does not run; the run
 * record says why.
 */
export type PreRunCheck = (flow: string) => Promise<PreRunVerdict>;

/** Requests in flight to one system against its cap, from `connector.stats()`. */
export interface SystemProgress {
  system: string;
  inFlight: number;
  cap: number;
  maxInFlight: number;
  requests: number;
  rateLimited: number;
}

/** A snapshot for the live progress display. */
export interface RunProgress {
  flow: string;
  runId: string;
  phase: 'capturing' | 'processing' | 'draining' | 'done';
  elapsedMs: number;
  /** Jobs finished in this run so far (any bucket but pending). */
  processed: number;
  recordsPerSecond: number;
  /** Jobs ready to run now, both lanes. */
  queueDepth: number;
  retries: number;
  deadLetters: number;
  counts: RunCounts;
  systems: SystemProgress[];
}

export interface RunFlowOptions {
  /** Capture once, process until nothing is left to do now, and return (default true). */
  once?: boolean | undefined;
  /** Read and decide, but write nothing anywhere (no system, no store). */
  dryRun?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: RunProgress) => void) | undefined;
  /** Watch mode: pause between captures (default 5 s). */
  pollIntervalMs?: number | undefined;
}

/** One write the run would make (dry run) — in the target system's shape. */
export interface PlannedWrite {
  system: string;
  objectType: string;
  externalId: string;
  id?: string | undefined;
  fields: Record<string, unknown>;
  /** Canonical field → the decision's rule (`owner-changed`, `initial-sync`…). */
  rules: Record<string, string>;
  sourceRecord: string;
}

export interface RunSummary {
  flow: string;
  runId: string;
  status: 'succeeded' | 'failed' | 'interrupted' | 'paused';
  /** Why the run was paused, interrupted or failed. */
  note?: string | undefined;
  counts: RunCounts;
  balanced: boolean;
  difference: number;
  /** Created during this run. */
  deadLetters: number;
  reviews: number;
  retries: number;
  elapsedMs: number;
  /** Dry run only: what would have been written. */
  plannedWrites?: PlannedWrite[] | undefined;
}
