/**
 * The alert de-duplication table, kept in the store's SQLite file under its own migration component
 * (`alerts`), as the queue does: the store's own migrations stay untouched. Never edit a released
 * migration: add the next number.
 */
import type { Migration } from '../../store/sqlite/sqlite-connection.ts';

export const alertMigrations: readonly Migration[] = [
  {
    version: 1,
    name: '001_alert_groups',
    sql: `
CREATE TABLE alert_groups (
  flow TEXT NOT NULL, kind TEXT NOT NULL, fingerprint TEXT NOT NULL,
  window_start INTEGER NOT NULL, unsent INTEGER NOT NULL CHECK (unsent >= 0),
  total INTEGER NOT NULL CHECK (total >= 0), sample_json TEXT NOT NULL, last_event_at INTEGER NOT NULL,
  PRIMARY KEY (flow, kind, fingerprint)
);
CREATE INDEX alert_groups_held_back ON alert_groups (window_start) WHERE unsent > 0;
`,
  },
];
