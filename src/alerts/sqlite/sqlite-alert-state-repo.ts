/**
 * Alert de-duplication state in the store's SQLite file.
 *
 * @example
 *   const store = await openSqliteStore('accord.db');
 *   const alertState = openSqliteAlertState(store);
 */
import { fromJsonText, toJsonText } from '../../store/json-column.ts';
import type { SqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { AlertGroup, AlertGroupKey, GroupStep } from '../alert-group.ts';
import type { AlertStateRepo } from '../alert-state-repo.ts';
import { alertMigrations } from './alert-migrations.ts';

interface AlertGroupRow {
  flow: string;
  kind: string;
  fingerprint: string;
  window_start: number;
  unsent: number;
  total: number;
  sample_json: string;
  last_event_at: number;
}

const toGroup = (row: AlertGroupRow): AlertGroup => ({
  flow: row.flow,
  kind: row.kind,
  fingerprint: row.fingerprint,
  windowStart: row.window_start,
  unsent: row.unsent,
  total: row.total,
  sample: fromJsonText(row.sample_json),
  lastEventAt: row.last_event_at,
});

const SELECT = 'SELECT * FROM alert_groups WHERE flow = ? AND kind = ? AND fingerprint = ?';
const UPSERT = `INSERT INTO alert_groups (flow, kind, fingerprint, window_start, unsent, total, sample_json, last_event_at)
  VALUES (@flow, @kind, @fingerprint, @windowStart, @unsent, @total, @sample, @lastEventAt)
  ON CONFLICT (flow, kind, fingerprint) DO UPDATE SET window_start = excluded.window_start,
  unsent = excluded.unsent, total = excluded.total, sample_json = excluded.sample_json,
  last_event_at = excluded.last_event_at`;

export class SqliteAlertStateRepo implements AlertStateRepo {
  constructor(private readonly store: SqliteStore) {}

  update(key: AlertGroupKey, step: (current: AlertGroup | undefined) => GroupStep): Promise<GroupStep> {
    // One IMMEDIATE transaction: read, decide, write — other processes wait on the write lock.
    return this.store.sqliteTransaction((tx) =>
      tx.exec(() => {
        const row = this.store.connection.stmt(SELECT).get(key.flow, key.kind, key.fingerprint) as
          | AlertGroupRow
          | undefined;
        const result = step(row && toGroup(row));
        const g = result.group;
        this.store.connection.stmt(UPSERT).run({
          flow: g.flow,
          kind: g.kind,
          fingerprint: g.fingerprint,
          windowStart: g.windowStart,
          unsent: g.unsent,
          total: g.total,
          sample: toJsonText(g.sample, `alert group ${g.flow}/${g.kind}/${g.fingerprint}`),
          lastEventAt: g.lastEventAt,
        });
        return result;
      }),
    );
  }

  get(key: AlertGroupKey): Promise<AlertGroup | undefined> {
    return this.store.connection.run(() => {
      const row = this.store.connection.stmt(SELECT).get(key.flow, key.kind, key.fingerprint) as
        | AlertGroupRow
        | undefined;
      return row && toGroup(row);
    });
  }

  listHeldBack(): Promise<AlertGroup[]> {
    return this.store.connection.run(() =>
      (
        this.store.connection
          .stmt('SELECT * FROM alert_groups WHERE unsent > 0 ORDER BY window_start')
          .all() as AlertGroupRow[]
      ).map(toGroup),
    );
  }
}

/** Applies the `alerts` migrations to the store's file and returns the repo. */
export function openSqliteAlertState(store: SqliteStore): SqliteAlertStateRepo {
  store.connection.migrate('alerts', alertMigrations);
  return new SqliteAlertStateRepo(store);
}
