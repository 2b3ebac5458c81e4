/**
 * The queue's numbered migrations (component `queue` in `schema_migrations`), in the same file as
 * the store so a job's completion commits with the store writes it belongs to.
 */
import type { Migration } from '../../store/sqlite/sqlite-connection.ts';

export const queueMigrations: readonly Migration[] = [
  {
    version: 1,
    name: '001_jobs',
    sql: `
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_key TEXT NOT NULL UNIQUE,
  flow TEXT NOT NULL, record_key TEXT NOT NULL,
  lane TEXT NOT NULL CHECK (lane IN ('live', 'bulk')),
  run_id TEXT, payload_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'retrying', 'succeeded', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_at INTEGER NOT NULL,
  lease_owner TEXT, lease_token TEXT, lease_expires_at INTEGER,
  last_error TEXT, dead_letter_id INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
-- The lease query: due pending jobs of a lane in (run_at, id) order.
CREATE INDEX jobs_ready ON jobs (lane, state, run_at, id);
-- Per-record ordering: is an earlier job of the same record still in line?
CREATE INDEX jobs_in_line ON jobs (flow, record_key, id) WHERE state IN ('pending', 'running', 'retrying');
CREATE INDEX jobs_leases ON jobs (state, lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_retrying ON jobs (state, run_at) WHERE state = 'retrying';
`,
  },
  {
    version: 2,
    name: '002_jobs_ready_pending_only',
    // Why: the lease query only ever reads PENDING jobs, but jobs_ready indexed every state, so
    // each job's lease (pending → running) and completion (running → succeeded) moved its entry,
    // and succeeded jobs piled up in it. Partial on pending, an entry is written once at enqueue
    // and removed once at lease. Plan unchanged (range scan in run_at, id order; see
    // sqlite-queue.integration.test.ts, which checks it with EXPLAIN QUERY PLAN).
    sql: `
DROP INDEX jobs_ready;
CREATE INDEX jobs_ready ON jobs (lane, run_at, id) WHERE state = 'pending';
`,
  },
];
