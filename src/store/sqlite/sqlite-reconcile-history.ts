/**
 * Reconciliation history in the store's SQLite file: one row per run (see reconcile-migrations.ts).
 *
 * @example
 *   const store = await openSqliteStore('accord.db');
 *   const history = SqliteReconcileHistory.open(store.connection);
 *   await history.record(result);
 */
import {
  HISTORY_FINDINGS_KEPT,
  type ReconcileHistory,
  type ReconcileHistoryEntry,
} from '../../reconcile/reconcile-history.ts';
import type { ReconcileResult } from '../../reconcile/reconcile-result.ts';
import { fromJsonText, toJsonText } from '../json-column.ts';
import { reconcileMigrations } from './reconcile-migrations.ts';
import type { SqliteConnection } from './sqlite-connection.ts';

interface RunRow {
  id: number;
  contract: string;
  rule: string;
  period: string | null;
  started_at: string;
  finished_at: string;
  agree: number;
  source_system: string;
  source_records: number;
  target_system: string;
  target_records: number;
  findings: number;
  counts_json: string;
  summary: string;
  groups_json: string;
  findings_json: string;
}

function toEntry(row: RunRow): ReconcileHistoryEntry {
  return {
    id: row.id,
    contract: row.contract,
    rule: row.rule,
    ...(row.period === null ? {} : { period: row.period }),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    agree: row.agree === 1,
    sourceSystem: row.source_system,
    sourceRecords: row.source_records,
    targetSystem: row.target_system,
    targetRecords: row.target_records,
    findings: row.findings,
    counts: fromJsonText(row.counts_json) as ReconcileHistoryEntry['counts'],
    summary: row.summary,
    groups: fromJsonText(row.groups_json) as ReconcileHistoryEntry['groups'],
    sampleFindings: fromJsonText(row.findings_json) as ReconcileHistoryEntry['sampleFindings'],
  };
}

export class SqliteReconcileHistory implements ReconcileHistory {
  private constructor(private readonly conn: SqliteConnection) {}

  /** Applies the history's migrations to the connection's file, then returns the repo. */
  static open(conn: SqliteConnection): SqliteReconcileHistory {
    conn.migrate('reconcile', reconcileMigrations);
    return new SqliteReconcileHistory(conn);
  }

  record(result: ReconcileResult): Promise<ReconcileHistoryEntry> {
    return this.conn.run(() => {
      const r = this.conn
        .stmt(
          `INSERT INTO reconcile_runs (contract, rule, period, started_at, finished_at, agree, source_system,
             source_records, target_system, target_records, findings, counts_json, summary, groups_json, findings_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          result.contract,
          result.rule,
          result.period ?? null,
          result.startedAt,
          result.finishedAt,
          result.agree ? 1 : 0,
          result.source.system,
          result.source.records,
          result.target.system,
          result.target.records,
          result.findings.length,
          toJsonText(result.counts, 'reconcile counts'),
          result.summary,
          toJsonText(result.groups, 'reconcile groups'),
          toJsonText(result.findings.slice(0, HISTORY_FINDINGS_KEPT), 'reconcile findings'),
        );
      return toEntry(
        this.conn.stmt('SELECT * FROM reconcile_runs WHERE id = ?').get(Number(r.lastInsertRowid)) as RunRow,
      );
    });
  }

  list(
    query: { contract?: string | undefined; rule?: string | undefined; limit?: number | undefined } = {},
  ): Promise<ReconcileHistoryEntry[]> {
    return this.conn.run(() => {
      const rows = this.conn
        .stmt(
          `SELECT * FROM reconcile_runs WHERE (? IS NULL OR contract = ?) AND (? IS NULL OR rule = ?)
           ORDER BY started_at DESC, id DESC LIMIT ?`,
        )
        .all(
          query.contract ?? null,
          query.contract ?? null,
          query.rule ?? null,
          query.rule ?? null,
          query.limit ?? 20,
        ) as RunRow[];
      return rows.map(toEntry);
    });
  }
}
