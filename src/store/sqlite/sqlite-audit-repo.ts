import type { AuditFilter, AuditHead, AuditKind, AuditRecord, AuditRepo } from '../audit-repo.ts';
import { toJsonText } from '../json-column.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface AuditRow {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  system: string | null;
  entity: string | null;
  record_id: string | null;
  record_key: string | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  run_id: string | null;
  flow: string | null;
  rule: string | null;
  source_system: string | null;
  source_version: string | null;
  action: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

// JSON columns hold the JSON text of the value; SQL NULL means JSON null (the hash input uses null).
const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    kind: row.kind as AuditKind,
    actor: row.actor,
    system: row.system,
    entity: row.entity,
    recordId: row.record_id,
    recordKey: row.record_key,
    field: row.field,
    oldValue: json(row.old_value),
    newValue: json(row.new_value),
    runId: row.run_id,
    flow: row.flow,
    rule: row.rule,
    sourceSystem: row.source_system,
    sourceVersion: row.source_version,
    action: row.action,
    detail: json(row.detail),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const FILTER_COLUMNS: [keyof AuditFilter, string][] = [
  ['entity', 'entity'],
  ['recordKey', 'record_key'],
  ['field', 'field'],
  ['system', 'system'],
  ['recordId', 'record_id'],
  ['runId', 'run_id'],
  ['flow', 'flow'],
];

const COLUMNS = `seq, at, kind, actor, system, entity, record_id, record_key, field, old_value, new_value, run_id,
  flow, rule, source_system, source_version, action, detail, prev_hash, hash`;
const ROW = `(${Array.from({ length: 20 }, () => '?').join(', ')})`;
/** 20 columns × 50 rows = 1,000 bound parameters, far below SQLite's limit (32,766). */
const ROWS_PER_INSERT = 50;
const insertSqls = new Map<number, string>();
function insertSql(rows: number): string {
  let sql = insertSqls.get(rows);
  if (sql === undefined) {
    sql = `INSERT INTO audit_events (${COLUMNS}) VALUES ${Array.from({ length: rows }, () => ROW).join(', ')}`;
    insertSqls.set(rows, sql);
  }
  return sql;
}

const text = (r: AuditRecord, v: unknown, what: string) =>
  v === null || v === undefined ? null : toJsonText(v, `audit event ${r.seq} ${what}`);

/** Appends the row's 20 values to `out` (no array per row: 300,000 rows per bench run). */
function pushAuditValues(out: unknown[], r: AuditRecord): void {
  out.push(
    r.seq,
    r.at,
    r.kind,
    r.actor,
    r.system,
    r.entity,
    r.recordId,
    r.recordKey,
    r.field,
    text(r, r.oldValue, 'oldValue'),
    text(r, r.newValue, 'newValue'),
    r.runId,
    r.flow,
    r.rule,
    r.sourceSystem,
    r.sourceVersion,
    r.action,
    text(r, r.detail, 'detail'),
    r.prevHash,
    r.hash,
  );
}

export class SqliteAuditRepo implements AuditRepo {
  constructor(private readonly scope: SqliteScope) {}

  head(): Promise<AuditHead | undefined> {
    return this.scope.exec(
      () =>
        this.scope.conn.stmt('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
          | AuditHead
          | undefined,
    );
  }

  insert(r: AuditRecord): Promise<void> {
    return this.scope.exec(() => {
      const values: unknown[] = [];
      pushAuditValues(values, r);
      this.scope.conn.stmt(insertSql(1)).run(values);
    });
  }

  // Why multi-row: 100,000 records through the engine write 300,000 audit events; one INSERT of
  // up to ROWS_PER_INSERT rows instead of one per row cut the audit insert's share of CPU on
  // `npm run bench -- engine` (see the commit message for the figures).
  insertMany(records: readonly AuditRecord[]): Promise<void> {
    return this.scope.exec(() => {
      for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
        const end = Math.min(records.length, i + ROWS_PER_INSERT);
        const values: unknown[] = [];
        for (let j = i; j < end; j++) pushAuditValues(values, records[j] as AuditRecord);
        // An array binds its items as the positional parameters (no 1,000-argument spread).
        this.scope.conn.stmt(insertSql(end - i)).run(values);
      }
    });
  }

  scan(fromSeq: number, limit: number): Promise<AuditRecord[]> {
    return this.scope.exec(() =>
      (
        this.scope.conn
          .stmt('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?')
          .all(fromSeq, limit) as AuditRow[]
      ).map(toRecord),
    );
  }

  find(filter: AuditFilter): Promise<AuditRecord[]> {
    return this.scope.exec(() => {
      const clauses: string[] = [];
      const params: unknown[] = [];
      for (const [key, column] of FILTER_COLUMNS) {
        const value = filter[key];
        if (value === undefined) continue;
        clauses.push(`${column} = ?`);
        params.push(value);
      }
      const sql = `SELECT * FROM audit_events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
      return (this.scope.conn.stmt(sql).all(...params, filter.limit ?? -1) as AuditRow[]).map(toRecord);
    });
  }
}
