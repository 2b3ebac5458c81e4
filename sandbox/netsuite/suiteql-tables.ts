/**
 * How records appear to SuiteQL: one table per standard record (customer, contact, subsidiary,
 * currency, customrecord_*), the shared `transaction` table (column `type`: SalesOrd, CustInvc,
 * CustPymt, CustCred, CashRfnd, ItemShip) and `item` (column `itemtype`: InvtPart). Columns are
 * the REST field ids in lower case; references hold the referenced internal id; booleans are
 * 'T'/'F'; datetimes are instants (shown in the account's date format unless TO_CHAR is used).
 *
 * @example
 *   const rows = suiteqlRows('transaction', types, store); // every transaction, all types
 */
import { Decimal } from 'decimal.js';
import type { RecordStore, StoredRecord } from './record-store.ts';
import type { RecordTypeDef } from './record-types.ts';

export type SqlValue = string | number | Decimal | { ts: number; date: boolean } | null;
export type SqlRow = Map<string, SqlValue>;

// SuiteQL's own names for a few columns that differ from the REST field ids.
const RENAMES: Record<string, string> = { customer: 'entity', datecreated: 'createddate' };

function toRow(def: RecordTypeDef, record: StoredRecord, toInstant: (date: string) => number): SqlRow {
  const row: SqlRow = new Map();
  for (const [field, fd] of Object.entries(def.fields)) {
    const raw = record[field];
    const column = field.toLowerCase();
    let value: SqlValue = null;
    if (raw !== undefined && raw !== null) {
      switch (fd.kind) {
        case 'ref':
        case 'enum':
          value = (raw as { id: string }).id;
          if (fd.kind === 'ref') value = Number(value);
          break;
        case 'boolean':
          value = raw ? 'T' : 'F';
          break;
        case 'money':
          value = new Decimal(String(raw));
          break;
        case 'integer':
        case 'float':
          value = Number(raw);
          break;
        case 'datetime':
          value = { ts: Date.parse(String(raw)), date: false };
          break;
        case 'date':
          value = { ts: toInstant(String(raw)), date: true };
          break;
        default:
          value = String(raw);
      }
    }
    row.set(column, value);
    if (def.transaction && RENAMES[column]) row.set(RENAMES[column]!, value);
    if (!def.transaction && column === 'datecreated') row.set('createddate', value);
  }
  row.set('id', Number(record.id));
  if (def.transaction) {
    row.set('type', def.suiteql.typeCode ?? null);
    row.set('foreigntotal', row.get('total') ?? null);
  }
  if (def.suiteql.table === 'item') row.set('itemtype', def.suiteql.typeCode ?? null);
  return row;
}

export function suiteqlTableNames(types: Map<string, RecordTypeDef>): string[] {
  return [...new Set([...types.values()].map((t) => t.suiteql.table))];
}

export function suiteqlRows(
  table: string,
  types: Map<string, RecordTypeDef>,
  store: RecordStore,
  toInstant: (date: string) => number,
): SqlRow[] | undefined {
  const defs = [...types.values()].filter((t) => t.suiteql.table === table);
  if (defs.length === 0) return undefined;
  const rows: SqlRow[] = [];
  for (const def of defs) for (const record of store.all(def.name)) rows.push(toRow(def, record, toInstant));
  return rows;
}
