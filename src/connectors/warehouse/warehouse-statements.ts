/**
 * The SQL the shared warehouse connector runs, built from a table layout and the adapter's types.
 * Every value is a text parameter cast to its column type (`CAST($3 AS NUMERIC(38,10))`), so the
 * same statement text works in PostgreSQL and DuckDB.
 *
 * @example
 *   const s = new WarehouseStatements(adapter, 'analytics', layout);
 *   await session.query(s.selectCurrent('"_accord_key" = $1'), ['inv-1']);
 */
import { ident, KEY, MODIFIED_AT, type TableLayout, VALID_FROM, VALID_TO, VERSION } from './table-layout.ts';
import type { WarehouseAdapter } from './warehouse-adapter.ts';
import { qualified } from './warehouse-ddl.ts';

export class WarehouseStatements {
  readonly table: string;
  private readonly selectList: string;
  private readonly current: string;

  constructor(
    private readonly adapter: WarehouseAdapter,
    readonly schema: string,
    readonly layout: TableLayout,
  ) {
    this.table = qualified(schema, layout.table);
    this.selectList = layout.columns
      .map((c) => `CAST(${ident(c.column)} AS ${adapter.sqlType('text')}) AS ${ident(c.column)}`)
      .join(', ');
    this.current = layout.history ? `${ident(VALID_TO)} IS NULL` : 'TRUE';
  }

  /** `CAST($n AS <type of column>)`. */
  cast(column: string, n: number): string {
    const spec = this.layout.columns.find((c) => c.column === column);
    if (!spec) throw new Error(`no column ${column} in ${this.layout.table}`);
    return `CAST($${n} AS ${this.adapter.sqlType(spec.sqlKind)})`;
  }

  ts(n: number): string {
    return `CAST($${n} AS ${this.adapter.sqlType('timestamp')})`;
  }

  /** Current versions matching a condition, in change order. */
  selectCurrent(condition: string, tail = ''): string {
    return `SELECT ${this.selectList} FROM ${this.table} WHERE ${this.current} AND (${condition}) ${tail}`;
  }

  /** Every version of one key, oldest first (history mode). */
  selectVersions(): string {
    return `SELECT ${this.selectList} FROM ${this.table} WHERE ${ident(KEY)} = $1 ORDER BY ${ident(VERSION)}`;
  }

  /** A page of changes: inclusive of the cursor on the first page, strictly after it on the next. */
  changesPage(inclusive: boolean, limit: number): string {
    const m = ident(MODIFIED_AT);
    const k = ident(KEY);
    return this.selectCurrent(
      `${m} > ${this.ts(1)} OR (${m} = ${this.ts(1)} AND ${k} ${inclusive ? '>=' : '>'} $2)`,
      `ORDER BY ${m}, ${k} LIMIT ${Math.trunc(limit)}`,
    );
  }

  scanPage(limit: number): string {
    return this.selectCurrent(`${ident(KEY)} > $1`, `ORDER BY ${ident(KEY)} LIMIT ${Math.trunc(limit)}`);
  }

  /** `INSERT … ON CONFLICT (key) DO UPDATE` over the given columns (current mode). */
  upsert(columns: readonly string[]): string {
    const all = [KEY, MODIFIED_AT, ...columns];
    const values = all.map((c, i) => this.cast(c, i + 1));
    const updates = [MODIFIED_AT, ...columns].map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
    return `INSERT INTO ${this.table} (${all.map(ident).join(', ')}) VALUES (${values.join(', ')})
ON CONFLICT (${ident(KEY)}) DO UPDATE SET ${updates.join(', ')}`;
  }

  /** `UPDATE … SET` the given columns of one key (`$1`), `$2` the modification instant. */
  update(columns: readonly string[]): string {
    const sets = [MODIFIED_AT, ...columns].map((c, i) => `${ident(c)} = ${this.cast(c, i + 2)}`);
    return `UPDATE ${this.table} SET ${sets.join(', ')} WHERE ${ident(KEY)} = $1`;
  }

  /** Closes the current version of a key (history mode): `$1` key, `$2` valid_to. */
  closeCurrent(): string {
    return `UPDATE ${this.table} SET ${ident(VALID_TO)} = ${this.ts(2)} WHERE ${ident(KEY)} = $1 AND ${ident(VALID_TO)} IS NULL`;
  }

  /** Inserts a full version row (history mode) over every field column. */
  insertVersion(): string {
    const columns = [KEY, MODIFIED_AT, VERSION, VALID_FROM, ...this.layout.fieldColumns.map((c) => c.column)];
    const values = columns.map((c, i) => this.cast(c, i + 1));
    return `INSERT INTO ${this.table} (${columns.map(ident).join(', ')}) VALUES (${values.join(', ')})`;
  }

  findByField(column: string): string {
    return this.selectCurrent(`${ident(column)} = ${this.cast(column, 1)}`, `ORDER BY ${ident(KEY)}`);
  }

  count(): string {
    return `SELECT CAST(COUNT(*) AS ${this.adapter.sqlType('text')}) AS n FROM ${this.table} WHERE ${this.current}`;
  }

  /** Exact sums of a money column, per currency. */
  sumMoney(column: string): string {
    const text = this.adapter.sqlType('text');
    const currency = ident(`${column}_currency`);
    return `SELECT ${currency} AS currency, CAST(SUM(${ident(column)}) AS ${text}) AS total FROM ${this.table}
WHERE ${this.current} AND ${ident(column)} IS NOT NULL GROUP BY ${currency} ORDER BY ${currency}`;
  }
}
