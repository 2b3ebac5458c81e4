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

/**
 * Tables SuiteQL has that are no REST record type, stored under these names. `InventoryBalance`
 * holds one row per item, location, bin, lot and status (what NetSuite's own balance search
 * shows): quantities per item and location are its sums. It has no id and no lastmodifieddate.
 */
export const QUERY_ONLY_TABLES: Record<string, string> = { inventorybalance: 'InventoryBalance' };

function balanceRow(record: StoredRecord): SqlRow {
  // References are stored as `{ id }` (a loaded account) or as the id itself (setInventoryBalance).
  const n = (v: unknown) =>
    v === undefined || v === null ? null : Number(typeof v === 'object' ? (v as { id: unknown }).id : v);
  return new Map<string, SqlValue>([
    ['item', n(record.item)],
    ['location', n(record.location)],
    ['binnumber', n(record.binNumber)],
    ['inventorynumber', n(record.inventoryNumber)],
    ['status', n(record.status)],
    ['quantityonhand', n(record.quantityOnHand)],
    ['quantityavailable', n(record.quantityAvailable)],
    ['quantitypicked', n(record.quantityPicked ?? 0)],
  ]);
}

export function suiteqlTableNames(types: Map<string, RecordTypeDef>): string[] {
  return [...new Set([...types.values()].map((t) => t.suiteql.table)), ...Object.keys(QUERY_ONLY_TABLES)];
}

export function suiteqlRows(
  table: string,
  types: Map<string, RecordTypeDef>,
  store: RecordStore,
  toInstant: (date: string) => number,
): SqlRow[] | undefined {
  const queryOnly = QUERY_ONLY_TABLES[table];
  if (queryOnly) return store.all(queryOnly).map(balanceRow);
  const defs = [...types.values()].filter((t) => t.suiteql.table === table);
  if (defs.length === 0) return undefined;
  const rows: SqlRow[] = [];
  for (const def of defs) for (const record of store.all(def.name)) rows.push(toRow(def, record, toInstant));
  return rows;
}
