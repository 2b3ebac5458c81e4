/**
 * NetSuite's stock per item and location, read through SuiteQL's `InventoryBalance` table — a
 * query-only, read-only record type: it is no REST record (there is nothing to GET, PUT or
 * describe in the metadata catalog) and stock changes only through transactions (receipts,
 * fulfilments, adjustments), never by writing a balance.
 *
 * `InventoryBalance` holds one row per item, location, bin, lot and status, so a balance here is
 * the SUM per item and location, joined to `item` (the SKU: `itemid`) and `location` (its name).
 * A record's id is `<item internal id>:<location internal id>`.
 *
 * Why every read is a full scan: `InventoryBalance` has no `lastmodifieddate` (nor any id), and no
 * other SuiteQL table tells when a balance moved short of walking every inventory-affecting
 * transaction line. So `readChanges` ignores the cursor and returns every balance, stamped with
 * the scan's start instant: each scan is a new version of every balance, and the engine's
 * baselines decide what changed (an equal quantity is "unchanged", our own write coming back an
 * echo). A constant stamp would be cheaper but wrong: job keys carry (modifiedAt, content), so a
 * quantity going 5 → 4 → 5 would map to the first job's key and its return to 5 be dropped.
 * One balance per item and location keeps a scan small (26 rows in the demo, ~10^5 for a large
 * catalogue at 1,000 rows a page).
 *
 * @example
 *   for await (const page of readInventoryBalances(http, { pageSize: 1000 })) …
 *   // page[0].fields → { item: { id: '501', itemId: 'SKU-1' }, location: { id: '1', name: 'RNO1-US' }, quantityAvailable: 12 }
 */
import type { ObjectSchema, SystemRecord } from '../connector.ts';
import type { NetSuiteHttp } from './netsuite-http.ts';
import { type SuiteQlRow, suiteqlPage } from './suiteql-reader.ts';
import { suiteqlString } from './suiteql-tables.ts';

export const INVENTORY_BALANCE = 'InventoryBalance';

export function isInventoryBalance(objectType: string): boolean {
  return objectType.toLowerCase() === 'inventorybalance';
}

/** What `describe()` reports for it: the fields a balance record carries. */
export const INVENTORY_BALANCE_SCHEMA: ObjectSchema = {
  name: INVENTORY_BALANCE,
  custom: false,
  fields: [
    // Not a SuiteQL column: the connector's `<item>:<location>` key for the balance.
    { name: 'id', type: 'string', required: true, custom: false },
    { name: 'item', type: 'reference', required: true, custom: false, references: 'inventoryItem' },
    { name: 'location', type: 'reference', required: true, custom: false, references: 'location' },
    { name: 'quantityOnHand', type: 'number', required: false, custom: false },
    { name: 'quantityAvailable', type: 'number', required: false, custom: false },
  ],
};

const SELECT =
  'SELECT b.item AS item, b.location AS location, i.itemid AS itemid, i.displayname AS displayname, ' +
  'l.name AS locationname, SUM(b.quantityonhand) AS quantityonhand, SUM(b.quantityavailable) AS quantityavailable ' +
  'FROM InventoryBalance b INNER JOIN item i ON i.id = b.item INNER JOIN location l ON l.id = b.location';
const GROUP = ' GROUP BY b.item, b.location, i.itemid, i.displayname, l.name ORDER BY b.item, b.location';

/** Field paths a match key may search by, as SuiteQL columns. */
const SEARCHABLE: Record<string, string> = {
  item: 'b.item',
  'item.id': 'b.item',
  'item.itemId': 'i.itemid',
  location: 'b.location',
  'location.id': 'b.location',
  'location.name': 'l.name',
};

const int = (v: unknown): string => {
  const s = String(v);
  if (!/^\d+$/.test(s)) throw new RangeError(`a NetSuite internal id is an integer, got "${s}"`);
  return s;
};

const quantity = (v: unknown): number => (v === undefined || v === null ? 0 : Number(v));

function toRecord(row: SuiteQlRow, modifiedAt: string): SystemRecord {
  const item = String(row.item);
  const location = String(row.location);
  const itemId = row.itemid == null ? undefined : String(row.itemid);
  const name = row.locationname == null ? undefined : String(row.locationname);
  return {
    objectType: INVENTORY_BALANCE,
    id: `${item}:${location}`,
    modifiedAt,
    fields: {
      item: {
        id: item,
        ...(itemId === undefined ? {} : { refName: itemId, itemId }),
        ...(row.displayname == null ? {} : { displayName: String(row.displayname) }),
      },
      location: { id: location, ...(name === undefined ? {} : { refName: name, name }) },
      quantityOnHand: quantity(row.quantityonhand),
      quantityAvailable: quantity(row.quantityavailable),
    },
  };
}

export interface BalanceReadOptions {
  pageSize: number;
  /** Extra condition on the joined rows (already valid SuiteQL). */
  where?: string;
  signal?: AbortSignal | undefined;
  now?: () => number;
}

/**
 * Every balance (per item and location), in pages keyed on (item, location): each page starts
 * strictly after the last pair seen, so the 100,000-row offset cap is never reached.
 */
export async function* readInventoryBalances(
  http: NetSuiteHttp,
  options: BalanceReadOptions,
): AsyncGenerator<SystemRecord[]> {
  const modifiedAt = new Date((options.now ?? Date.now)()).toISOString();
  const limit = Math.max(1, Math.min(1000, Math.floor(options.pageSize)));
  let after: { item: string; location: string } | undefined;
  for (;;) {
    const conditions = [
      options.where,
      after &&
        `(b.item > ${int(after.item)} OR (b.item = ${int(after.item)} AND b.location > ${int(after.location)}))`,
    ].filter((c): c is string => Boolean(c));
    const q = `${SELECT}${conditions.length > 0 ? ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : ''}${GROUP}`;
    const page = await suiteqlPage(http, q, { limit, offset: 0 }, options.signal);
    if (page.items.length > 0) yield page.items.map((row) => toRecord(row, modifiedAt));
    if (page.items.length < limit || !page.hasMore) return;
    const last = page.items[page.items.length - 1]!;
    after = { item: String(last.item), location: String(last.location) };
  }
}

/** The balance `<item>:<location>`, or undefined when there is none (or the id is no such pair). */
export async function getInventoryBalance(http: NetSuiteHttp, id: string): Promise<SystemRecord | undefined> {
  const m = /^(\d+):(\d+)$/.exec(id);
  if (!m) return undefined;
  for await (const page of readInventoryBalances(http, {
    pageSize: 1,
    where: `b.item = ${m[1]} AND b.location = ${m[2]}`,
  }))
    return page[0];
  return undefined;
}

/** Balances whose `field` (a mapped path: `item.itemId`, `location.name`, …) equals `value`. */
export async function findInventoryBalances(
  http: NetSuiteHttp,
  field: string,
  value: string,
): Promise<SystemRecord[] | undefined> {
  const column = SEARCHABLE[field];
  if (!column) return undefined;
  const literal = column.startsWith('b.') ? (/^\d+$/.test(value) ? value : 'NULL') : suiteqlString(value);
  const found: SystemRecord[] = [];
  for await (const page of readInventoryBalances(http, { pageSize: 1000, where: `${column} = ${literal}` }))
    found.push(...page);
  return found;
}

/** The fields `findInventoryBalances` can search, for error messages. */
export const INVENTORY_BALANCE_SEARCHABLE = Object.keys(SEARCHABLE);
