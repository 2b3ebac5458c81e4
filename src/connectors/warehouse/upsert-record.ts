/**
 * One idempotent write of one record, inside a transaction the caller opened:
 * 1. lock the record's key (where the database has several writers), so versions and the
 *    idempotency check cannot interleave;
 * 2. a key already in the ledger is a replay: nothing is written (the same key for another record
 *    is an IdempotencyConflict);
 * 3. current mode: INSERT … ON CONFLICT (key) DO UPDATE for a new key, UPDATE for an existing one;
 *    history mode: close the current version (`valid_to`) and insert the next one, carrying over
 *    the fields the write leaves out;
 * 4. record the idempotency key in the ledger, in the same transaction.
 *
 * @example
 *   const { created, stored } = await adapter.transaction((s) => upsertRecord(s, context));
 */
import { IdempotencyConflict } from '../../model/errors.ts';
import type { WriteRequest } from '../connector.ts';
import { ident, KEY, VALID_FROM, VERSION } from './table-layout.ts';
import { isoInstant } from './value-codec.ts';
import type { Row, WarehouseSession } from './warehouse-adapter.ts';
import type { WarehouseStatements } from './warehouse-statements.ts';

export interface UpsertContext {
  system: string;
  keyLockSql: string | undefined;
  statements: WarehouseStatements;
  /** The qualified ledger table. */
  ledger: string;
  request: WriteRequest;
  /** The request's fields, already encoded as column texts. */
  encoded: Map<string, string | null>;
  /** A non-decreasing ISO instant. */
  instant: () => string;
}

export interface UpsertOutcome {
  created: boolean;
  /** The current row after the write. */
  stored: Row | undefined;
}

export async function upsertRecord(
  session: WarehouseSession,
  context: UpsertContext,
): Promise<UpsertOutcome> {
  const { statements: st, request, encoded, ledger } = context;
  const key = request.externalId;
  if (context.keyLockSql) await session.query(context.keyLockSql, [`${st.table}:${key}`]);
  const current = async () => (await session.query(st.selectCurrent(`${ident(KEY)} = $1`), [key]))[0];
  const done = await session.query(
    `SELECT record_key FROM ${ledger} WHERE entity = $1 AND idempotency_key = $2`,
    [request.objectType, request.idempotencyKey],
  );
  const existing = await current();
  if (done[0]) {
    if (done[0].record_key !== key) {
      throw new IdempotencyConflict(
        `${context.system}: idempotency key ${request.idempotencyKey} was already used for ${request.objectType} ${done[0].record_key}, not ${key}`,
        false,
        {},
        { system: context.system, recordId: key },
      );
    }
    return { created: false, stored: existing };
  }
  if (st.layout.history) {
    await writeVersion(session, context, existing);
  } else {
    const columns = [...encoded.keys()];
    const values = [key, context.instant(), ...columns.map((c) => encoded.get(c)!)];
    // PostgreSQL checks NOT NULL on the proposed row before ON CONFLICT, so a partial update of an
    // existing row (its key lock held) is a plain UPDATE.
    await session.query(existing ? st.update(columns) : st.upsert(columns), values);
  }
  await session.query(
    `INSERT INTO ${ledger} (entity, idempotency_key, record_key, written_at) VALUES ($1, $2, $3, ${st.ts(4)})`,
    [request.objectType, request.idempotencyKey, key, new Date().toISOString()],
  );
  return { created: existing === undefined, stored: await current() };
}

async function writeVersion(session: WarehouseSession, context: UpsertContext, existing: Row | undefined) {
  const { statements: st, encoded } = context;
  const key = context.request.externalId;
  // Valid periods of one key never overlap nor run backwards, even within one millisecond.
  const previousFrom = existing?.[VALID_FROM] ? Date.parse(isoInstant(existing[VALID_FROM])) : 0;
  const at = new Date(Math.max(Date.parse(context.instant()), previousFrom + 1)).toISOString();
  if (existing) await session.query(st.closeCurrent(), [key, at]);
  const version = existing ? Number(existing[VERSION]) + 1 : 1;
  // Absent fields carry over from the previous version: a version is always a whole record.
  const values = st.layout.fieldColumns.map((c) =>
    encoded.has(c.column) ? encoded.get(c.column)! : (existing?.[c.column] ?? null),
  );
  await session.query(st.insertVersion(), [key, at, String(version), at, ...values]);
}
