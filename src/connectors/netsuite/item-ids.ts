/**
 * NetSuite's items by their natural key, the item's `itemid` ("Item Name/Number" — the SKU). A
 * transaction line's `item` is a reference to an item record (`{ id: "812", refName: "MUG-OAK" }`);
 * NetSuite sets it on write only by `id` or `externalId`, never by name, so a contract that speaks
 * SKUs says so explicitly by mapping the line's `item.itemId` (as it maps `currency.symbol`):
 *
 * - Write: `item: { itemId: "MUG-OAK" }` becomes `{ id: "812" }`; a SKU NetSuite has no item for
 *   is a `ValidationRejected` naming the SKU (a dead letter, never a line sent without an id).
 * - Read: a line's `item: { id: "812", refName: … }` gains `itemId: "MUG-OAK"`, so the same
 *   mapping reads back what it wrote.
 *
 * Unlike currencies (a handful of rows, read whole), an account holds thousands of items: they
 * are looked up on demand with SuiteQL, a batch of keys per query
 * (`SELECT id, itemid FROM item WHERE itemid IN (…)`), and kept per connector. An order of 4
 * lines costs one query; the next order with the same SKUs none. Concurrent writes asking for the
 * same SKU share one query.
 *
 * @example
 *   const items = new ItemIds('netsuite', (q) => suiteqlAll(http, q));
 *   await items.idOf('MUG-OAK', 'salesOrder eid:shopify:gid://shopify/Order/1') // '812'
 *   await items.itemIdOf('812')                                                // 'MUG-OAK'
 */
import { ValidationRejected } from '../../model/errors.ts';
import type { SuiteQlRow } from './suiteql-reader.ts';
import { suiteqlString } from './suiteql-tables.ts';

/**
 * Keys per SuiteQL `IN (…)`: a sales order rarely has more than a few dozen lines, and a query
 * string of 200 quoted SKUs (~6 KB) stays well inside what the REST query endpoint accepts.
 */
const BATCH = 200;

export class ItemIds {
  /** SKU → internal id (undefined: NetSuite has no such item). Promises, so concurrent asks share one query. */
  private readonly idBySku = new Map<string, Promise<string | undefined>>();
  private readonly skuById = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly system: string,
    private readonly query: (q: string) => Promise<SuiteQlRow[]>,
  ) {}

  /** Looks up every SKU not known yet, a batch per query. */
  async prefetch(skus: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...skus].filter((s) => !this.idBySku.has(s)))];
    await Promise.all(chunks(wanted, BATCH).map((batch) => this.lookUp('itemid', batch)));
  }

  /** The internal id of the item whose itemid is `sku`; refuses a SKU NetSuite has no item for. */
  async idOf(sku: string, recordId: string, path = 'item'): Promise<string> {
    await this.prefetch([sku]);
    const id = await this.idBySku.get(sku);
    if (id !== undefined) return id;
    throw new ValidationRejected(
      `NetSuite system "${this.system}" has no item whose Item Name/Number (itemid) is "${sku}"; ` +
        'create the item in NetSuite (Lists > Accounting > Items) or correct the SKU in the source record, then retry.',
      { path },
      { system: this.system, recordId },
    );
  }

  /** The itemid (SKU) of an item internal id, or undefined when NetSuite has no such item. */
  async itemIdOf(id: string): Promise<string | undefined> {
    if (!this.skuById.has(id)) await this.lookUp('id', [id]);
    return this.skuById.get(id);
  }

  /**
   * NetSuite's refusal of a line's item ("Invalid Field Value 5025 for the following field: item",
   * at `item.items[0].item`) names an internal id only; the same error with the SKU and, when it
   * is so, that the item is inactive — the usual cause (a product discontinued while its order
   * waited). Asked only when NetSuite refused, so the happy path pays no extra query.
   */
  async explainRefusal(error: Error, fields: Readonly<Record<string, unknown>>): Promise<Error> {
    if (!(error instanceof ValidationRejected)) return error;
    const at = /^item\.items\[(\d+)\]\.item$/.exec(error.detail.path ?? '');
    const lines = (fields.item as { items?: unknown[] } | undefined)?.items;
    const line =
      at && Array.isArray(lines)
        ? (lines[Number(at[1])] as { item?: Record<string, unknown> } | undefined)
        : undefined;
    // The line as the contract gave it: by id, or by SKU (`itemId`) resolved a moment ago.
    const sku = line?.item?.itemId;
    const id = line?.item?.id ?? (typeof sku === 'string' ? await this.idBySku.get(sku.trim()) : undefined);
    if (id == null) return error;
    const rows = await this.query(
      `SELECT itemid, isinactive FROM item WHERE id = ${suiteqlString(String(id))}`,
    ).catch(() => []);
    const row = rows[0];
    if (!row || row.itemid == null) return error;
    const why =
      row.isinactive === 'T' || row.isinactive === true
        ? `item "${String(row.itemid)}" (internal id ${String(id)}) is inactive in NetSuite, which takes no inactive item on a new line; reactivate it (Lists > Accounting > Items) or take the line off the order`
        : `the line's item is "${String(row.itemid)}" (internal id ${String(id)}); check that it is sold in the order's subsidiary`;
    return new ValidationRejected(`${error.message} — ${why}.`, error.detail, {
      system: error.system,
      recordId: error.recordId,
    });
  }

  /** Looks up every internal id not known yet, a batch per query. */
  async prefetchIds(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...ids].filter((i) => !this.skuById.has(i)))];
    await Promise.all(chunks(wanted, BATCH).map((batch) => this.lookUp('id', batch)));
  }

  private lookUp(column: 'id' | 'itemid', keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    const rows = this.query(
      `SELECT id, itemid FROM item WHERE ${column} IN (${keys.map(suiteqlString).join(', ')}) ORDER BY id`,
    );
    const own = column === 'itemid' ? this.idBySku : this.skuById;
    const found = rows.then((all) => {
      const byKey = new Map<string, { id: string; sku: string }>();
      for (const row of all) {
        if (row.id == null || row.itemid == null) continue;
        const hit = { id: String(row.id), sku: String(row.itemid) };
        // Two items cannot share an itemid in NetSuite; the lowest id wins should a view show both.
        const key = column === 'itemid' ? hit.sku : hit.id;
        if (!byKey.has(key)) byKey.set(key, hit);
        if (!this.idBySku.has(hit.sku)) this.idBySku.set(hit.sku, Promise.resolve(hit.id));
        if (!this.skuById.has(hit.id)) this.skuById.set(hit.id, Promise.resolve(hit.sku));
      }
      return byKey;
    });
    for (const key of keys) {
      const value = found.then((byKey) => {
        const hit = byKey.get(key);
        return column === 'itemid' ? hit?.id : hit?.sku;
      });
      own.set(key, value);
      // A failed query (a 429 storm, a network blip) is not cached: the next record asks again.
      value.catch(() => {
        if (own.get(key) === value) own.delete(key);
      });
    }
    return found.then(() => undefined);
  }
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
