/**
 * Migrations of the reconciliation history (component `reconcile` in `schema_migrations`), kept
 * apart from the store's own numbered list so the two never compete for a version number. Never
 * edit a released migration: add the next number.
 */
import type { Migration } from './sqlite-connection.ts';

export const reconcileMigrations: readonly Migration[] = [
  {
    version: 1,
    name: '001_reconcile_runs',
    sql: `
CREATE TABLE reconcile_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  contract TEXT NOT NULL, rule TEXT NOT NULL, period TEXT,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
  agree INTEGER NOT NULL CHECK (agree IN (0, 1)),
  source_system TEXT NOT NULL, source_records INTEGER NOT NULL CHECK (source_records >= 0),
  target_system TEXT NOT NULL, target_records INTEGER NOT NULL CHECK (target_records >= 0),
  findings INTEGER NOT NULL CHECK (findings >= 0),
  counts_json TEXT NOT NULL, summary TEXT NOT NULL, groups_json TEXT NOT NULL, findings_json TEXT NOT NULL
);
CREATE INDEX reconcile_runs_by_rule ON reconcile_runs (contract, rule, started_at);
`,
  },
];
