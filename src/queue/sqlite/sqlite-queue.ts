/**
 * The SQLite queue: jobs in the store's own file, so a job's completion commits in the same
 * transaction as the baselines, links, cursor and audit events it produced.
 *
 * Leasing is one IMMEDIATE transaction (SQLite has one writer at a time, so two workers — in one
 * process or several — can never lease the same job): re-deliver expired leases, promote due
 * retries, then take the first due pending job of the preferred lane whose record has no earlier
 * job still in line. This class holds the policy (state machine, backoff, lanes, dead letters);
 * `SqliteJobTable` holds the SQL.
 *
 * @example
 *   const store = await openSqliteStore('accord.db');
 *   const queue = openSqliteQueue(store, { maxAttempts: 8 });
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../store/clock.ts';
import { toJsonText } from '../../store/json-column.ts';
import { type SqliteStore, SqliteStoreTx } from '../../store/sqlite/sqlite-store.ts';
import { IllegalTransition } from '../../store/state-machine.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from '../backoff.ts';
import { type JobState, jobStates } from '../job-states.ts';
import {
  type FailOutcome,
  type Job,
  type JobFailure,
  LANES,
  type Lane,
  type Lease,
  LeaseLost,
  type LeaseOptions,
  type NewJob,
  type Queue,
  type QueueStats,
  type ThreadSibling,
  type TxOption,
} from '../queue.ts';
import { type JobRow, toJob } from './job-row.ts';
import { queueMigrations } from './queue-migrations.ts';
import { type JobInsert, SqliteJobTable } from './sqlite-job-table.ts';
import type { SqliteSiblingOptions } from './sqlite-thread-sibling.ts';

export interface SqliteQueueOptions {
  /** Default: the store's clock. */
  clock?: Clock | undefined;
  /** Jitter source in [0, 1); default Math.random. */
  random?: (() => number) | undefined;
  backoff?: BackoffPolicy | undefined;
  /** Default 5. */
  maxAttempts?: number | undefined;
  /** Default 30 s: a worker that dies is noticed after this long. */
  leaseMs?: number | undefined;
  /** After this many live jobs in a row, a ready bulk job goes next (default 9: bulk gets ≥ 10 %). */
  liveBurst?: number | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const named = (row: JobRow) => `job ${row.id} (${row.job_key})`;

export class SqliteQueue implements Queue {
  private readonly jobs: SqliteJobTable;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly liveBurst: number;
  /** Live jobs leased in a row; bulk goes first once it reaches `liveBurst` (starvation guard). */
  private liveStreak = 0;

  constructor(
    private readonly store: SqliteStore,
    private readonly options: SqliteQueueOptions = {},
  ) {
    this.jobs = new SqliteJobTable(store.connection);
    this.clock = options.clock ?? store.connection.clock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.liveBurst = options.liveBurst ?? 9;
  }

