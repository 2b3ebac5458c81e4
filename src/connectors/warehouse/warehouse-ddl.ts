/**
 * DDL for an entity's table, its indexes, column comments and the idempotency ledger, in the
 * adapter's SQL types. Every statement is idempotent (`IF NOT EXISTS`), so `ensureTables` can run
 * on every start.
 *
 * Column comments carry the canonical description (`accord:{"field":"total","kind":"money",…}`):
 * `describe()` reads them back from the catalogue, so drift detection sees a renamed or retyped
 * column and the enum values the table really enforces, not just what the contract says.
 *
 * @example
 *   for (const sql of entityDdl(adapter, 'analytics', tableLayoutOf(entity))) await session.query(sql);
 */
import {
  type ColumnSpec,
  ident,
  KEY,
  LEDGER_TABLE,
  literal,
  MODIFIED_AT,
  type TableLayout,
  VALID_TO,
} from './table-layout.ts';
import type { WarehouseAdapter } from './warehouse-adapter.ts';

export function qualified(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}

/** The comment stored on a field column. */
export interface ColumnComment {
  field: string;
  kind: string;
  part: 'value' | 'currency';
  values?: readonly string[] | undefined;
  references?: string | undefined;
  required?: boolean | undefined;
}

export const COMMENT_PREFIX = 'accord:';

function checkOf(column: ColumnSpec): string | undefined {
  const c = ident(column.column);
  if (column.enumValues) return `CHECK (${c} IN (${column.enumValues.map(literal).join(', ')}))`;
  // The shape check the database enforces for e-mail; a constraint violation is a ValidationRejected.
  if (column.kind === 'email' && column.part === 'value') return `CHECK (${c} LIKE '%_@_%')`;
  if (column.part === 'currency') return `CHECK (length(${c}) = 3)`;
  return undefined;
}

export function entityDdl(adapter: WarehouseAdapter, schema: string, layout: TableLayout): string[] {
  const table = qualified(schema, layout.table);
  const definitions = layout.columns.map((column) =>
    [
      ident(column.column),
      adapter.sqlType(column.sqlKind),
      column.notNull ? 'NOT NULL' : '',
      checkOf(column) ?? '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  definitions.push(`PRIMARY KEY (${layout.primaryKey.map(ident).join(', ')})`);
  const statements = [`CREATE TABLE IF NOT EXISTS ${table} (\n  ${definitions.join(',\n  ')}\n)`];
  if (adapter.capabilities.secondaryIndexes) {
    statements.push(
      `CREATE INDEX IF NOT EXISTS ${ident(`${layout.table}_changes`)} ON ${table} (${ident(MODIFIED_AT)}, ${ident(KEY)})`,
    );
  }
  if (layout.history && adapter.capabilities.partialUniqueIndexes) {
    statements.push(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${ident(`${layout.table}_current`)} ON ${table} (${ident(KEY)}) WHERE ${ident(VALID_TO)} IS NULL`,
    );
  }
  if (adapter.capabilities.columnComments) {
    for (const column of layout.fieldColumns) {
      const comment: ColumnComment = {
        field: column.field!,
        kind: column.kind!,
        part: column.part ?? 'value',
        values: column.enumValues,
        references: column.references,
        required: column.notNull || undefined,
      };
      statements.push(
        `COMMENT ON COLUMN ${table}.${ident(column.column)} IS ${literal(COMMENT_PREFIX + JSON.stringify(comment))}`,
      );
    }
  }
  return statements;
}

export function ledgerDdl(adapter: WarehouseAdapter, schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${qualified(schema, LEDGER_TABLE)} (
  entity ${adapter.sqlType('text')} NOT NULL,
  idempotency_key ${adapter.sqlType('text')} NOT NULL,
  record_key ${adapter.sqlType('text')} NOT NULL,
  written_at ${adapter.sqlType('timestamp')} NOT NULL,
  PRIMARY KEY (entity, idempotency_key)
)`;
}
