/**
 * The queue port: durable jobs, one per record change for one flow. SQLite (`queue/sqlite`) is the
 * embedded default; PostgreSQL follows and runs the same contract suite
 * (`test/queue/queue-contract.ts`) unchanged.
 *
 * Guarantees every implementation gives:
 * - **at-least-once**: a leased job whose worker dies is handed out again when its lease expires;
 *   a handler that records its effects in the same store transaction as `complete` is effectively
 *   exactly-once;
 * - **per-record ordering**: jobs with the same `(flow, recordKey)` run one at a time, in enqueue
 *   order; a later job waits while an earlier one is pending, running or waiting to retry;
 * - **priority lanes**: `live` before `bulk`, with a guaranteed share for bulk (after `liveBurst`
 *   live jobs in a row, the next lease prefers a ready bulk job), so a live order is never stuck
 *   behind a catalogue backfill and a backfill is never starved by a stream of live orders;
 * - **retries**: exponential backoff with full jitter (`backoff.ts`), never sooner than the
 *   system's `Retry-After`; after `maxAttempts`, or at once for a permanent failure, the job is
 *   dead and a dead letter is opened in the store with its reason, in the same transaction;
 * - **idempotent enqueue**: the same job key enqueued twice is one job;
 * - every state change is checked against `JOB_TRANSITIONS` (`job-states.ts`);
 * - time comes from the injected clock, never the database's own `now()`, so the contract suite
 *   can move time by hand.
 *
 * Operations that take `{ tx }` join the caller's store transaction (same database), so the engine
 * records baselines, links, cursor, audit events and the job's completion atomically.
 *
 * @example
 *   await queue.enqueue({ key: `orders:${id}:${version}`, flow: 'orders', recordKey: id, payload: record });
 *   const lease = await queue.lease({ workerId: 'w1' });
 *   if (lease) {
 *     try {
 *       await write(lease.job.payload);
 *       await store.transaction(async (tx) => { await recordBaselines(tx); await queue.complete(lease, { tx }); });
 *     } catch (e) {
 *       await queue.fail(lease, failureFromError(toError(e)));
 *     }
 *   }
 */
import { type AccordError, isRetryable, retryAfterOf } from '../model/errors.ts';
import type { DeadLetter, IsoTime, Store, StoreTx } from '../store/store.ts';
import type { JobState } from './job-states.ts';

export type { JobState } from './job-states.ts';

/** `live`: changes as they happen; `bulk`: backfills, catalogue loads, replays of many records. */
export type Lane = 'live' | 'bulk';
export const LANES: readonly Lane[] = ['live', 'bulk'];

export interface NewJob {
  /** Idempotency key of the job, e.g. flow + record + source version: enqueueing it again is a no-op. */
  key: string;
  flow: string;
  /** The record the job is about; jobs of one `(flow, recordKey)` run one at a time, in order. */
  recordKey: string;
  /** Default `live`. */
  lane?: Lane | undefined;
  payload: unknown;
  runId?: string | undefined;
  /** Default from the queue's options. */
  maxAttempts?: number | undefined;
  /** Not before this time (default: now). */
  runAt?: IsoTime | undefined;
}