  enqueue(job: NewJob, options?: TxOption): Promise<{ job: Job; created: boolean }> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        const created = this.jobs.insert(this.validate(job), this.clock.now());
        return { job: toJob(this.jobs.byKey(job.key)!), created };
      }),
    );
  }

  enqueueMany(jobs: readonly NewJob[], options?: TxOption): Promise<{ created: number; existing: number }> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        const now = this.clock.now();
        const created = this.jobs.insertMany(
          jobs.map((job) => this.validate(job)),
          now,
        );
        return { created, existing: jobs.length - created };
      }),
    );
  }

  async lease(options: LeaseOptions): Promise<Lease | undefined> {
    return (await this.leaseMany({ ...options, max: 1 }))[0];
  }

  leaseMany(options: LeaseOptions & { max: number }, txOptions?: TxOption): Promise<Lease[]> {
    return this.within(txOptions, async (tx) => {
      const now = this.clock.now();
      await this.reapExpiredLeases(tx, now);
      return tx.exec(() => {
        jobStates.assert('retrying', 'pending');
        this.jobs.promoteDueRetries(now);
        const flows = options.flows === undefined ? null : JSON.stringify(options.flows);
        // The candidates of each lane, fetched once per batch, then taken one by one in lane order.
        const ready = new Map<Lane, number[]>();
        const candidates = (lane: Lane) => {
          let ids = ready.get(lane);
          if (ids === undefined) {
            ids = this.jobs.nextReadyIds(lane, now, flows, options.max).reverse();
            ready.set(lane, ids);
          }
          return ids;
        };
        // The jobs to take, in lease order (lanes interleaved as the live streak dictates), then
        // one UPDATE for all of them. No other writer runs inside this IMMEDIATE transaction, so
        // every candidate is still pending when it is updated.
        const picked: number[] = [];
        while (picked.length < options.max) {
          const id = this.pickNext(options.lanes, candidates);
          if (id === undefined) break;
          picked.push(id);
        }
        jobStates.assert('pending', 'running');
        const lease = {
          workerId: options.workerId,
          tokenPrefix: randomUUID(),
          expiresAt: now + (options.leaseMs ?? this.leaseMs),
        };
        const rows = new Map(this.jobs.markLeasedMany(picked, lease, now).map((r) => [r.id, r]));
        const leases: Lease[] = [];
        for (const id of picked) {
          const row = rows.get(id);
          if (!row) continue;
          leases.push({
            job: toJob(row),
            token: row.lease_token ?? '',
            workerId: lease.workerId,
            expiresAt: iso(lease.expiresAt),
          });
        }
        return leases;
      });
    });
  }

  heartbeat(lease: Lease, options: { leaseMs?: number | undefined } = {}): Promise<Lease> {
    return this.within(undefined, (tx) =>
      tx.exec(() => {
        this.held(lease);
        const now = this.clock.now();
        const expires = now + (options.leaseMs ?? this.leaseMs);
        this.jobs.extendLease(lease.job.id, expires, now);
        return { ...lease, job: toJob(this.jobs.byId(lease.job.id)!), expiresAt: iso(expires) };
      }),
    );
  }

  heartbeatMany(
    leases: readonly Lease[],
    options: { leaseMs?: number | undefined } = {},
  ): Promise<{ lost: LeaseLost[] }> {
    return this.within(undefined, (tx) =>
      tx.exec(() => {
        const now = this.clock.now();
        const expires = now + (options.leaseMs ?? this.leaseMs);
        const lost: LeaseLost[] = [];
        for (const lease of leases) {
          if (this.jobs.extendHeld(lease.job.id, lease.token, expires, now)) continue;
          try {
            this.held(lease);
            throw new LeaseLost(lease.job.id, lease.job.key, 'the lease changed while renewing it');
          } catch (error) {
            if (!(error instanceof LeaseLost)) throw error;
            lost.push(error);
          }
        }
        return { lost };
      }),
    );
  }

  complete(lease: Lease, options?: TxOption): Promise<Job> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        const row = this.held(lease);
        jobStates.assert(row.state as JobState, 'succeeded', named(row));
        this.jobs.finishAttempt(row.id, 'succeeded', {}, this.clock.now());
        return toJob(this.jobs.byId(row.id)!);
      }),
    );
  }

  completeMany(leases: readonly Lease[], options?: TxOption): Promise<{ lost: LeaseLost[] }> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        jobStates.assert('running', 'succeeded');
        const now = this.clock.now();
        const lost: LeaseLost[] = [];
        const done = this.jobs.succeedHeldMany(
          leases.map((l) => ({ id: l.job.id, token: l.token })),
          now,
        );
        for (const lease of leases) {
          if (done.has(lease.job.id)) continue;
          try {
            this.held(lease);
            throw new LeaseLost(lease.job.id, lease.job.key, 'the lease changed while completing');
          } catch (error) {
            if (!(error instanceof LeaseLost)) throw error;
            lost.push(error);
          }
        }
        return { lost };
      }),
    );
  }

  fail(lease: Lease, failure: JobFailure, options?: TxOption): Promise<FailOutcome> {
    return this.within(options, async (tx) => {
      const row = await tx.exec(() => this.held(lease));
      const now = this.clock.now();
      if (failure.retryable && row.attempts < row.max_attempts) {
        jobStates.assert(row.state as JobState, 'retrying', named(row));
        const delayMs = retryDelayMs(row.attempts, this.backoff, this.random, failure.retryAfterMs);
        return tx.exec(() => {
          const error = `${failure.classification}: ${failure.reason}`;
          this.jobs.finishAttempt(row.id, 'retrying', { runAt: now + delayMs, error }, now);
          return { outcome: 'retrying' as const, job: toJob(this.jobs.byId(row.id)!), delayMs };
        });
      }
      const reason = failure.retryable
        ? `gave up after ${row.attempts} attempts (the maximum): ${failure.reason}`
        : failure.reason;
      return this.kill(tx, row, { ...failure, reason }, now);
    });
  }

  retryDead(jobId: number, input: { by: string; reason: string }, options?: TxOption): Promise<Job> {
    return this.within(options, async (tx) => {
      const row = await tx.exec(() => this.jobs.byId(jobId));
      if (!row) throw new RangeError(`job ${jobId} does not exist`);
      if (row.state !== 'dead') {
        throw new IllegalTransition(
          'job',
          row.state,
          'pending',
          `${named(row)}: only a dead job can be retried`,
          ['pending'],
        );
      }
      jobStates.assert('dead', 'pending', named(row));
      if (row.dead_letter_id !== null) {
        const letter = await tx.deadLetters.get(row.dead_letter_id);
        if (letter?.state === 'open') await tx.deadLetters.markRetried(row.dead_letter_id, input);
      }
      return tx.exec(() => {
        this.jobs.replay(row.id, this.clock.now());
        return toJob(this.jobs.byId(row.id)!);
      });
    });
  }

  get(jobId: number): Promise<Job | undefined> {
    return this.store.connection.run(() => {
      const row = this.jobs.byId(jobId);
      return row && toJob(row);
    });
  }

  getByKey(key: string): Promise<Job | undefined> {
    return this.store.connection.run(() => {
      const row = this.jobs.byKey(key);
      return row && toJob(row);
    });
  }

  stats(): Promise<QueueStats> {
    return this.store.connection.run(() => {
      const byState: Record<JobState, number> = {
        pending: 0,
        running: 0,
        retrying: 0,
        succeeded: 0,
        dead: 0,
      };
      for (const { state, n } of this.jobs.countByState()) byState[state] = n;
      const readyByLane: Record<Lane, number> = { live: 0, bulk: 0 };
      for (const { lane, n } of this.jobs.readyByLane(this.clock.now())) readyByLane[lane] = n;
      return { byState, readyByLane };
    });
  }

  // Why: the progress display polls queue depth every interval; `stats()` also counts every job by
  // state, a scan of the whole table (3 % of CPU over 100,000 jobs in `npm run bench -- engine`),
  // while ready jobs are read from the partial jobs_ready index alone.
  readyByLane(): Promise<QueueStats['readyByLane']> {
    return this.store.connection.run(() => {
      const readyByLane: Record<Lane, number> = { live: 0, bulk: 0 };
      for (const { lane, n } of this.jobs.readyByLane(this.clock.now())) readyByLane[lane] = n;
      return readyByLane;
    });
  }

  purgeSucceeded(before: string): Promise<number> {
    return this.store.connection.run(() => this.jobs.purgeSucceeded(Date.parse(before)));
  }

  // ------------------------------------------------------------------ internals

  /** Runs `fn` in the caller's transaction, or in a new one. */
  private within<T>(options: TxOption | undefined, fn: (tx: SqliteStoreTx) => Promise<T>): Promise<T> {
    const tx = options?.tx;
    if (tx === undefined) return this.store.sqliteTransaction(fn);
    if (!(tx instanceof SqliteStoreTx) || tx.store !== this.store) {
      return Promise.reject(
        new Error(
          'queue: the tx passed belongs to another store; pass a tx of the store this queue was opened on',
        ),
      );
    }
    return fn(tx);
  }

  private validate(job: NewJob): JobInsert {
    const where = `job ${JSON.stringify(job.key)} (flow ${job.flow}, record ${job.recordKey})`;
    if (!job.key || !job.flow || !job.recordKey) {
      throw new RangeError(`${where}: key, flow and recordKey are required`);
    }
    const lane = job.lane ?? 'live';
    if (!LANES.includes(lane)) {
      throw new RangeError(`${where}: lane must be one of ${LANES.join(', ')}, got ${lane}`);
    }
    const maxAttempts = job.maxAttempts ?? this.maxAttempts;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`${where}: maxAttempts must be a whole number ≥ 1, got ${maxAttempts}`);
    }
    const runAt = job.runAt === undefined ? this.clock.now() : Date.parse(job.runAt);
    if (Number.isNaN(runAt))
      throw new RangeError(`${where}: runAt "${job.runAt}" is not an ISO-8601 instant`);
    return {
      key: job.key,
      flow: job.flow,
      recordKey: job.recordKey,
      lane,
      runId: job.runId ?? null,
      payloadJson: toJsonText(job.payload, `${where} payload`),
      maxAttempts,
      runAt,
    };
  }

  /** The next candidate of the preferred lane (counting the live streak), inside the lease transaction. */
  private pickNext(
    lanes: readonly Lane[] | undefined,
    candidates: (lane: Lane) => number[],
  ): number | undefined {
    for (const lane of this.laneOrder(lanes)) {
      const id = candidates(lane).pop();
      if (id === undefined) continue;
      this.liveStreak = lane === 'live' ? this.liveStreak + 1 : 0;
      return id;
    }
    return undefined;
  }

  private laneOrder(allowed: readonly Lane[] | undefined): Lane[] {
    const order: Lane[] = this.liveStreak >= this.liveBurst ? ['bulk', 'live'] : ['live', 'bulk'];
    return allowed === undefined ? order : order.filter((l) => allowed.includes(l));
  }

  /** The row, if `lease` still holds it; throws LeaseLost otherwise. */
  private held(lease: Lease): JobRow {
    const row = this.jobs.byId(lease.job.id);
    if (!row) throw new LeaseLost(lease.job.id, lease.job.key, 'the job no longer exists');
    if (row.state !== 'running' || row.lease_token !== lease.token) {
      const owner = row.lease_owner ? `, leased by ${row.lease_owner}` : '';
      throw new LeaseLost(row.id, row.job_key, `it is ${row.state}${owner}`);
    }
    return row;
  }

  /** Re-delivers jobs whose worker stopped renewing its lease, or kills them when out of attempts. */
  private async reapExpiredLeases(tx: SqliteStoreTx, now: number): Promise<void> {
    const expired = await tx.exec(() => this.jobs.expiredLeases(now));
    for (const row of expired) {
      const lost =
        `lease of worker ${row.lease_owner ?? '?'} expired at ${iso(row.lease_expires_at ?? now)} ` +
        '(the worker crashed, hung or was stopped)';
      if (row.attempts >= row.max_attempts) {
        const reason = `gave up after ${row.attempts} attempts (the maximum); the last one ended when the ${lost}`;
        await this.kill(tx, row, { reason, retryable: false, classification: 'LEASE_EXPIRED' }, now);
        continue;
      }
      jobStates.assert('running', 'pending', named(row));
      await tx.exec(() =>
        this.jobs.finishAttempt(row.id, 'pending', { runAt: now, error: `LEASE_EXPIRED: ${lost}` }, now),
      );
    }
  }

  /** running → dead, with a dead letter opened through the store port in the same transaction. */
  private async kill(tx: SqliteStoreTx, row: JobRow, failure: JobFailure, now: number): Promise<FailOutcome> {
    jobStates.assert(row.state as JobState, 'dead', named(row));
    const job = toJob(row);
    const deadLetter = await tx.deadLetters.open({
      flow: job.flow,
      recordKey: job.recordKey,
      jobId: job.id,
      jobKey: job.key,
      runId: job.runId,
      payload: job.payload,
      request: failure.request,
      response: failure.response,
      reason: failure.reason,
      classification: failure.classification,
      attempts: row.attempts,
    });
    return tx.exec(() => {
      const error = `${failure.classification}: ${failure.reason}`;
      this.jobs.finishAttempt(row.id, 'dead', { error, deadLetterId: deadLetter.id }, now);
      return { outcome: 'dead' as const, job: toJob(this.jobs.byId(row.id)!), deadLetter };
    });
  }

  /**
   * Another thread opens the same file with the same settings. Not for an in-memory database (a
   * second connection would be a different, empty database) nor for an injected clock or jitter
   * source (tests' fake time would not reach the other thread).
   */
  threadSibling(): ThreadSibling | undefined {
    const conn = this.store.connection;
    if (conn.path === ':memory:' || conn.clock !== systemClock) return undefined;
    if (this.options.clock || this.options.random) return undefined;
    const options: SqliteSiblingOptions = {
      path: conn.path,
      synchronous: conn.synchronous,
      busyTimeoutMs: conn.busyTimeoutMs,
      queue: {
        backoff: this.backoff,
        maxAttempts: this.maxAttempts,
        leaseMs: this.leaseMs,
        liveBurst: this.liveBurst,
      },
    };
    return { module: new URL('./sqlite-thread-sibling.ts', import.meta.url).href, options };
  }
}

/** Opens the queue on a SQLite store's file, applying the queue's migrations. */
export function openSqliteQueue(store: SqliteStore, options: SqliteQueueOptions = {}): SqliteQueue {
  store.connection.migrate('queue', queueMigrations);
  return new SqliteQueue(store, options);
}
