/**
 * Bulk loading shared by every warehouse: rows are validated and encoded here, streamed through
 * the adapter's fastest path (PostgreSQL COPY FROM STDIN, the DuckDB appender) into a staging
 * table with the target's column types, then merged by key in the same transaction. All rows land
 * or none do; a bad value stops the load with the record's key and field, and leaves nothing.
 *
 * Bulk loads write whole records: a field absent from a record is stored as NULL. In history mode
 * every loaded record becomes a new version (idempotency keys are not tracked per bulk row).
 *
 * @example
 *   await connector.bulkLoad('invoice', rows.map((r) => ({ key: r.number, fields: r })));
 */
import { randomBytes } from 'node:crypto';
import { UserInputError } from '../../model/errors.ts';
import { ident, KEY, MODIFIED_AT, VALID_FROM, VALID_TO, VERSION } from './table-layout.ts';
import { encodeFields } from './value-codec.ts';
import type { WarehouseAdapter } from './warehouse-adapter.ts';
import { qualified } from './warehouse-ddl.ts';
import type { WarehouseStatements } from './warehouse-statements.ts';

export interface BulkRecord {
  /** The record's key (its external id). */
  key: string;
  fields: Record<string, unknown>;
}

export interface BulkLoadOptions {
  /** Called after the merge with the rows loaded so far (for progress displays). */
  onProgress?: ((rows: number) => void) | undefined;
}

export interface BulkLoadResult {
  rows: number;
}

export async function bulkLoad(
  adapter: WarehouseAdapter,
  st: WarehouseStatements,
  records: Iterable<BulkRecord> | AsyncIterable<BulkRecord>,
  instant: () => string,
  options: BulkLoadOptions,
): Promise<BulkLoadResult> {
  const { layout, schema } = st;
  const fieldColumns = layout.fieldColumns.map((c) => c.column);
  const stageColumns = [KEY, MODIFIED_AT, ...fieldColumns];
  const stageName = `_accord_stage_${layout.table}_${randomBytes(4).toString('hex')}`;
  const stage = qualified(schema, stageName);
  const at = instant();
  const system = adapter.system;

  async function* rows(): AsyncIterable<(string | null)[]> {
    const seen = new Set<string>();
    for await (const record of records) {
      if (typeof record.key !== 'string' || record.key === '') {
        throw new UserInputError(`${system}: a ${layout.entity.name} record in the bulk load has no key`);
      }
      if (seen.has(record.key)) {
        throw new UserInputError(
          `${system}: key ${record.key} appears twice in one bulk load of ${layout.entity.name}; merge the duplicates first`,
        );
      }
      seen.add(record.key);
      const encoded = encodeFields(layout, record.fields, { system, recordId: record.key });
      yield [record.key, at, ...fieldColumns.map((c) => encoded.get(c) ?? null)];
    }
  }

  return adapter.transaction(async (session) => {
    await session.query(
      `CREATE TABLE ${stage} AS SELECT ${stageColumns.map(ident).join(', ')} FROM ${st.table} LIMIT 0`,
    );
    const loaded = await session.bulkInsert(schema, stageName, stageColumns, rows());
    const list = stageColumns.map(ident).join(', ');
    if (layout.history) {
      await session.query(
        `UPDATE ${st.table} SET ${ident(VALID_TO)} = ${st.ts(1)} WHERE ${ident(VALID_TO)} IS NULL AND ${ident(KEY)} IN (SELECT ${ident(KEY)} FROM ${stage})`,
        [at],
      );
      const fields = fieldColumns.map((c) => `s.${ident(c)}`).join(', ');
      await session.query(
        `INSERT INTO ${st.table} (${ident(KEY)}, ${ident(MODIFIED_AT)}, ${ident(VERSION)}, ${ident(VALID_FROM)}, ${fieldColumns.map(ident).join(', ')})
SELECT s.${ident(KEY)}, s.${ident(MODIFIED_AT)},
  COALESCE((SELECT MAX(x.${ident(VERSION)}) FROM ${st.table} x WHERE x.${ident(KEY)} = s.${ident(KEY)}), 0) + 1,
  s.${ident(MODIFIED_AT)}, ${fields}
FROM ${stage} s`,
      );
    } else {
      const updates = [MODIFIED_AT, ...fieldColumns]
        .map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`)
        .join(', ');
      await session.query(
        `INSERT INTO ${st.table} (${list}) SELECT ${list} FROM ${stage} ON CONFLICT (${ident(KEY)}) DO UPDATE SET ${updates}`,
      );
    }
    await session.query(`DROP TABLE ${stage}`);
    options.onProgress?.(loaded);
    return { rows: loaded };
  });
}
