/**
 * Bulk-load throughput into the warehouses: PostgreSQL COPY FROM STDIN (the connector's
 * `bulkLoad`, staging + merge) versus multi-row INSERT … ON CONFLICT batches, and the DuckDB
 * appender (`bulkLoad`). Run: `npm run bench -- warehouse-load` (BENCH_ROWS to change the size).
 * Needs PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDuckDbConnector } from '../src/connectors/duckdb/duckdb-connector.ts';
import { createPostgresConnector } from '../src/connectors/postgres/postgres-connector.ts';
import type { BulkRecord } from '../src/connectors/warehouse/bulk-load.ts';
import { salesOrderEntity } from '../src/connectors/warehouse/warehouse-test-kit.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const INSERT_BATCH = 1_000;
const server = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };

function records(prefix: string): BulkRecord[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    key: `${prefix}-${i}`,
    fields: {
      orderNumber: `SO-${i}`,
      customer: `cust-${i % 500}`,
      status: i % 10 === 0 ? 'cancelled' : 'fulfilled',
      total: {
        amount: `${(i * 7919) % 100_000}.${String((i * 37) % 100).padStart(2, '0')}`,
        currency: 'USD',
      },
      orderedOn: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
      lineCount: (i % 9) + 1,
    },
  }));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Multi-row INSERT … ON CONFLICT in batches, the way a loader without COPY would do it. */
async function insertBatches(schema: string, rows: BulkRecord[]): Promise<void> {
  const client = new pg.Client(server);
  await client.connect();
  const cols = [
    '_accord_key',
    '_accord_modified_at',
    'order_number',
    'customer',
    'status',
    'total',
    'total_currency',
    'ordered_on',
    'line_count',
  ];
  const casts = [
    'TEXT',
    'TIMESTAMPTZ(3)',
    'TEXT',
    'TEXT',
    'TEXT',
    'NUMERIC(38,10)',
    'TEXT',
    'DATE',
    'BIGINT',
  ];
  const now = new Date().toISOString();
  try {
    await client.query('BEGIN');
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = rows.slice(start, start + INSERT_BATCH);
      const params: string[] = [];
      const tuples = batch.map((r) => {
        const f = r.fields as Record<string, unknown> & { total: { amount: string; currency: string } };
        const values = [
          r.key,
          now,
          String(f.orderNumber),
          String(f.customer),
          String(f.status),
          f.total.amount,
          f.total.currency,
          String(f.orderedOn),
          String(f.lineCount),
        ];
        const placeholders = values.map((v, i) => {
          params.push(v);
          return `CAST($${params.length} AS ${casts[i]})`;
        });
        return `(${placeholders.join(', ')})`;
      });
      const updates = cols
        .slice(1)
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      await client.query(
        `INSERT INTO "${schema}".sales_order (${cols.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (_accord_key) DO UPDATE SET ${updates}`,
        params,
      );
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

const schema = `accord_bench_${randomBytes(4).toString('hex')}`;
const dir = await mkdtemp(join(tmpdir(), 'accord-bench-'));
const admin = new pg.Client(server);
await admin.connect();
const figures: Record<string, number> = { rows: ROWS };
try {
  const postgres = await createPostgresConnector({
    system: 'dwh',
    ...server,
    schema,
    entities: [salesOrderEntity],
  });
  const copySeconds = await timed(() => postgres.bulkLoad('salesOrder', records('copy')));
  await admin.query(`TRUNCATE "${schema}".sales_order`);
  const insertSeconds = await timed(() => insertBatches(schema, records('insert')));
  const count = await postgres.totals('salesOrder');
  if (count.count !== ROWS) throw new Error(`expected ${ROWS} rows after INSERT, found ${count.count}`);
  await postgres.close();

  const duck = await createDuckDbConnector({
    system: 'lake',
    path: join(dir, 'bench.duckdb'),
    schema: 'accord',
    entities: [salesOrderEntity],
  });
  const appenderSeconds = await timed(() => duck.bulkLoad('salesOrder', records('appender')));
  const duckCount = await duck.totals('salesOrder');
  if (duckCount.count !== ROWS) throw new Error(`expected ${ROWS} rows in DuckDB, found ${duckCount.count}`);
  await duck.close();

  figures.postgresCopyRowsPerSecond = Math.round(ROWS / copySeconds);
  figures.postgresMultiRowInsertRowsPerSecond = Math.round(ROWS / insertSeconds);
  figures.duckdbAppenderRowsPerSecond = Math.round(ROWS / appenderSeconds);
  console.log(`rows per load:                      ${ROWS}`);
  console.log(
    `PostgreSQL COPY (staging + merge):  ${figures.postgresCopyRowsPerSecond} rows/s (${copySeconds.toFixed(2)} s)`,
  );
  console.log(
    `PostgreSQL multi-row INSERT (${INSERT_BATCH}):  ${figures.postgresMultiRowInsertRowsPerSecond} rows/s (${insertSeconds.toFixed(2)} s)`,
  );
  console.log(
    `DuckDB appender (staging + merge):  ${figures.duckdbAppenderRowsPerSecond} rows/s (${appenderSeconds.toFixed(2)} s)`,
  );
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(figures));
