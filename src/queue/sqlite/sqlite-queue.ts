/**
 * The SQLite queue: jobs in the store's own file, so a job's completion commits in the same
 * transaction as the baselines, links, cursor and audit events it produced.
 *
 * Leasing is one IMMEDIATE transaction (SQLite has one writer at a time, so two workers — in one
 * process or several — can never lease the same job): re-deliver expired leases, promote due
 * retries, then take the first due pending job of the preferred lane whose record has no earlier
 * job still in line.
 *
 * @example
 *   const store = await openSqliteStore('accord.db');
 *   const queue = openSqliteQueue(store, { maxAttempts: 8 });
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../store/clock.ts';
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
  type TxOption,
} from '../queue.ts';
import { type JobRow, toJob } from './job-row.ts';
import { queueMigrations } from './queue-migrations.ts';

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

const SELECT_NEXT = `SELECT * FROM jobs j WHERE j.lane = @lane AND j.state = 'pending' AND j.run_at <= @now
  AND (@flows IS NULL OR j.flow IN (SELECT value FROM json_each(@flows)))
  AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.flow = j.flow AND e.record_key = j.record_key AND e.id < j.id
                  AND e.state IN ('pending', 'running', 'retrying'))
  ORDER BY j.run_at, j.id LIMIT 1`;

export class SqliteQueue implements Queue {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly liveBurst: number;
  private liveStreak = 0;

  constructor(
    private readonly store: SqliteStore,
    options: SqliteQueueOptions = {},
  ) {
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
        const created = this.insert(job);
        return { job: toJob(this.rowByKey(job.key)!), created };
      }),
    );
  }

  enqueueMany(jobs: readonly NewJob[], options?: TxOption): Promise<{ created: number; existing: number }> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        let created = 0;
        for (const job of jobs) if (this.insert(job)) created += 1;
        return { created, existing: jobs.length - created };
      }),
    );
  }

  async lease(options: LeaseOptions): Promise<Lease | undefined> {
    return (await this.leaseMany({ ...options, max: 1 }))[0];
  }

  leaseMany(options: LeaseOptions & { max: number }): Promise<Lease[]> {
    return this.store.sqliteTransaction(async (tx) => {
      const now = this.clock.now();
      await this.reapExpiredLeases(tx, now);
      return tx.exec(() => {
        jobStates.assert('retrying', 'pending');
        this.sql(
          `UPDATE jobs SET state = 'pending', updated_at = ? WHERE state = 'retrying' AND run_at <= ?`,
        ).run(now, now);
        const flows = options.flows === undefined ? null : JSON.stringify(options.flows);
        const leases: Lease[] = [];
        while (leases.length < options.max) {
          const lease = this.leaseOne(options, now, flows);
          if (!lease) break;
          leases.push(lease);
        }
        return leases;
      });
    });
  }

  /** Takes the next job of the preferred lane, inside the lease transaction. */
  private leaseOne(options: LeaseOptions, now: number, flows: string | null): Lease | undefined {
    for (const lane of this.laneOrder(options.lanes)) {
      const row = this.sql(SELECT_NEXT).get({ lane, now, flows }) as JobRow | undefined;
      if (!row) continue;
      jobStates.assert(row.state as JobState, 'running', `job ${row.id} (${row.job_key})`);
      const token = randomUUID();
      const expires = now + (options.leaseMs ?? this.leaseMs);
      this.sql(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_token = ?,
         lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
      ).run(options.workerId, token, expires, now, row.id);
      this.liveStreak = lane === 'live' ? this.liveStreak + 1 : 0;
      return {
        job: toJob(this.rowById(row.id)!),
        token,
        workerId: options.workerId,
        expiresAt: iso(expires),
      };
    }
    return undefined;
  }

  heartbeat(lease: Lease, options: { leaseMs?: number | undefined } = {}): Promise<Lease> {
    return this.within(undefined, (tx) =>
      tx.exec(() => {
        this.held(lease);
        const now = this.clock.now();
        const expires = now + (options.leaseMs ?? this.leaseMs);
        this.sql('UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ?').run(
          expires,
          now,
          lease.job.id,
        );
        return { ...lease, job: toJob(this.rowById(lease.job.id)!), expiresAt: iso(expires) };
      }),
    );
  }

  complete(lease: Lease, options?: TxOption): Promise<Job> {
    return this.within(options, (tx) =>
      tx.exec(() => {
        const row = this.held(lease);
        jobStates.assert(row.state as JobState, 'succeeded', `job ${row.id} (${row.job_key})`);
        this.sql(
          `UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
           updated_at = ? WHERE id = ?`,
        ).run(this.clock.now(), row.id);
        return toJob(this.rowById(row.id)!);
      }),
    );
  }

  fail(lease: Lease, failure: JobFailure, options?: TxOption): Promise<FailOutcome> {
    return this.within(options, async (tx) => {
      const row = await tx.exec(() => this.held(lease));
      const now = this.clock.now();
      if (failure.retryable && row.attempts < row.max_attempts) {
        jobStates.assert(row.state as JobState, 'retrying', `job ${row.id} (${row.job_key})`);
        const delayMs = retryDelayMs(row.attempts, this.backoff, this.random, failure.retryAfterMs);
        return tx.exec(() => {
          this.sql(
            `UPDATE jobs SET state = 'retrying', run_at = ?, last_error = ?, lease_owner = NULL, lease_token = NULL,
             lease_expires_at = NULL, updated_at = ? WHERE id = ?`,
          ).run(now + delayMs, `${failure.classification}: ${failure.reason}`, now, row.id);
          return { outcome: 'retrying' as const, job: toJob(this.rowById(row.id)!), delayMs };
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
      const row = await tx.exec(() => this.rowById(jobId));
      if (!row) throw new RangeError(`job ${jobId} does not exist`);
      const where = `job ${row.id} (${row.job_key})`;
      if (row.state !== 'dead') {
        throw new IllegalTransition('job', row.state, 'pending', `${where}: only a dead job can be retried`, [
          'pending',
        ]);
      }
      jobStates.assert('dead', 'pending', where);
      if (row.dead_letter_id !== null) {
        const letter = await tx.deadLetters.get(row.dead_letter_id);
        if (letter?.state === 'open') await tx.deadLetters.markRetried(row.dead_letter_id, input);
      }
      return tx.exec(() => {
        const now = this.clock.now();
        this.sql(
          `UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, dead_letter_id = NULL, updated_at = ?
           WHERE id = ? AND state = 'dead'`,
        ).run(now, now, row.id);
        return toJob(this.rowById(row.id)!);
      });
    });
  }

  get(jobId: number): Promise<Job | undefined> {
    return this.store.connection.run(() => {
      const row = this.rowById(jobId);
      return row && toJob(row);
    });
  }

  getByKey(key: string): Promise<Job | undefined> {
    return this.store.connection.run(() => {
      const row = this.rowByKey(key);
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
      for (const r of this.sql('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
        state: JobState;
        n: number;
      }[]) {
        byState[r.state] = r.n;
      }
      const readyByLane: Record<Lane, number> = { live: 0, bulk: 0 };
      const now = this.clock.now();
      for (const r of this.sql(
        `SELECT lane, COUNT(*) AS n FROM jobs WHERE state = 'pending' AND run_at <= ? GROUP BY lane`,
      ).all(now) as { lane: Lane; n: number }[]) {
        readyByLane[r.lane] = r.n;
      }
      return { byState, readyByLane };
    });
  }

  purgeSucceeded(before: string): Promise<number> {
    return this.store.connection.run(
      () =>
        this.sql(`DELETE FROM jobs WHERE state = 'succeeded' AND updated_at < ?`).run(Date.parse(before))
          .changes,
    );
  }

  // ------------------------------------------------------------------ internals

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

  private sql(text: string) {
    return this.store.connection.stmt(text);
  }

  private rowById(id: number): JobRow | undefined {
    return this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  private rowByKey(key: string): JobRow | undefined {
    return this.sql('SELECT * FROM jobs WHERE job_key = ?').get(key) as JobRow | undefined;
  }

  /** Inserts a job unless its key exists; true if inserted. */
  private insert(job: NewJob): boolean {
    const where = `job ${JSON.stringify(job.key)} (flow ${job.flow}, record ${job.recordKey})`;
    if (!job.key || !job.flow || !job.recordKey)
      throw new RangeError(`${where}: key, flow and recordKey are required`);
    const lane = job.lane ?? 'live';
    if (!LANES.includes(lane))
      throw new RangeError(`${where}: lane must be one of ${LANES.join(', ')}, got ${lane}`);
    const maxAttempts = job.maxAttempts ?? this.maxAttempts;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`${where}: maxAttempts must be a whole number ≥ 1, got ${maxAttempts}`);
    }
    const now = this.clock.now();
    const runAt = job.runAt === undefined ? now : Date.parse(job.runAt);
    if (Number.isNaN(runAt))
      throw new RangeError(`${where}: runAt "${job.runAt}" is not an ISO-8601 instant`);
    const result = this.sql(
      `INSERT INTO jobs (job_key, flow, record_key, lane, run_id, payload_json, state, attempts, max_attempts, run_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT (job_key) DO NOTHING`,
    ).run(
      job.key,
      job.flow,
      job.recordKey,
      lane,
      job.runId ?? null,
      toJsonText(job.payload, `${where} payload`),
      maxAttempts,
      runAt,
      now,
      now,
    );
    return result.changes === 1;
  }

  /** The row, if `lease` still holds it; throws LeaseLost otherwise. */
  private held(lease: Lease): JobRow {
    const row = this.rowById(lease.job.id);
    if (!row) throw new LeaseLost(lease.job.id, lease.job.key, 'the job no longer exists');
    if (row.state !== 'running' || row.lease_token !== lease.token) {
      throw new LeaseLost(
        row.id,
        row.job_key,
        `it is ${row.state}${row.lease_owner ? `, leased by ${row.lease_owner}` : ''}`,
      );
    }
    return row;
  }

  private laneOrder(allowed: readonly Lane[] | undefined): Lane[] {
    const order: Lane[] = this.liveStreak >= this.liveBurst ? ['bulk', 'live'] : ['live', 'bulk'];
    return allowed === undefined ? order : order.filter((l) => allowed.includes(l));
  }

  /** Re-delivers jobs whose worker stopped renewing its lease, or kills them when out of attempts. */
  private async reapExpiredLeases(tx: SqliteStoreTx, now: number): Promise<void> {
    const expired = await tx.exec(
      () =>
        this.sql(`SELECT * FROM jobs WHERE state = 'running' AND lease_expires_at <= ?`).all(now) as JobRow[],
    );
    for (const row of expired) {
      const lost = `lease of worker ${row.lease_owner ?? '?'} expired at ${iso(row.lease_expires_at ?? now)} (the worker crashed, hung or was stopped)`;
      if (row.attempts >= row.max_attempts) {
        await this.kill(
          tx,
          row,
          {
            reason: `gave up after ${row.attempts} attempts (the maximum); the last one ended when the ${lost}`,
            retryable: false,
            classification: 'LEASE_EXPIRED',
          },
          now,
        );
        continue;
      }
      jobStates.assert('running', 'pending', `job ${row.id} (${row.job_key})`);
      await tx.exec(() =>
        this.sql(
          `UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?, lease_owner = NULL, lease_token = NULL,
           lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state = 'running'`,
        ).run(now, `LEASE_EXPIRED: ${lost}`, now, row.id),
      );
    }
  }

  /** running → dead, with a dead letter opened through the store port in the same transaction. */
  private async kill(tx: SqliteStoreTx, row: JobRow, failure: JobFailure, now: number): Promise<FailOutcome> {
    jobStates.assert(row.state as JobState, 'dead', `job ${row.id} (${row.job_key})`);
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
      this.sql(
        `UPDATE jobs SET state = 'dead', dead_letter_id = ?, last_error = ?, lease_owner = NULL, lease_token = NULL,
         lease_expires_at = NULL, updated_at = ? WHERE id = ?`,
      ).run(deadLetter.id, `${failure.classification}: ${failure.reason}`, now, row.id);
      return { outcome: 'dead' as const, job: toJob(this.rowById(row.id)!), deadLetter };
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Opens the queue on a SQLite store's file, applying the queue's migrations. */
export function openSqliteQueue(store: SqliteStore, options: SqliteQueueOptions = {}): SqliteQueue {
  store.connection.migrate('queue', queueMigrations);
  return new SqliteQueue(store, options);
}
