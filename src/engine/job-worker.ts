/**
 * Processes leased jobs: lease a batch, run each change through the pipeline concurrently (each
 * connector's limiter holds its system to its cap), record the batch in one transaction. Several
 * batch loops run at once so one batch's tail and commit never leave a system's pool idle.
 *
 * @example
 *   const worker = new JobWorker(deps, plan, { batchSize: 100, loops: 3 });
 *   await worker.drain({ signal });
 */

import { toError } from '../model/errors.ts';
import { keepLeasesAlive, type LeaseKeeper } from '../queue/lease-keeper.ts';
import { failureFromError, type Lease } from '../queue/queue.ts';
import { redactSecrets } from '../store/redact.ts';
import type { StoreSession } from '../store/store.ts';
import { batchSession } from './batch-reads.ts';
import type { BatchRecorder } from './batch-recorder.ts';
import type { CaptureFeed } from './capture-feed.ts';
import { isChangePayload } from './change-payload.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { EngineEvent, RecordHoldCheck } from './engine-events.ts';
import type { FlowPlan } from './flow-plan.ts';
import { processChange } from './process-change.ts';
import type { JobResult, RecordedBatch } from './record-outcomes.ts';

export interface WorkerOptions {
  workerId: string;
  batchSize: number;
  loops: number;
  leaseMs?: number | undefined;
}

export interface WorkerTally {
  processed: number;
  retries: number;
  deadLetters: number;
  reviews: number;
  rateLimitedStreak: Map<string, number>;
}

export class JobWorker {
  readonly tally: WorkerTally = {
    processed: 0,
    retries: 0,
    deadLetters: 0,
    reviews: 0,
    rateLimitedStreak: new Map(),
  };
  /** Records the pre-run check holds back for review (set per run / poll by `run-flow`). */
  hold: RecordHoldCheck | undefined;

  constructor(
    private readonly deps: EngineDeps,
    private readonly plan: FlowPlan,
    private readonly options: WorkerOptions,
    private readonly emit: (event: EngineEvent) => void,
    private readonly recorder: BatchRecorder,
  ) {}

  /**
   * Runs batch loops until no job of the flow can be leased now — and, given a capture `feed`, until
   * capture has ended too (a loop that finds nothing waits for its next page). Returns how many
   * jobs were leased.
   */
  async drain(signal?: AbortSignal, feed?: CaptureFeed): Promise<number> {
    let leased = 0;
    const loop = async () => {
      for (;;) {
        const pagesBefore = feed?.committed ?? 0;
        // Each batch after the first is leased in the transaction recording the one before.
        let leases = signal?.aborted ? [] : await this.lease();
        while (leases.length > 0) {
          leased += leases.length;
          leases = await this.runBatch(leases, () => !signal?.aborted);
        }
        if (!feed || signal?.aborted) return;
        // A page committed while this loop was leasing: look again before waiting.
        if (feed.committed !== pagesBefore) continue;
        if (feed.done) return;
        await feed.next();
      }
    };
    await Promise.all(Array.from({ length: this.options.loops }, loop));
    return leased;
  }

  /** Leases a batch of this flow's jobs (the batches after it are leased by the record step). */
  lease(): Promise<Lease[]> {
    return this.deps.queue.leaseMany(this.nextLease());
  }

  private nextLease() {
    return {
      workerId: this.options.workerId,
      max: this.options.batchSize,
      flows: [this.plan.flow.name],
      ...(this.options.leaseMs ? { leaseMs: this.options.leaseMs } : {}),
    };
  }

  /**
   * One process → record cycle for leased jobs; when `more()` says so, the next batch is leased in
   * the recording transaction and returned (empty when none is due).
   */
  async runBatch(leases: readonly Lease[], more: () => boolean = () => false): Promise<Lease[]> {
    const keeper = this.keepAlive(leases);
    let results: JobResult[];
    let recorded: RecordedBatch;
    try {
      const session = await this.readsFor(leases);
      results = await Promise.all(leases.map((lease) => this.runJob(lease, session)));
      recorded = await this.recorder.record(results, {
        next: more() ? this.nextLease() : undefined,
        logger: this.deps.logger,
      });
    } finally {
      await keeper.stop();
    }
    this.tally.processed += recorded.finished;
    this.tally.retries += recorded.retries;
    this.tally.deadLetters += recorded.deadLetters;
    this.tally.reviews += recorded.reviews;
    for (const e of recorded.events) this.emit(e);
    this.watchStalls(results);
    // With in-process systems a run is one unbroken chain of promises; let timers (progress,
    // SIGINT) and I/O in between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return recorded.next;
  }

