/**
 * A data warehouse (PostgreSQL, DuckDB) behind the connector port: a one-way target of flows and
 * a source for reconciliation. Tables come from canonical entity descriptions; the record's id
 * IS its key (the external id Accord writes it under), because a warehouse has no ids of its own.
 *
 * Writes are idempotent twice over: `INSERT … ON CONFLICT (key)` never makes a second row, and a
 * ledger table (`_accord_writes`) remembers every idempotency key applied, so a replay is a
 * no-op even in history mode, where each write would otherwise add a version.
 *
 * @example
 *   const dwh = new WarehouseConnector(await PostgresAdapter.connect({ system: 'dwh', … }), {
 *     schema: 'analytics', entities: [invoiceEntity],
 *   });
 *   await dwh.ensureTables();
 *   await dwh.upsert({ objectType: 'invoice', externalId: 'INV-1', fields: { total: { amount: '10.00', currency: 'EUR' } }, idempotencyKey: 'k1' });
 */

import { RequestGate } from '../../governance/request-gate.ts';
import { formatDecimal, parseDecimal } from '../../model/decimal.ts';
import { AccordError, toError, UserInputError } from '../../model/errors.ts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  ReadChangesRequest,
  ScanRequest,
  SystemKind,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';
import { type BulkLoadOptions, type BulkLoadResult, type BulkRecord, bulkLoad } from './bulk-load.ts';
import { describeWarehouse } from './describe-warehouse.ts';
import {
  ident,
  KEY,
  LEDGER_TABLE,
  MODIFIED_AT,
  type TableLayout,
  tableLayoutOf,
  VALID_FROM,
  VALID_TO,
} from './table-layout.ts';
import { upsertRecord } from './upsert-record.ts';
import { decodeFields, encodeFields, isoInstant } from './value-codec.ts';
import type { Row, WarehouseAdapter } from './warehouse-adapter.ts';
import { entityDdl, ledgerDdl, qualified } from './warehouse-ddl.ts';
import type { WarehouseEntity } from './warehouse-entity.ts';
import { WarehouseStatements } from './warehouse-statements.ts';

export interface WarehouseConnectorOptions {
  /** The schema holding Accord's tables (created when missing). */
  schema: string;
  entities: readonly WarehouseEntity[];
}

/** Exact totals for reconciliation: a row count and money sums per currency as decimal strings. */
/**
 * One entity's table handed to a comparison pushed down into the database (see
 * src/reconcile/sql-comparer.ts). Queries run on this connector's sessions, through its gate.
 */
export interface PushdownTable {
  /** The adapter's database identity: equal for two tables one query can join. */
  database: string;
  /** `"schema"."table"`. */
  table: string;
  /** The predicate selecting current rows (`TRUE`, or `valid_to IS NULL` with history). */
  current: string;
  layout: TableLayout;
  /** The dialect's text type, for casts. */
  textType: string;
  /** A 64-bit hash of a text expression, to join on integers. */
  keyHash(expr: string): string;
  query(sql: string): Promise<Row[]>;
}

export interface WarehouseTotals {
  count: number;
  sums: Record<string, string>;
}

const DEFAULT_PAGE = 500;
const MAX_PAGE = 10_000;

