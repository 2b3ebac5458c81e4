/**
 * SuiteQL joins and the query-only InventoryBalance table: INNER JOIN drops unmatched rows, LEFT
 * JOIN keeps them with nulls, qualified and plain column names, GROUP BY over joined rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from './index.ts';
import { nsFetch } from './test-client.ts';

type Row = Record<string, string>;

describe('SuiteQL joins', () => {
  let sim: NetSuiteSimulator;
  const items = async (q: string) => {
    const reply = await nsFetch(sim, 'POST', '/services/rest/query/v1/suiteql', {
      body: { q },
      headers: { prefer: 'transient' },
    });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    return ((reply.json as { items: Row[] }).items ?? []).map(({ links: _l, ...r }) => r as Row);
  };
  const ids = { item: '', other: '', location: '' };

  beforeAll(async () => {
    sim = await startNetSuiteSimulator();
    const subsidiary = { id: SEEDED.subsidiaries.us };
    ids.item = sim.seed('inventoryItem', { itemId: 'JOIN-1', subsidiary });
    ids.other = sim.seed('inventoryItem', { itemId: 'JOIN-2', subsidiary });
    ids.location = sim.seed('location', { name: 'Reno', subsidiary });
    sim.setInventoryBalance({ item: ids.item, location: ids.location, binNumber: '1', quantityAvailable: 2 });
    sim.setInventoryBalance({ item: ids.item, location: ids.location, binNumber: '2', quantityAvailable: 3 });
    // A balance at a location that does not exist: an inner join drops it.
    sim.setInventoryBalance({ item: ids.other, location: '999', quantityAvailable: 1 });
  });
  afterAll(async () => sim.close());

  it('joins, sums bins per item and location, and keeps plain names unambiguous', async () => {
    const rows = await items(
      'SELECT i.itemid AS sku, l.name, SUM(b.quantityavailable) AS available FROM InventoryBalance b ' +
        'INNER JOIN item i ON i.id = b.item JOIN location l ON l.id = b.location ' +
        'GROUP BY i.itemid, l.name ORDER BY i.itemid',
    );
    expect(rows).toEqual([{ sku: 'JOIN-1', name: 'Reno', available: '5' }]);
  });

  it('LEFT JOIN keeps the unmatched balance with null columns (left out, as REST does)', async () => {
    const rows = await items(
      'SELECT b.item, l.name AS location FROM InventoryBalance b LEFT OUTER JOIN location l ON l.id = b.location ' +
        `WHERE b.item = ${ids.other}`,
    );
    expect(rows).toEqual([{ item: ids.other }]);
  });

  it('refuses an unknown joined table the way NetSuite does', async () => {
    const reply = await nsFetch(sim, 'POST', '/services/rest/query/v1/suiteql', {
      body: { q: 'SELECT b.item FROM InventoryBalance b JOIN nosuchtable n ON n.id = b.item' },
      headers: { prefer: 'transient' },
    });
    expect(reply.status).toBe(400);
  });
});
