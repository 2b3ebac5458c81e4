/**
 * The `jobs` table's statements, and nothing else: which state change is allowed, and when, is
 * decided by `SqliteQueue` (policy); this class only reads and writes rows. Every write names the
 * state it expects to leave (`WHERE state = …`) so a row that moved meanwhile is never clobbered.
 */
import type { SqliteConnection } from '../../store/sqlite/sqlite-connection.ts';
import type { JobState } from '../job-states.ts';
import type { Lane } from '../queue.ts';
import type { JobRow } from './job-row.ts';

/** A new row's values (times in epoch ms). */
export interface JobInsert {
  key: string;
  flow: string;
  recordKey: string;
  lane: Lane;
  runId: string | null;
  payloadJson: string;
  maxAttempts: number;
  runAt: number;
}

// The next jobs a worker may take, in order: due, pending, of the lane (and flows) asked for, and
// first in line for its record — no earlier job of the same (flow, record_key) still pending,
// running or retrying. Plan: jobs_ready range scan, then one jobs_in_line probe per candidate.
// The first `max` at once: leasing one never makes another eligible (it stays in line as
// running), so this is what one-at-a-time leasing would take. Why: one query per batch instead of
// one per job; with markLeased's RETURNING the lease transaction went from 3 statements per job
// (select, update, read back) to 1 plus 1 per batch.
export const NEXT_READY_IDS = `SELECT j.id FROM jobs j WHERE j.lane = @lane AND j.state = 'pending' AND j.run_at <= @now
  AND (@flows IS NULL OR j.flow IN (SELECT value FROM json_each(@flows)))
  AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.flow = j.flow AND e.record_key = j.record_key AND e.id < j.id
                  AND e.state IN ('pending', 'running', 'retrying'))
  ORDER BY j.run_at, j.id LIMIT @max`;

const CLEAR_LEASE = 'lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL';

/** 10 parameters × 100 rows = 1,000 bound parameters, far below SQLite's limit (32,766). */
const ROWS_PER_INSERT = 100;
const insertSqls = new Map<number, string>();
function insertSql(rows: number): string {
  let sql = insertSqls.get(rows);
  if (sql === undefined) {
    const row = "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)";
    sql = `INSERT INTO jobs (job_key, flow, record_key, lane, run_id, payload_json, state, attempts, max_attempts,
             run_at, created_at, updated_at)
           VALUES ${Array.from({ length: rows }, () => row).join(', ')} ON CONFLICT (job_key) DO NOTHING`;
    insertSqls.set(rows, sql);
  }
  return sql;
}

// running → succeeded for a batch of (id, token) pairs given as a JSON array. The unary `+` on
// `jobs.state` keeps the planner off the jobs_leases index: with it, SQLite walked every running
// job and scanned the whole batch for each (quadratic: 100,000 records took 4× the CPU); without,
// it reads the batch once and finds each job by primary key (sqlite-queue-batch.test.ts checks).
export const SUCCEED_HELD_MANY = `UPDATE jobs SET state = 'succeeded', ${CLEAR_LEASE}, updated_at = @now
  FROM (SELECT value ->> 0 AS id, value ->> 1 AS token FROM json_each(@leases)) AS held
  WHERE jobs.id = held.id AND +jobs.state = 'running' AND jobs.lease_token = held.token
  RETURNING jobs.id`;

// The lease: RETURNING only the columns the UPDATE did not just set, as arrays (`raw`); the row is
// completed in JS from the values bound. Why: better-sqlite3 building an 18-property object per
// row was half the statement's cost — 500-job batches, 50,000 jobs: 6.5 → 4.5 CPU µs per job.
// The lease token is computed in SQL and in JS the same way (`prefix:id`).
const MARK_LEASED_MANY = `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner,
  lease_token = @prefix || ':' || id, lease_expires_at = @expires, updated_at = @now
  WHERE id IN (SELECT value FROM json_each(@ids)) AND state = 'pending'
  RETURNING id, job_key, flow, record_key, lane, run_id, payload_json, attempts, max_attempts, run_at,
    last_error, dead_letter_id, created_at`;
type LeasedColumns = [
  id: number,
  jobKey: string,
  flow: string,
  recordKey: string,
  lane: string,
  runId: string | null,
  payloadJson: string,
  attempts: number,
  maxAttempts: number,
  runAt: number,
  lastError: string | null,
  deadLetterId: number | null,
  createdAt: number,
];

export class SqliteJobTable {
  constructor(private readonly conn: SqliteConnection) {}

