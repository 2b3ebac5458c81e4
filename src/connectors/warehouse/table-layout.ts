/**
 * The table an entity becomes: system columns first, then one column per field (two for money).
 * Types are abstract ({@link SqlKind}); each adapter names them in its own dialect.
 *
 * Money is stored as NUMERIC(38,10) plus a `<column>_currency` column rather than minor-units
 * BIGINT: an analyst reads `12.50` not `1250`; `SUM(total)` is exact and in the unit finance
 * reports in, without knowing each row's currency exponent (KWD has 3, JPY 0); and an amount that
 * carries more decimals than its currency (a tax line before rounding) is stored as it is instead
 * of being refused. Ten decimal places and 28 integer digits are beyond any ledger; both
 * PostgreSQL and DuckDB cap DECIMAL at 38 digits, so the same definition holds in both.
 *
 * @example
 *   const layout = tableLayoutOf(invoiceEntity);
 *   layout.columns.map((c) => c.column) // ['_accord_key', '_accord_modified_at', 'number', 'total', 'total_currency']
 */
import {
  assertValidEntity,
  snakeCase,
  type WarehouseEntity,
  type WarehouseFieldKind,
} from './warehouse-entity.ts';

/** Storage types every adapter maps to a concrete SQL type. */
export type SqlKind = 'text' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'bigint' | 'integer' | 'json';

export interface ColumnSpec {
  column: string;
  sqlKind: SqlKind;
  notNull: boolean;
  /** The canonical field this column stores; absent for system columns. */
  field?: string | undefined;
  kind?: WarehouseFieldKind | undefined;
  /** A money field has a `value` column and a `currency` column. */
  part?: 'value' | 'currency' | undefined;
  /** CHECK (column IN (…)) for enums. */
  enumValues?: readonly string[] | undefined;
  references?: string | undefined;
}

export interface TableLayout {
  entity: WarehouseEntity;
  table: string;
  history: boolean;
  /** System columns, then field columns, in DDL order. */
  columns: readonly ColumnSpec[];
  /** Field columns only. */
  fieldColumns: readonly ColumnSpec[];
  /** The columns of the primary key. */
  primaryKey: readonly string[];
}

export const KEY = '_accord_key';
export const MODIFIED_AT = '_accord_modified_at';
export const VERSION = '_accord_version';
export const VALID_FROM = 'valid_from';
export const VALID_TO = 'valid_to';
/** Idempotency ledger: one row per idempotency key ever applied, per entity. */
export const LEDGER_TABLE = '_accord_writes';

const SQL_KIND: Record<WarehouseFieldKind, SqlKind> = {
  string: 'text',
  email: 'text',
  decimal: 'decimal',
  money: 'decimal',
  date: 'date',
  datetime: 'timestamp',
  enum: 'text',
  boolean: 'boolean',
  integer: 'bigint',
  reference: 'text',
  lines: 'json',
};

export function tableLayoutOf(entity: WarehouseEntity): TableLayout {
  assertValidEntity(entity);
  const history = entity.history === true;
  const system: ColumnSpec[] = [
    { column: KEY, sqlKind: 'text', notNull: true },
    { column: MODIFIED_AT, sqlKind: 'timestamp', notNull: true },
  ];
  if (history) {
    system.push(
      { column: VERSION, sqlKind: 'integer', notNull: true },
      { column: VALID_FROM, sqlKind: 'timestamp', notNull: true },
      { column: VALID_TO, sqlKind: 'timestamp', notNull: false },
    );
  }
  const fieldColumns: ColumnSpec[] = [];
  for (const field of entity.fields) {
    const column = field.column ?? snakeCase(field.name);
    const base = {
      field: field.name,
      kind: field.kind,
      notNull: field.required === true,
    };
    fieldColumns.push({
      ...base,
      column,
      sqlKind: SQL_KIND[field.kind],
      part: 'value',
      enumValues: field.kind === 'enum' ? field.values : undefined,
      references: field.references,
    });
    if (field.kind === 'money') {
      fieldColumns.push({ ...base, column: `${column}_currency`, sqlKind: 'text', part: 'currency' });
    }
  }
  return {
    entity,
    table: entity.table ?? snakeCase(entity.name),
    history,
    columns: [...system, ...fieldColumns],
    fieldColumns,
    primaryKey: history ? [KEY, VERSION] : [KEY],
  };
}

/** Double-quotes an identifier (already validated as plain; quoting keeps reserved words safe). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
