/**
 * PostgreSQL as a warehouse: a `pg` pool capped at the connector's concurrency, COPY FROM STDIN
 * (pg-copy-streams) for bulk loads, advisory transaction locks per record key, and SQLSTATE-based
 * error classification.
 *
 * @example
 *   const adapter = await PostgresAdapter.connect({ system: 'dwh', host: '127.0.0.1', database: 'test', user: 'postgres' });
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  type AccordError,
  AuthenticationFailed,
  TransientUpstream,
  UserInputError,
  ValidationRejected,
} from '../../model/errors.ts';
import { ident, type SqlKind } from '../warehouse/table-layout.ts';
import type {
  Row,
  WarehouseAdapter,
  WarehouseCapabilities,
  WarehouseSession,
} from '../warehouse/warehouse-adapter.ts';

export interface PostgresAdapterOptions {
  /** The system's name in the contract. */
  system: string;
  connectionString?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  database?: string | undefined;
  user?: string | undefined;
  /** Never logged nor put in an error. */
  password?: string | undefined;
  /** Pool size: the most statements in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Shown in pg_stat_activity, so an operator can tell Accord's sessions apart. */
  applicationName?: string | undefined;
  connectionTimeoutMs?: number | undefined;
  /**
   * Every session starts with `default_transaction_read_only = on`: PostgreSQL refuses any write
   * (`cannot execute … in a read-only transaction`), whatever the role may do.
   */
  readOnly?: boolean | undefined;
}

const TYPES: Record<SqlKind, string> = {
  text: 'TEXT',
  decimal: 'NUMERIC(38,10)',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ(3)',
  boolean: 'BOOLEAN',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  json: 'JSONB',
};

/** SQLSTATE classes and codes worth retrying: connection, resources, serialisation, shutdown. */
const TRANSIENT_STATES = /^(08|53|57P0|40001|40P01|55P03|55006|58)/;

export class PostgresAdapter implements WarehouseAdapter {
  readonly kind = 'postgres' as const;
  readonly capabilities: WarehouseCapabilities = {
    partialUniqueIndexes: true,
    concurrentWriters: true,
    columnComments: true,
    secondaryIndexes: true,
    supportsComparisonPushdown: true,
  };
  readonly keyLockSql = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
  readonly catalogueSql = `SELECT c.table_name::text AS table_name, c.column_name::text AS column_name,
  CASE
    WHEN c.data_type = 'numeric' AND c.numeric_precision IS NOT NULL
      THEN format('numeric(%s,%s)', c.numeric_precision, c.numeric_scale)
    WHEN c.character_maximum_length IS NOT NULL THEN format('%s(%s)', c.data_type, c.character_maximum_length)
    ELSE c.data_type::text
  END AS data_type,
  c.is_nullable::text AS is_nullable,
  col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) AS comment
FROM information_schema.columns c WHERE c.table_schema = $1 ORDER BY c.table_name, c.ordinal_position`;
  readonly concurrencyCap: number;
  private sessionsOut = 0;
  private maxSessions = 0;

  private constructor(
    readonly system: string,
    readonly apiVersion: string,
    private readonly pool: pg.Pool,
    readonly database?: string,
  ) {
    this.concurrencyCap = pool.options.max ?? 4;
  }