  byId(id: number): JobRow | undefined {
    return this.conn.stmt('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  byKey(key: string): JobRow | undefined {
    return this.conn.stmt('SELECT * FROM jobs WHERE job_key = ?').get(key) as JobRow | undefined;
  }

  /**
   * Inserts each job whose key does not exist yet, in order (a key repeated in `jobs` is inserted
   * once); returns how many were inserted. Why multi-row: capture enqueues a page at a time, and
   * one statement per job paid its fixed cost 100,000 times per 100,000 bench records.
   */
  insertMany(jobs: readonly JobInsert[], now: number): number {
    let inserted = 0;
    for (let i = 0; i < jobs.length; i += ROWS_PER_INSERT) {
      const end = Math.min(jobs.length, i + ROWS_PER_INSERT);
      const values: unknown[] = [];
      for (let j = i; j < end; j++) {
        const job = jobs[j] as JobInsert;
        values.push(
          job.key,
          job.flow,
          job.recordKey,
          job.lane,
          job.runId,
          job.payloadJson,
          job.maxAttempts,
          job.runAt,
          now,
          now,
        );
      }
      inserted += this.conn.stmt(insertSql(end - i)).run(values).changes;
    }
    return inserted;
  }

  /** Inserts unless the key exists; true if inserted. */
  insert(job: JobInsert, now: number): boolean {
    return this.insertMany([job], now) === 1;
  }

  /** Ids of up to `max` jobs that NEXT_READY would return in turn, in that order. */
  nextReadyIds(lane: Lane, now: number, flowsJson: string | null, max: number): number[] {
    return (this.conn.stmt(NEXT_READY_IDS).all({ lane, now, flows: flowsJson, max }) as { id: number }[]).map(
      (r) => r.id,
    );
  }

  /**
   * pending → running, one more attempt, for every id given that is still pending; each job's
   * lease token is `tokenPrefix:id` (unique per lease: the prefix is random per batch). Returns the
   * rows as updated, in no particular order.
   *
   * Why one statement for the batch: one UPDATE … RETURNING per job was ~9 % of
   * `npm run bench -- engine`'s CPU (100,000 jobs); a batch through json_each pays the statement's
   * fixed cost once. The rows and index entries touched are the same.
   */
  markLeasedMany(
    ids: readonly number[],
    lease: { workerId: string; tokenPrefix: string; expiresAt: number },
    now: number,
  ): JobRow[] {
    if (ids.length === 0) return [];
    const rows = this.conn
      .stmt(MARK_LEASED_MANY)
      .raw(true)
      .all({
        owner: lease.workerId,
        prefix: lease.tokenPrefix,
        expires: lease.expiresAt,
        now,
        ids: JSON.stringify(ids),
      }) as LeasedColumns[];
    const leased: JobRow[] = [];
    for (const r of rows) {
      leased.push({
        id: r[0],
        job_key: r[1],
        flow: r[2],
        record_key: r[3],
        lane: r[4],
        run_id: r[5],
        payload_json: r[6],
        state: 'running',
        attempts: r[7],
        max_attempts: r[8],
        run_at: r[9],
        lease_owner: lease.workerId,
        lease_token: `${lease.tokenPrefix}:${r[0]}`,
        lease_expires_at: lease.expiresAt,
        last_error: r[10],
        dead_letter_id: r[11],
        created_at: r[12],
        updated_at: now,
      });
    }
    return leased;
  }

  /**
   * running → succeeded for each (id, token) whose token still holds the lease, in one statement;
   * returns the ids completed (the others changed nothing).
   */
  succeedHeldMany(leases: readonly { id: number; token: string }[], now: number): Set<number> {
    if (leases.length === 0) return new Set();
    const rows = this.conn
      .stmt(SUCCEED_HELD_MANY)
      .all({ now, leases: JSON.stringify(leases.map((l) => [l.id, l.token])) }) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  expiredLeases(now: number): JobRow[] {
    return this.conn
      .stmt(`SELECT * FROM jobs WHERE state = 'running' AND lease_expires_at <= ?`)
      .all(now) as JobRow[];
  }

  /** retrying → pending for every job whose backoff has elapsed. */
  promoteDueRetries(now: number): void {
    this.conn
      .stmt(`UPDATE jobs SET state = 'pending', updated_at = ? WHERE state = 'retrying' AND run_at <= ?`)
      .run(now, now);
  }

  extendLease(id: number, expiresAt: number, now: number): void {
    this.conn
      .stmt(`UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'running'`)
      .run(expiresAt, now, id);
  }

  /** Extends the lease if `token` still holds it; false otherwise (nothing changed). */
  extendHeld(id: number, token: string, expiresAt: number, now: number): boolean {
    return (
      this.conn
        .stmt(
          `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_token = ?`,
        )
        .run(expiresAt, now, id, token).changes === 1
    );
  }

  /** running → succeeded | retrying | pending (lease expired) | dead. */
  finishAttempt(
    id: number,
    to: Exclude<JobState, 'running'>,
    change: { runAt?: number; error?: string; deadLetterId?: number },
    now: number,
  ): void {
    this.conn
      .stmt(
        `UPDATE jobs SET state = @to, run_at = COALESCE(@runAt, run_at), last_error = COALESCE(@error, last_error),
         dead_letter_id = COALESCE(@deadLetterId, dead_letter_id), ${CLEAR_LEASE}, updated_at = @now
         WHERE id = @id AND state = 'running'`,
      )
      .run({
        id,
        to,
        now,
        runAt: change.runAt ?? null,
        error: change.error ?? null,
        deadLetterId: change.deadLetterId ?? null,
      });
  }

  /** dead → pending with fresh attempts (operator replay). */
  replay(id: number, now: number): void {
    this.conn
      .stmt(
        `UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, dead_letter_id = NULL, updated_at = ?
         WHERE id = ? AND state = 'dead'`,
      )
      .run(now, now, id);
  }

  countByState(): { state: JobState; n: number }[] {
    return this.conn.stmt('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[];
  }

  readyByLane(now: number): { lane: Lane; n: number }[] {
    return this.conn
      .stmt(`SELECT lane, COUNT(*) AS n FROM jobs WHERE state = 'pending' AND run_at <= ? GROUP BY lane`)
      .all(now) as { lane: Lane; n: number }[];
  }

  purgeSucceeded(beforeMs: number): number {
    return this.conn.stmt(`DELETE FROM jobs WHERE state = 'succeeded' AND updated_at < ?`).run(beforeMs)
      .changes;
  }
}