  /**
   * Renews the batch's leases at a third of their length until it is recorded, so a batch slower
   * than its lease is not re-leased by another worker or a restart while it is still writing.
   */
  private keepAlive(leases: readonly Lease[]): LeaseKeeper {
    const leaseMs = Date.parse(leases[0]?.expiresAt ?? '') - this.deps.clock.now();
    return keepLeasesAlive(this.deps.queue, leases, {
      renewEveryMs: Number.isFinite(leaseMs) ? Math.max(50, Math.floor(leaseMs / 3)) : 10_000,
      leaseMs: this.options.leaseMs,
      onError: (error) => this.deps.logger.warn({ err: error.message }, 'could not renew the batch leases'),
    });
  }

  /** The batch's store reads, made at once (see `batch-reads.ts`); per change if that fails. */
  private async readsFor(leases: readonly Lease[]): Promise<StoreSession> {
    const payloads = leases.flatMap((l) => (isChangePayload(l.job.payload) ? [l.job.payload] : []));
    try {
      return await batchSession(this.deps.store, this.plan, payloads);
    } catch (error) {
      this.deps.logger.warn({ err: toError(error).message }, 'batch reads failed; reading per change');
      return this.deps.store;
    }
  }

  private async runJob(lease: Lease, session: StoreSession): Promise<JobResult> {
    const job = lease.job;
    const payload = job.payload;
    if (!isChangePayload(payload)) {
      return {
        lease,
        ok: false,
        failure: {
          reason: `job ${job.key}: its payload is not a captured change; it cannot be processed`,
          retryable: false,
          classification: 'INVALID_PAYLOAD',
        },
      };
    }
    try {
      const outcome = await processChange(
        {
          plan: this.plan,
          session,
          runId: job.runId ?? '',
          jobKey: job.key,
          attempt: job.attempts,
          now: () => new Date(this.deps.clock.now()).toISOString(),
          dryRun: false,
          hold: this.hold,
        },
        payload,
      );
      return { lease, ok: true, outcome };
    } catch (thrown) {
      const error = toError(thrown);
      const detail = (error as { detail?: unknown }).detail;
      const request = (error as { accordRequest?: unknown }).accordRequest ?? {
        source: payload.source,
        record: payload.record.id,
        version: payload.record.modifiedAt,
      };
      const failure = failureFromError(error, {
        request: redactSecrets(request),
        ...(detail === undefined ? {} : { response: redactSecrets(detail) }),
      });
      this.deps.logger.debug(
        { jobKey: job.key, classification: failure.classification, reason: failure.reason },
        'job failed',
      );
      return { lease, ok: false, failure };
    }
  }

  /** A system refusing for rate or concurrency batch after batch, with nothing getting through: stalled. */
  private watchStalls(results: readonly JobResult[]): void {
    for (const r of results) {
      const system = r.ok ? undefined : systemOf(r.failure.reason, this.plan);
      if (r.ok) {
        this.tally.rateLimitedStreak.clear();
        return;
      }
      if (r.failure.classification !== 'RATE_LIMITED' || !system) continue;
      const streak = (this.tally.rateLimitedStreak.get(system) ?? 0) + 1;
      this.tally.rateLimitedStreak.set(system, streak);
      if (streak === 50) {
        this.emit({
          type: 'stalled',
          flow: this.plan.flow.name,
          runId: r.lease.job.runId,
          system,
          reason: `${system} refused 50 requests in a row for rate or concurrency; nothing is getting through`,
          at: new Date(this.deps.clock.now()).toISOString(),
        });
      }
    }
  }
}

function systemOf(reason: string, plan: FlowPlan): string | undefined {
  for (const s of plan.sides.keys()) if (reason.includes(s)) return s;
  return plan.flow.to;
}