  static async connect(options: PostgresAdapterOptions): Promise<PostgresAdapter> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      host: options.host,
      port: options.port,
      database: options.database,
      user: options.user,
      password: options.password,
      max: options.concurrency ?? 4,
      application_name: options.applicationName ?? `accord:${options.system}`,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      // Timestamps are read as text; UTC makes that text an unambiguous instant.
      options: `-c TimeZone=UTC${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    });
    // An idle client whose server connection dies emits here; without a listener node would crash.
    // The pool discards it, and the next checkout opens a fresh connection.
    pool.on('error', () => undefined);
    const probe = new PostgresAdapter(options.system, 'unknown', pool);
    const version = await probe
      .withSession((s) =>
        s.query(
          // The server's address and database name identify it without any credential.
          `SELECT current_setting('server_version') AS server_version,
            current_database() || '@' || coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0) AS db`,
        ),
      )
      .catch(async (error: unknown) => {
        await pool.end();
        throw probe.classify(error as Error, {});
      });
    return new PostgresAdapter(
      options.system,
      `PostgreSQL ${version[0]?.server_version ?? '?'}`,
      pool,
      `postgres:${version[0]?.db ?? '?'}`,
    );
  }

  keyHashSql(expr: string): string {
    return `hashtextextended(${expr}, 0)`;
  }

  sqlType(kind: SqlKind): string {
    return TYPES[kind];
  }

  async withSession<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    this.sessionsOut += 1;
    this.maxSessions = Math.max(this.maxSessions, this.sessionsOut);
    let broken: Error | undefined;
    // A checked-out client reports a dropped connection as an 'error' event (the pending query
    // rejects too); without a listener node would crash the process.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(sessionOf(client));
    } catch (error) {
      if (isConnectionLoss(error as Error)) broken = error as Error;
      throw error;
    } finally {
      this.sessionsOut -= 1;
      client.off('error', onError);
      // A client whose connection failed must not go back to the pool.
      client.release(broken);
    }
  }

  transaction<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.query('BEGIN');
      try {
        const result = await work(session);
        await session.query('COMMIT');
        return result;
      } catch (error) {
        await session.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  classify(error: Error, where: { recordId?: string | undefined }): AccordError {
    const e = error as Error & {
      code?: string;
      constraint?: string;
      column?: string;
      detail?: string;
      table?: string;
    };
    const at = { system: this.system, recordId: where.recordId };
    const record = where.recordId ? ` record ${where.recordId}` : '';
    const detail = {
      vendorCode: e.code ?? 'unknown',
      ...(e.constraint || e.column ? { path: e.constraint ?? e.column } : {}),
      ...(e.detail ? { body: e.detail } : {}),
    };
    const code = e.code ?? '';
    if (code.startsWith('23') || code.startsWith('22')) {
      return new ValidationRejected(
        `${this.system}: PostgreSQL refused${record}: ${e.message} (SQLSTATE ${code}${e.constraint ? `, constraint ${e.constraint}` : ''}); correct the value or the contract's entity definition`,
        detail,
        at,
      );
    }
    if (code.startsWith('28')) {
      return new AuthenticationFailed(
        `${this.system}: PostgreSQL refused the credentials (SQLSTATE ${code}); check the user and password`,
        detail,
        at,
      );
    }
    if (code.startsWith('42') || code === '3F000') {
      return new UserInputError(
        `${this.system}: PostgreSQL cannot run the statement${record}: ${e.message} (SQLSTATE ${code}); the table may have drifted from the contract — run describe or ensureTables`,
        at,
      );
    }
    if (TRANSIENT_STATES.test(code) || isConnectionLoss(e)) {
      return new TransientUpstream(
        `${this.system}: PostgreSQL connection or server trouble${record}: ${e.message}`,
        detail,
        at,
      );
    }
    return new TransientUpstream(
      `${this.system}: unexpected PostgreSQL failure${record}: ${e.message}`,
      detail,
      at,
    );
  }

  maxSessionsSeen(): number {
    return this.maxSessions;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function isConnectionLoss(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|08|57P0)/.test(code)) ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}

function sessionOf(client: pg.PoolClient): WarehouseSession {
  return {
    async query(sql, params = []) {
      const result = await client.query<Row>(sql, params as (string | null)[]);
      return result.rows;
    },
    async bulkInsert(schema, table, columns, rows) {
      const stream = client.query(
        copyFrom(`COPY ${ident(schema)}.${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`),
      );
      await pipeline(Readable.from(copyText(rows)), stream);
      return stream.rowCount;
    },
  };
}

/** Rows in COPY's text format, batched into ~64 KiB chunks so the stream is not driven row by row. */
async function* copyText(
  rows: AsyncIterable<readonly (string | null)[]> | Iterable<readonly (string | null)[]>,
): AsyncIterable<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += row.map((v) => (v === null ? '\\N' : escapeCopy(v))).join('\t') + '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function escapeCopy(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}
