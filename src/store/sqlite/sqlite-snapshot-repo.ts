import { fromJsonText, toJsonText } from '../json-column.ts';
import type { SchemaSnapshot, SchemaSnapshotRepo } from '../store.ts';
import { StoreNotFound } from '../store.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface SnapshotRow {
  id: number;
  system: string;
  taken_at: string;
  schema_json: string;
  approved: number;
  approved_by: string | null;
  approved_at: string | null;
}

function toSnapshot(row: SnapshotRow): SchemaSnapshot {
  return {
    id: row.id,
    system: row.system,
    takenAt: row.taken_at,
    schema: fromJsonText(row.schema_json),
    approved: row.approved === 1,
    ...(row.approved_by === null ? {} : { approvedBy: row.approved_by }),
    ...(row.approved_at === null ? {} : { approvedAt: row.approved_at }),
  };
}

export class SqliteSnapshotRepo implements SchemaSnapshotRepo {
  constructor(private readonly scope: SqliteScope) {}

  add(input: { system: string; schema: unknown; takenAt?: string | undefined }): Promise<SchemaSnapshot> {
    return this.scope.exec(() => {
      const r = this.scope.conn
        .stmt('INSERT INTO schema_snapshots (system, taken_at, schema_json, approved) VALUES (?, ?, ?, 0)')
        .run(
          input.system,
          input.takenAt ?? this.scope.nowIso(),
          toJsonText(input.schema, `schema snapshot of ${input.system}`),
        );
      return this.read(Number(r.lastInsertRowid));
    });
  }

  latest(
    system: string,
    options: { approvedOnly?: boolean | undefined } = {},
  ): Promise<SchemaSnapshot | undefined> {
    return this.scope.exec(() => {
      const row = this.scope.conn
        .stmt(
          `SELECT * FROM schema_snapshots WHERE system = ? AND (? = 0 OR approved = 1)
           ORDER BY taken_at DESC, id DESC LIMIT 1`,
        )
        .get(system, options.approvedOnly ? 1 : 0) as SnapshotRow | undefined;
      return row && toSnapshot(row);
    });
  }

  approve(id: number, by: string): Promise<SchemaSnapshot> {
    return this.scope.exec(() => {
      const r = this.scope.conn
        .stmt('UPDATE schema_snapshots SET approved = 1, approved_by = ?, approved_at = ? WHERE id = ?')
        .run(by, this.scope.nowIso(), id);
      if (r.changes === 0) throw new StoreNotFound(`schema snapshot ${id} does not exist`);
      return this.read(id);
    });
  }

  list(system: string): Promise<SchemaSnapshot[]> {
    return this.scope.exec(() =>
      (
        this.scope.conn
          .stmt('SELECT * FROM schema_snapshots WHERE system = ? ORDER BY taken_at DESC, id DESC')
          .all(system) as SnapshotRow[]
      ).map(toSnapshot),
    );
  }

  private read(id: number): SchemaSnapshot {
    const row = this.scope.conn.stmt('SELECT * FROM schema_snapshots WHERE id = ?').get(id) as
      | SnapshotRow
      | undefined;
    if (!row) throw new StoreNotFound(`schema snapshot ${id} does not exist`);
    return toSnapshot(row);
  }
}