export class WarehouseConnector implements Connector {
  readonly system: string;
  readonly kind: SystemKind;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: true,
    idempotencyKeys: true,
    webhooks: false,
    bulkLoad: true,
  };
  private readonly statements = new Map<string, WarehouseStatements>();
  private readonly gate: RequestGate;
  private requests = 0;
  private lastInstant = 0;

  constructor(
    private readonly adapter: WarehouseAdapter,
    private readonly options: WarehouseConnectorOptions,
  ) {
    this.system = adapter.system;
    this.kind = adapter.kind;
    this.gate = new RequestGate(adapter.capabilities.concurrentWriters ? adapter.concurrencyCap : 1);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new UserInputError(`${this.system}: schema "${options.schema}" is not a plain SQL identifier`);
    }
    for (const entity of options.entities) {
      this.statements.set(
        entity.name,
        new WarehouseStatements(adapter, options.schema, tableLayoutOf(entity)),
      );
    }
  }

  /** Creates the schema, the ledger and every entity's table when missing. */
  async ensureTables(): Promise<void> {
    const { schema } = this.options;
    await this.run(undefined, () =>
      this.adapter.transaction(async (session) => {
        await session.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
        await session.query(ledgerDdl(this.adapter, schema));
        for (const st of this.statements.values()) {
          for (const sql of entityDdl(this.adapter, schema, st.layout)) await session.query(sql);
        }
      }),
    );
  }

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    const st = this.statementsFor(request.objectType);
    const limit = pageSize(request.pageSize);
    let cursor = request.since ?? { modifiedAt: '0001-01-01T00:00:00.000Z', id: '' };
    let inclusive = true;
    for (;;) {
      request.signal?.throwIfAborted();
      const rows = await this.query(undefined, st.changesPage(inclusive, limit), [
        cursor.modifiedAt,
        cursor.id,
      ]);
      if (rows.length === 0) return;
      const page = rows.map((row) => this.toRecord(st.layout, row));
      yield page;
      if (rows.length < limit) return;
      const last = page[page.length - 1]!;
      cursor = { modifiedAt: last.modifiedAt, id: last.id };
      inclusive = false;
    }
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const st = this.statementsFor(request.objectType);
    const limit = pageSize(request.pageSize);
    let after = '';
    for (;;) {
      request.signal?.throwIfAborted();
      const rows = await this.query(undefined, st.scanPage(limit), [after]);
      if (rows.length === 0) return;
      yield rows.map((row) => this.toRecord(st.layout, row));
      if (rows.length < limit) return;
      after = rows[rows.length - 1]![KEY]!;
    }
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    const st = this.statementsFor(objectType);
    const rows = await this.query(id, st.selectCurrent(`"${KEY}" = $1`), [id]);
    return rows[0] && this.toRecord(st.layout, rows[0]);
  }

  getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    return this.get(objectType, externalId);
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    const st = this.statementsFor(objectType);
    const column = st.layout.fieldColumns.find((c) => c.field === field && c.part === 'value');
    if (!column) throw new UserInputError(`${this.system}: ${objectType} has no field "${field}"`);
    const rows = await this.query(undefined, st.findByField(column.column), [value]);
    return rows.map((row) => this.toRecord(st.layout, row));
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    const st = this.statementsFor(request.objectType);
    const key = request.externalId;
    const encoded = encodeFields(st.layout, request.fields, { system: this.system, recordId: key });
    return this.run(key, async () => {
      const outcome = await this.adapter.transaction((session) =>
        upsertRecord(session, {
          system: this.system,
          keyLockSql: this.adapter.keyLockSql,
          statements: st,
          ledger: qualified(this.options.schema, LEDGER_TABLE),
          request,
          encoded,
          instant: () => this.instant(),
        }),
      );
      return {
        id: key,
        externalId: key,
        created: outcome.created,
        record: outcome.stored && this.toRecord(st.layout, outcome.stored),
      };
    });
  }

  /** Every version of a record, oldest first, with `validFrom`/`validTo` (history mode). */
  async versions(
    objectType: string,
    key: string,
  ): Promise<(SystemRecord & { validFrom: string; validTo: string | null })[]> {
    const st = this.statementsFor(objectType);
    if (!st.layout.history) throw new UserInputError(`${this.system}: ${objectType} does not keep history`);
    const rows = await this.query(key, st.selectVersions(), [key]);
    return rows.map((row) => ({
      ...this.toRecord(st.layout, row),
      validFrom: isoInstant(row[VALID_FROM]!),
      validTo: row[VALID_TO] ? isoInstant(row[VALID_TO]) : null,
    }));
  }

  /**
   * Loads many whole records at once through the database's bulk path (COPY, appender) into a
   * staging table, then merges by key in one transaction: all rows land or none do.
   */
  bulkLoad(
    objectType: string,
    records: Iterable<BulkRecord> | AsyncIterable<BulkRecord>,
    options: BulkLoadOptions = {},
  ): Promise<BulkLoadResult> {
    const st = this.statementsFor(objectType);
    return this.run(undefined, () => bulkLoad(this.adapter, st, records, () => this.instant(), options));
  }

  /** Row count and exact money sums per currency, computed by the database, for reconciliation. */
  async totals(objectType: string, moneyField?: string): Promise<WarehouseTotals> {
    const st = this.statementsFor(objectType);
    const count = await this.query(undefined, st.count(), []);
    const sums: Record<string, string> = {};
    if (moneyField) {
      const column = st.layout.fieldColumns.find(
        (c) => c.field === moneyField && c.kind === 'money' && c.part === 'value',
      );
      if (!column)
        throw new UserInputError(`${this.system}: ${objectType} has no money field "${moneyField}"`);
      for (const row of await this.query(undefined, st.sumMoney(column.column), [])) {
        const currency = row.currency ?? '';
        sums[currency] = row.total ? formatDecimal(parseDecimal(row.total)) : '0';
      }
    }
    return { count: Number(count[0]?.n ?? '0'), sums };
  }

  /**
   * The table of `objectType` for a pushed-down comparison, when the adapter can run one
   * (`capabilities.supportsComparisonPushdown`) and names its database; else undefined.
   */
  pushdownTable(objectType: string): PushdownTable | undefined {
    const database = this.adapter.database;
    const hash = this.adapter.keyHashSql?.bind(this.adapter);
    if (!this.adapter.capabilities.supportsComparisonPushdown || database === undefined || !hash)
      return undefined;
    const st = this.statements.get(objectType);
    if (!st) return undefined;
    return {
      database,
      table: qualified(this.options.schema, st.layout.table),
      current: st.layout.history ? `${ident(VALID_TO)} IS NULL` : 'TRUE',
      layout: st.layout,
      textType: this.adapter.sqlType('text'),
      keyHash: hash,
      query: (sql) => this.query(undefined, sql, []),
    };
  }

  describe(): Promise<SystemSchema> {
    return this.run(undefined, () =>
      this.adapter.withSession(async (session) => {
        const rows = await session.query(this.adapter.catalogueSql, [this.options.schema]);
        return describeWarehouse(
          this.adapter,
          this.options.schema,
          [...this.statements.values()].map((s) => s.layout),
          rows,
        );
      }),
    );
  }

  stats(): ConnectorStats {
    return {
      requests: this.requests,
      inFlight: this.gate.inFlight,
      maxInFlight: this.gate.maxInFlight,
      concurrencyCap: this.gate.cap,
      rateLimited: 0,
    };
  }

  close(): Promise<void> {
    return this.adapter.close();
  }

  private toRecord(layout: TableLayout, row: Row): SystemRecord {
    const key = row[KEY]!;
    const fields = decodeFields(layout, row);
    if (layout.entity.keyName) fields[layout.entity.keyName] = key;
    return {
      objectType: layout.entity.name,
      id: key,
      externalId: key,
      modifiedAt: isoInstant(row[MODIFIED_AT]!),
      fields,
    };
  }

  private statementsFor(objectType: string): WarehouseStatements {
    const st = this.statements.get(objectType);
    if (!st) {
      throw new UserInputError(
        `${this.system}: no warehouse entity "${objectType}"; declared: ${[...this.statements.keys()].join(', ') || 'none'}`,
      );
    }
    return st;
  }

  /** A non-decreasing ms instant, so one connector's writes never go back in change order. */
  private instant(): string {
    this.lastInstant = Math.max(Date.now(), this.lastInstant);
    return new Date(this.lastInstant).toISOString();
  }

  private query(
    recordId: string | undefined,
    sql: string,
    params: readonly (string | null)[],
  ): Promise<Row[]> {
    return this.run(recordId, () => this.adapter.withSession((s) => s.query(sql, params)));
  }

  /** Every operation passes the gate and has its failures classified. */
  private async run<T>(recordId: string | undefined, work: () => Promise<T>): Promise<T> {
    this.requests += 1;
    return this.gate.run(async () => {
      try {
        return await work();
      } catch (thrown) {
        const error = toError(thrown);
        throw error instanceof AccordError ? error : this.adapter.classify(error, { recordId });
      }
    });
  }
}

function pageSize(requested: number | undefined): number {
  return Math.max(1, Math.min(requested ?? DEFAULT_PAGE, MAX_PAGE));
}
