/**
 * The store's numbered migrations, applied at open and recorded in `schema_migrations`
 * (component `store`). Never edit a released migration: add the next number.
 *
 * Column names are the ones the PostgreSQL implementation uses too, so the contract suite's few
 * raw-SQL checks run on both.
 */
import type { Migration } from './sqlite-connection.ts';

export const storeMigrations: readonly Migration[] = [
  {
    version: 1,
    name: '001_initial',
    sql: `
CREATE TABLE links (
  entity TEXT NOT NULL, flow TEXT NOT NULL,
  system_a TEXT NOT NULL, id_a TEXT NOT NULL, system_b TEXT NOT NULL, id_b TEXT NOT NULL,
  matched_by TEXT NOT NULL, match_key TEXT, linked_at TEXT NOT NULL,
  PRIMARY KEY (entity, system_a, id_a, system_b),
  UNIQUE (entity, system_b, id_b, system_a),
  CHECK (system_a < system_b)
);
CREATE TABLE baselines (
  entity TEXT NOT NULL, system TEXT NOT NULL, record_id TEXT NOT NULL, flow TEXT NOT NULL,
  seen_json TEXT NOT NULL, seen_version TEXT, seen_at TEXT NOT NULL,
  written_json TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (entity, system, record_id)
);
CREATE TABLE cursors (
  flow TEXT NOT NULL, system TEXT NOT NULL, object_type TEXT NOT NULL,
  modified_at TEXT NOT NULL, record_id TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (flow, system, object_type)
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY, flow TEXT NOT NULL, status TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT,
  captured INTEGER NOT NULL DEFAULT 0 CHECK (captured >= 0),
  written INTEGER NOT NULL DEFAULT 0 CHECK (written >= 0),
  unchanged INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
  echoes INTEGER NOT NULL DEFAULT 0 CHECK (echoes >= 0),
  dead_lettered INTEGER NOT NULL DEFAULT 0 CHECK (dead_lettered >= 0),
  in_review INTEGER NOT NULL DEFAULT 0 CHECK (in_review >= 0),
  pending INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
  balanced INTEGER, note TEXT
);
CREATE INDEX runs_by_flow ON runs (flow, started_at);
CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  flow TEXT NOT NULL, record_key TEXT NOT NULL, job_id INTEGER, job_key TEXT, run_id TEXT,
  payload_json TEXT NOT NULL, request_json TEXT, response_json TEXT,
  reason TEXT NOT NULL, classification TEXT NOT NULL, attempts INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'retried', 'resolved')),
  resolution_reason TEXT, resolved_by TEXT, resolved_at TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX dead_letters_by_state ON dead_letters (state, flow, id);
CREATE TABLE review_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('ambiguous-match', 'conflict', 'unknown-enum')),
  flow TEXT NOT NULL, entity TEXT NOT NULL, record_key TEXT NOT NULL, field TEXT NOT NULL DEFAULT '',
  candidates_json TEXT NOT NULL, detail_json TEXT, run_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('open', 'decided')),
  decision_json TEXT, decided_by TEXT, decided_at TEXT, created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX review_items_one_open ON review_items (kind, flow, entity, record_key, field) WHERE state = 'open';
CREATE INDEX review_items_by_state ON review_items (state, flow, id);
CREATE TABLE schema_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT, system TEXT NOT NULL, taken_at TEXT NOT NULL,
  schema_json TEXT NOT NULL, approved INTEGER NOT NULL DEFAULT 0, approved_by TEXT, approved_at TEXT
);
CREATE INDEX schema_snapshots_by_system ON schema_snapshots (system, taken_at);
CREATE TABLE flow_state (
  flow TEXT PRIMARY KEY, paused INTEGER NOT NULL, reason TEXT, updated_by TEXT, updated_at TEXT
);
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
  system TEXT, entity TEXT, record_id TEXT, record_key TEXT, field TEXT,
  old_value TEXT, new_value TEXT, run_id TEXT, flow TEXT, rule TEXT,
  source_system TEXT, source_version TEXT, action TEXT, detail TEXT,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX audit_by_key ON audit_events (entity, record_key, field, seq);
CREATE INDEX audit_by_record ON audit_events (system, record_id, seq);
CREATE INDEX audit_by_run ON audit_events (run_id, seq);
-- Append-only: the application never updates or deletes an audit row. Someone with the file can
-- still drop these triggers; the hash chain is what detects that.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
`,
  },
  {
    version: 2,
    name: '002_deletions',
    // A source deletion is counted (`deleted`: propagated to the target) or flagged (a `deletion`
    // review item). SQLite cannot alter a CHECK constraint, so review_items is rebuilt.
    sql: `
ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted >= 0);
CREATE TABLE review_items_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('ambiguous-match', 'conflict', 'unknown-enum', 'deletion')),
  flow TEXT NOT NULL, entity TEXT NOT NULL, record_key TEXT NOT NULL, field TEXT NOT NULL DEFAULT '',
  candidates_json TEXT NOT NULL, detail_json TEXT, run_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('open', 'decided')),
  decision_json TEXT, decided_by TEXT, decided_at TEXT, created_at TEXT NOT NULL
);
INSERT INTO review_items_v2 (id, kind, flow, entity, record_key, field, candidates_json, detail_json,
  run_id, state, decision_json, decided_by, decided_at, created_at)
  SELECT id, kind, flow, entity, record_key, field, candidates_json, detail_json,
  run_id, state, decision_json, decided_by, decided_at, created_at FROM review_items;
DROP TABLE review_items;
ALTER TABLE review_items_v2 RENAME TO review_items;
CREATE UNIQUE INDEX review_items_one_open ON review_items (kind, flow, entity, record_key, field) WHERE state = 'open';
CREATE INDEX review_items_by_state ON review_items (state, flow, id);
`,
  },
  {
    version: 3,
    name: '003_baselines_per_flow',
    // Baselines are kept per (record, flow): two flows over one record each keep what they saw and
    // wrote there (see `BaselineKey` in store.ts). SQLite cannot alter a primary key, so the table
    // is rebuilt; every row is kept under the flow that wrote it (its `flow` column).
    sql: `
CREATE TABLE baselines_v3 (
  entity TEXT NOT NULL, system TEXT NOT NULL, record_id TEXT NOT NULL, flow TEXT NOT NULL,
  seen_json TEXT NOT NULL, seen_version TEXT, seen_at TEXT NOT NULL,
  written_json TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (entity, system, record_id, flow)
);
INSERT INTO baselines_v3 (entity, system, record_id, flow, seen_json, seen_version, seen_at, written_json, updated_at)
  SELECT entity, system, record_id, flow, seen_json, seen_version, seen_at, written_json, updated_at FROM baselines;
DROP TABLE baselines;
ALTER TABLE baselines_v3 RENAME TO baselines;
`,
  },
];
