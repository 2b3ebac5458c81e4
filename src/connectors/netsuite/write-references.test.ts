import { describe, expect, it } from 'vitest';
import { toError, ValidationRejected } from '../../model/errors.ts';
import { CurrencyCodes } from './currency-codes.ts';
import { ItemIds } from './item-ids.ts';
import { writeReferences } from './write-references.ts';

/** The account's item table as SuiteQL answers `SELECT id, itemid FROM item WHERE … IN (…)`. */
const ITEMS = [
  { id: 812, itemid: 'MUG-OAK' },
  { id: 813, itemid: 'MUG-ASH' },
];

/** The account's currency table as SuiteQL returns it. */
const ctx = () => {
  let queries = 0;
  const itemQueries: string[] = [];
  const items = new ItemIds('netsuite', async (q) => {
    itemQueries.push(q);
    const keys = [...q.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    const column = /WHERE (\w+) IN/.exec(q)?.[1];
    return ITEMS.filter((r) => keys.includes(column === 'id' ? String(r.id) : r.itemid));
  });
  const currencies = new CurrencyCodes('netsuite', async () => {
    queries += 1;
    return [
      { id: 1, symbol: 'USD' },
      { id: '7', symbol: 'KWD' },
    ];
  });
  return {
    ctx: { system: 'netsuite', recordId: 'eid:stripe:pi_1', currencies, items },
    queries: () => queries,
    itemQueries,
  };
};

describe('writeReferences', () => {
  it('writes a currency by id from its ISO code, reading the currency table once', async () => {
    const { ctx: c, queries } = ctx();
    expect(await writeReferences({ currency: { symbol: 'kwd' }, payment: '1.25' }, c)).toEqual({
      currency: { id: '7' },
      payment: '1.25',
    });
    expect(await writeReferences({ currency: { symbol: 'USD' } }, c)).toEqual({ currency: { id: '1' } });
    expect(queries()).toBe(1);
  });

  it('keeps the id or external id of a reference read back with its name, and clears a null one', async () => {
    const { ctx: c } = ctx();
    expect(
      await writeReferences(
        {
          subsidiary: { id: '2', refName: 'Accord Goods GmbH (DE)' },
          customer: { externalId: 'shopify:42', refName: 'Ada' },
          entity: { id: null },
          defaultAddress: { addr1: '1 Main St', city: 'Reno' },
        },
        c,
      ),
    ).toEqual({
      subsidiary: { id: '2' },
      customer: { externalId: 'shopify:42' },
      entity: null,
      defaultAddress: { addr1: '1 Main St', city: 'Reno' },
    });
  });

  it('walks sublist lines', async () => {
    const { ctx: c } = ctx();
    const out = await writeReferences(
      { apply: { items: [{ doc: { id: '9', refName: 'INV9' }, amount: '5' }] } },
      c,
    );
    expect(out).toEqual({ apply: { items: [{ doc: { id: '9' }, amount: '5' }] } });
  });

  it('refuses a name-only reference and an unknown currency, naming the field and the value', async () => {
    const { ctx: c } = ctx();
    const byName = await writeReferences({ custbody_acme_stripe_status: { refName: 'Captured' } }, c).catch(
      (e: unknown) => toError(e),
    );
    expect(byName).toBeInstanceOf(ValidationRejected);
    expect((byName as Error).message).toMatch(
      /custbody_acme_stripe_status.*"Captured".*custbody_acme_stripe_status\.id/,
    );
    const unknown = await writeReferences({ currency: { symbol: 'XAU' } }, c).catch((e: unknown) =>
      toError(e),
    );
    expect(unknown).toBeInstanceOf(ValidationRejected);
    expect((unknown as Error).message).toMatch(/"XAU".*USD, KWD/);
  });

  it('writes line items by id from their SKUs (item.itemId), one query for all lines, cached', async () => {
    const { ctx: c, itemQueries } = ctx();
    const order = {
      item: {
        items: [
          { item: { itemId: 'MUG-OAK' }, quantity: 2 },
          { item: { itemId: 'MUG-ASH' }, quantity: 1 },
          { item: { itemId: 'MUG-OAK' }, quantity: 1 },
        ],
      },
    };
    expect(await writeReferences(order, c)).toEqual({
      item: {
        items: [
          { item: { id: '812' }, quantity: 2 },
          { item: { id: '813' }, quantity: 1 },
          { item: { id: '812' }, quantity: 1 },
        ],
      },
    });
    await writeReferences(order, c);
    expect(itemQueries).toEqual([
      "SELECT id, itemid FROM item WHERE itemid IN ('MUG-OAK', 'MUG-ASH') ORDER BY id",
    ]);
    expect(await c.items.itemIdOf('813')).toBe('MUG-ASH');
    expect(itemQueries).toHaveLength(1);
  });

  it('refuses a line whose SKU NetSuite has no item for, naming the SKU and the line', async () => {
    const { ctx: c } = ctx();
    const error = await writeReferences(
      { item: { items: [{ item: { itemId: 'MUG-OAK' } }, { item: { itemId: 'NO-SUCH-SKU' } }] } },
      c,
    ).catch((e: unknown) => toError(e));
    expect(error).toBeInstanceOf(ValidationRejected);
    expect((error as Error).message).toMatch(/no item whose Item Name\/Number \(itemid\) is "NO-SUCH-SKU"/);
    expect((error as ValidationRejected).recordId).toBe('eid:stripe:pi_1');
    expect((error as ValidationRejected).detail).toEqual({ path: 'item.items[1].item' });
  });
});
