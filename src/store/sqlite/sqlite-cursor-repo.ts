import { compareCursor } from '../cursor-order.ts';
import type { CursorKey, CursorPosition, CursorRepo, StoredCursor } from '../store.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface CursorRow {
  flow: string;
  system: string;
  object_type: string;
  modified_at: string;
  record_id: string;
  updated_at: string;
}

function toCursor(row: CursorRow): StoredCursor {
  return {
    flow: row.flow,
    system: row.system,
    objectType: row.object_type,
    modifiedAt: row.modified_at,
    id: row.record_id,
    updatedAt: row.updated_at,
  };
}

const SELECT = 'SELECT * FROM cursors WHERE flow = ? AND system = ? AND object_type = ?';
const UPSERT = `INSERT INTO cursors (flow, system, object_type, modified_at, record_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (flow, system, object_type) DO UPDATE SET modified_at = excluded.modified_at,
  record_id = excluded.record_id, updated_at = excluded.updated_at`;

export class SqliteCursorRepo implements CursorRepo {
  constructor(private readonly scope: SqliteScope) {}

  get(key: CursorKey): Promise<StoredCursor | undefined> {
    return this.scope.exec(() => this.read(key));
  }

  advance(key: CursorKey, to: CursorPosition): Promise<StoredCursor> {
    return this.scope.exec(() => {
      const current = this.read(key);
      if (current && compareCursor(to, current) <= 0) return current;
      compareCursor(to, to); // validates modifiedAt even for a first cursor
      const updatedAt = this.scope.nowIso();
      this.scope.conn.stmt(UPSERT).run(key.flow, key.system, key.objectType, to.modifiedAt, to.id, updatedAt);
      return { ...key, modifiedAt: to.modifiedAt, id: to.id, updatedAt };
    });
  }

  reset(key: CursorKey, to: CursorPosition | undefined): Promise<void> {
    return this.scope.exec(() => {
      if (to === undefined) {
        this.scope.conn
          .stmt('DELETE FROM cursors WHERE flow = ? AND system = ? AND object_type = ?')
          .run(key.flow, key.system, key.objectType);
        return;
      }
      compareCursor(to, to);
      this.scope.conn
        .stmt(UPSERT)
        .run(key.flow, key.system, key.objectType, to.modifiedAt, to.id, this.scope.nowIso());
    });
  }

  private read(key: CursorKey): StoredCursor | undefined {
    const row = this.scope.conn.stmt(SELECT).get(key.flow, key.system, key.objectType) as
      | CursorRow
      | undefined;
    return row && toCursor(row);
  }
}
