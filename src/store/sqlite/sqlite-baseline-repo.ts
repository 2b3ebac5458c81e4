import { fromJsonText, toJsonText } from '../json-column.ts';
import type { Baseline, BaselineRepo, NewBaseline, WrittenField } from '../store.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface BaselineRow {
  entity: string;
  system: string;
  record_id: string;
  flow: string;
  seen_json: string;
  seen_version: string | null;
  seen_at: string;
  written_json: string;
  updated_at: string;
}

function toBaseline(row: BaselineRow): Baseline {
  return {
    entity: row.entity,
    system: row.system,
    recordId: row.record_id,
    flow: row.flow,
    seen: fromJsonText(row.seen_json) as Record<string, unknown>,
    ...(row.seen_version === null ? {} : { seenVersion: row.seen_version }),
    seenAt: row.seen_at,
    written: fromJsonText(row.written_json) as Record<string, WrittenField>,
    updatedAt: row.updated_at,
  };
}

function toRow(b: NewBaseline, now: string): BaselineRow {
  const where = `baseline ${b.entity} ${b.system}:${b.recordId}`;
  return {
    entity: b.entity,
    system: b.system,
    record_id: b.recordId,
    flow: b.flow,
    seen_json: toJsonText(b.seen, `${where} seen`),
    seen_version: b.seenVersion ?? null,
    seen_at: b.seenAt,
    written_json: toJsonText(b.written, `${where} written`),
    updated_at: now,
  };
}

export const GET_MANY = `SELECT * FROM baselines WHERE entity = ? AND system = ?
  AND record_id IN (SELECT value FROM json_each(?))`;

const UPSERT_COLUMNS =
  'entity, system, record_id, flow, seen_json, seen_version, seen_at, written_json, updated_at';
const ON_CONFLICT = `ON CONFLICT (entity, system, record_id) DO UPDATE SET flow = excluded.flow, seen_json = excluded.seen_json,
  seen_version = excluded.seen_version, seen_at = excluded.seen_at, written_json = excluded.written_json,
  updated_at = excluded.updated_at`;
/** 9 columns × 100 rows = 900 bound parameters. */
const ROWS_PER_UPSERT = 100;
const upsertSqls = new Map<number, string>();
function upsertSql(rows: number): string {
  let sql = upsertSqls.get(rows);
  if (sql === undefined) {
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
    sql = `INSERT INTO baselines (${UPSERT_COLUMNS}) VALUES ${Array.from({ length: rows }, () => row).join(', ')} ${ON_CONFLICT}`;
    upsertSqls.set(rows, sql);
  }
  return sql;
}

export class SqliteBaselineRepo implements BaselineRepo {
  constructor(private readonly scope: SqliteScope) {}

  put(b: NewBaseline): Promise<Baseline> {
    return this.scope.exec(() => toBaseline(this.write(b, this.scope.nowIso())));
  }

  // Why: `put` reads each row back (two JSON.parse per baseline) for a result the engine's record
  // step never uses; 200,000 baselines per 100,000 records made that a few % of the bench's CPU.
  //
  // Why multi-row: one upsert statement per baseline paid the statement's fixed cost 200,000 times
  // per 100,000 bench records. Rows of one statement are applied in order, so a record appearing
  // twice in a batch ends with its later baseline, as with one statement each.
  putMany(baselines: readonly NewBaseline[]): Promise<void> {
    return this.scope.exec(() => {
      const now = this.scope.nowIso();
      for (let i = 0; i < baselines.length; i += ROWS_PER_UPSERT) {
        const end = Math.min(baselines.length, i + ROWS_PER_UPSERT);
        const values: unknown[] = [];
        for (let j = i; j < end; j++) {
          const r = toRow(baselines[j] as NewBaseline, now);
          values.push(
            r.entity,
            r.system,
            r.record_id,
            r.flow,
            r.seen_json,
            r.seen_version,
            r.seen_at,
            r.written_json,
            r.updated_at,
          );
        }
        this.scope.conn.stmt(upsertSql(end - i)).run(values);
      }
    });
  }

  private write(b: NewBaseline, now: string): BaselineRow {
    const row = toRow(b, now);
    this.scope.conn
      .stmt(
        `INSERT INTO baselines (${UPSERT_COLUMNS})
         VALUES (@entity, @system, @record_id, @flow, @seen_json, @seen_version, @seen_at, @written_json, @updated_at)
         ${ON_CONFLICT}`,
      )
      .run(row);
    return row;
  }

  get(entity: string, system: string, recordId: string): Promise<Baseline | undefined> {
    return this.scope.exec(() => {
      const row = this.scope.conn
        .stmt('SELECT * FROM baselines WHERE entity = ? AND system = ? AND record_id = ?')
        .get(entity, system, recordId) as BaselineRow | undefined;
      return row && toBaseline(row);
    });
  }

  // One cached statement whatever the number of ids (json_each), instead of preparing a statement
  // per call for its `IN (?, ?, …)` list; the planner still seeks the primary key once per id.
  getMany(entity: string, system: string, recordIds: readonly string[]): Promise<Map<string, Baseline>> {
    return this.scope.exec(() => {
      const found = new Map<string, Baseline>();
      if (recordIds.length === 0) return found;
      const rows = this.scope.conn
        .stmt(GET_MANY)
        .all(entity, system, JSON.stringify(recordIds)) as BaselineRow[];
      for (const row of rows) found.set(row.record_id, toBaseline(row));
      return found;
    });
  }
}
