/**
 * The narrow surface a warehouse database offers the shared connector. Everything that differs
 * between PostgreSQL and DuckDB lives behind it, as SQL type names, capability flags and a few
 * methods; the shared code never asks which database it is talking to.
 *
 * Parameters are always text or NULL (`$1`, `$2`… placeholders), cast in SQL; rows come back as
 * column texts. See `value-codec.ts` for why.
 *
 * @example
 *   const adapter = await PostgresAdapter.connect({ system: 'dwh', connectionString, concurrency: 4 });
 *   const connector = new WarehouseConnector(adapter, { schema: 'analytics', entities });
 */

import type { AccordError } from '../../model/errors.ts';
import type { SystemKind } from '../connector.ts';
import type { SqlKind } from './table-layout.ts';

export type Row = Record<string, string | null>;

/** One connection, used by one operation at a time. */
export interface WarehouseSession {
  query(sql: string, params?: readonly (string | null)[]): Promise<Row[]>;
  /**
   * Bulk-inserts rows of column texts into `schema.table` (a staging table whose columns are
   * `columns`, in order) with the database's fastest path: COPY FROM STDIN, the appender.
   * Returns the number of rows loaded.
   */
  bulkInsert(
    schema: string,
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly (string | null)[]> | Iterable<readonly (string | null)[]>,
  ): Promise<number>;
}

export interface WarehouseCapabilities {
  /** Partial unique indexes (`… WHERE valid_to IS NULL`) to guard the one-current-version rule. */
  partialUniqueIndexes: boolean;
  /**
   * Several sessions may write at once. When false the connector runs one operation at a time
   * (DuckDB: one writer per file), which also makes per-key locks unnecessary.
   */
  concurrentWriters: boolean;
  /** `COMMENT ON COLUMN` is stored and readable from the catalogue. */
  columnComments: boolean;
  /**
   * Secondary indexes help reads. DuckDB scans with zone maps and its ART indexes make updates of
   * indexed columns a delete+insert, so there the change index is left out.
   */
  secondaryIndexes: boolean;
  /**
   * A comparison of two tables of this database can run inside it (reconciliation's keyed full
   * outer join, see src/reconcile/sql-comparer.ts): `FULL OUTER JOIN`, `MATERIALIZED` CTEs,
   * `starts_with`, exact DECIMAL sums.
   */
  supportsComparisonPushdown?: boolean | undefined;
}

export interface WarehouseAdapter {
  readonly system: string;
  readonly kind: SystemKind;
  readonly apiVersion: string;
  readonly capabilities: WarehouseCapabilities;
  /**
   * Which database this is (`duckdb:/abs/path`, `postgres:host:port/db`): two adapters naming the
   * same one reach each other's tables, so a comparison of both can be pushed down.
   */
  readonly database?: string | undefined;
  /** Most sessions in use at once (the pool size; 1 for a single-writer database). */
  readonly concurrencyCap: number;
  /** The concrete SQL type of a storage kind (`NUMERIC(38,10)`, `DECIMAL(38,10)`…). */
  sqlType(kind: SqlKind): string;
  /**
   * A 64-bit hash of a text expression (DuckDB `hash`, PostgreSQL `hashtextextended`), for a
   * pushed-down comparison to join on integers; absent when the dialect has none.
   */
  keyHashSql?(expr: string): string;
  /**
   * A statement taking a transaction-scoped lock on a text key (`$1`), when `concurrentWriters`;
   * it serialises writers of one record so versions and idempotency checks cannot interleave.
   */
  readonly keyLockSql: string | undefined;
  /**
   * A query listing the columns of schema `$1`, with columns table_name, column_name, data_type,
   * is_nullable ('YES'/'NO' or 'true'/'false') and comment (NULL when none).
   */
  readonly catalogueSql: string;
  /** Runs `work` on one session, released afterwards. */
  withSession<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction on one session: committed on success, rolled back on a throw. */
  transaction<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T>;
  /** Turns a driver error into Accord's classes: constraint → ValidationRejected, lost connection → TransientUpstream. */
  classify(error: Error, where: { recordId?: string | undefined }): AccordError;
  /** Highest number of sessions checked out at once, as the driver saw it. */
  maxSessionsSeen(): number;
  close(): Promise<void>;
}