export interface Job {
  id: number;
  key: string;
  flow: string;
  recordKey: string;
  lane: Lane;
  payload: unknown;
  runId?: string | undefined;
  state: JobState;
  /** Attempts started so far (a lease is an attempt). */
  attempts: number;
  maxAttempts: number;
  /** When a pending or retrying job becomes due. */
  runAt: IsoTime;
  lastError?: string | undefined;
  deadLetterId?: number | undefined;
  leaseOwner?: string | undefined;
  leaseExpiresAt?: IsoTime | undefined;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

/** A worker's claim on a running job, until `expiresAt`. */
export interface Lease {
  job: Job;
  token: string;
  workerId: string;
  expiresAt: IsoTime;
}

/** Why an attempt failed, as the dead letter will show it. */
export interface JobFailure {
  /** In plain words, naming system and record. */
  reason: string;
  retryable: boolean;
  /** The error class code (`RATE_LIMITED`, `VALIDATION_REJECTED`…). */
  classification: string;
  /** The system's Retry-After, a floor for the next delay. */
  retryAfterMs?: number | undefined;
  /** The failed request and response (redacted). */
  request?: unknown;
  response?: unknown;
}

export type FailOutcome =
  | { outcome: 'retrying'; job: Job; delayMs: number }
  | { outcome: 'dead'; job: Job; deadLetter: DeadLetter };

export interface TxOption {
  /** Join this store transaction (it must belong to the store the queue was opened on). */
  tx?: StoreTx | undefined;
}

export interface LeaseOptions {
  workerId: string;
  /** Default from the queue's options. */
  leaseMs?: number | undefined;
  /** Only these lanes (default both, live first). */
  lanes?: readonly Lane[] | undefined;
  /** Only jobs of these flows (e.g. the flows not paused); default all. */
  flows?: readonly string[] | undefined;
}

export interface QueueStats {
  byState: Record<JobState, number>;
  /** Pending jobs per lane that are due now (queue depth for the progress display). */
  readyByLane: Record<Lane, number>;
}

export interface Queue {
  enqueue(job: NewJob, options?: TxOption): Promise<{ job: Job; created: boolean }>;
  /** Enqueues many jobs in one transaction; returns how many were new. */
  enqueueMany(jobs: readonly NewJob[], options?: TxOption): Promise<{ created: number; existing: number }>;
  /**
   * Leases the next due job a worker may run, or undefined when none is. Also re-delivers jobs
   * whose lease expired (or kills them when their attempts are exhausted).
   */
  lease(options: LeaseOptions): Promise<Lease | undefined>;
  /**
   * Leases up to `max` jobs in one transaction (never two of the same record): for workers that
   * record a batch of results in one store transaction, which is where the throughput is. With
   * `tx`, the leases are taken in (and commit or roll back with) that transaction: a worker takes
   * its next batch in the transaction recording the last one.
   */
  leaseMany(options: LeaseOptions & { max: number }, txOptions?: TxOption): Promise<Lease[]>;
  /** Extends a lease; throws {@link LeaseLost} if it already expired and the job moved on. */
  heartbeat(lease: Lease, options?: { leaseMs?: number | undefined }): Promise<Lease>;
  /**
   * Extends many leases at once (a batch's heartbeat, see `lease-keeper.ts`): like `heartbeat`
   * for each, in one transaction, returning the leases this worker no longer holds instead of
   * throwing. Optional; `keepLeasesAlive` falls back to `heartbeat` per lease when absent.
   */
  heartbeatMany?(
    leases: readonly Lease[],
    options?: { leaseMs?: number | undefined },
  ): Promise<{ lost: LeaseLost[] }>;
  /** running → succeeded. Throws {@link LeaseLost} if this worker no longer holds the job. */
  complete(lease: Lease, options?: TxOption): Promise<Job>;
  /**
   * running → succeeded for many leases at once, like `complete` for each but without reading the
   * jobs back: returns the leases this worker no longer holds (as {@link LeaseLost}, nothing done
   * for them) instead of throwing. Optional; callers fall back to `complete` when absent.
   */
  completeMany?(leases: readonly Lease[], options?: TxOption): Promise<{ lost: LeaseLost[] }>;
  /** running → retrying (with backoff) or → dead (dead letter opened). Throws {@link LeaseLost}. */
  fail(lease: Lease, failure: JobFailure, options?: TxOption): Promise<FailOutcome>;
  /** dead → pending with fresh attempts (after the data or contract was fixed); marks its dead letter retried. */
  retryDead(jobId: number, input: { by: string; reason: string }, options?: TxOption): Promise<Job>;
  get(jobId: number): Promise<Job | undefined>;
  getByKey(key: string): Promise<Job | undefined>;
  stats(): Promise<QueueStats>;
  /**
   * Just `stats().readyByLane` (queue depth), without counting every job by state: optional, for
   * progress displays polled while a run is busy. Callers fall back to `stats()` when absent.
   */
  readyByLane?(): Promise<QueueStats['readyByLane']>;
  /** Deletes succeeded jobs last updated before `before`; their keys can then be enqueued anew. */
  purgeSucceeded(before: IsoTime): Promise<number>;
  /**
   * How another thread of this process opens its own handle on the same store and queue, so the
   * engine can record batches there while this thread processes the next ones (see
   * `engine/thread-recorder.ts`). Optional; undefined when it cannot be done faithfully (an
   * in-memory database, or an injected clock or jitter source another thread would not share).
   */
  threadSibling?(): ThreadSibling | undefined;
}

/**
 * A recipe another thread follows to open the same store and queue: `module` (a file URL)
 * exports `openQueueSibling(options)` resolving to a {@link QueueSibling}; `options` is plain data.
 */
export interface ThreadSibling {
  module: string;
  options: unknown;
}

/** The store and queue another thread opened from a {@link ThreadSibling}. */
export interface QueueSibling {
  store: Store;
  queue: Queue;
  close(): Promise<void>;
}

/** The worker no longer holds the job: its lease expired and the job was re-delivered or finished. */
export class LeaseLost extends Error {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly jobId: number,
    readonly jobKey: string,
    detail: string,
  ) {
    super(
      `job ${jobId} (${jobKey}): this worker's lease is no longer valid (${detail}); another worker owns ` +
        'the job now, so drop this attempt without recording anything',
    );
    this.name = 'LeaseLost';
  }
}

/** Turns any error into a {@link JobFailure}, using the shared classification (`model/errors.ts`). */
export function failureFromError(
  error: Error,
  extra: { request?: unknown; response?: unknown } = {},
): JobFailure {
  const code = (error as Partial<AccordError>).code;
  const retryAfterMs = retryAfterOf(error);
  return {
    reason: error.message,
    retryable: isRetryable(error),
    classification: typeof code === 'string' ? code : error.name || 'Error',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...extra,
  };
}
