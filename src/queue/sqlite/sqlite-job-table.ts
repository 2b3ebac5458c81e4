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

export class SqliteJobTable {
  constructor(private readonly conn: SqliteConnection) {}

  byId(id: number): JobRow | undefined {
    return this.conn.stmt('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  byKey(key: string): JobRow | undefined {
    return this.conn.stmt('SELECT * FROM jobs WHERE job_key = ?').get(key) as JobRow | undefined;
  }

  /** Inserts unless the key exists; true if inserted. */
  insert(job: JobInsert, now: number): boolean {
    return (
      this.conn
        .stmt(
          `INSERT INTO jobs (job_key, flow, record_key, lane, run_id, payload_json, state, attempts, max_attempts,
             run_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT (job_key) DO NOTHING`,
        )
        .run(
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
        ).changes === 1
    );
  }

  /** Ids of up to `max` jobs that NEXT_READY would return in turn, in that order. */
  nextReadyIds(lane: Lane, now: number, flowsJson: string | null, max: number): number[] {
    return (this.conn.stmt(NEXT_READY_IDS).all({ lane, now, flows: flowsJson, max }) as { id: number }[]).map(
      (r) => r.id,
    );
  }

  /** pending → running, one more attempt; returns the row as updated (undefined if not pending). */
  markLeased(
    id: number,
    lease: { workerId: string; token: string; expiresAt: number },
    now: number,
  ): JobRow | undefined {
    return this.conn
      .stmt(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_token = ?,
         lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'pending' RETURNING *`,
      )
      .get(lease.workerId, lease.token, lease.expiresAt, now, id) as JobRow | undefined;
  }

  /** running → succeeded if `token` still holds the lease; false otherwise (nothing changed). */
  succeedHeld(id: number, token: string, now: number): boolean {
    return (
      this.conn
        .stmt(
          `UPDATE jobs SET state = 'succeeded', ${CLEAR_LEASE}, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_token = ?`,
        )
        .run(now, id, token).changes === 1
    );
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
