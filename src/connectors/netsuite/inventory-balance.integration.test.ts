/**
 * NetSuite stock per item and location through the connector, against the simulator over HTTP:
 * SuiteQL's InventoryBalance joined to item and location, summed over bins, read-only, described.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from '../../../sandbox/netsuite/index.ts';
import { ValidationRejected } from '../../model/errors.ts';
import type { SystemRecord } from '../connector.ts';
import { createNetSuiteConnector, type NetSuiteConnector } from './netsuite-connector.ts';

let sim: NetSuiteSimulator;
let connector: NetSuiteConnector;
const ids = { itemA: '', itemB: '', reno: '', amsterdam: '' };

async function all(iterable: AsyncIterable<SystemRecord[]>): Promise<SystemRecord[]> {
  const out: SystemRecord[] = [];
  for await (const page of iterable) out.push(...page);
  return out;
}

beforeAll(async () => {
  sim = await startNetSuiteSimulator({ seed: 3 });
  const subsidiary = { id: SEEDED.subsidiaries.us };
  ids.itemA = sim.seed('inventoryItem', { itemId: 'TENT-2P', displayName: 'Two-person tent', subsidiary });
  ids.itemB = sim.seed('inventoryItem', { itemId: 'STOVE-1', displayName: 'Camp stove', subsidiary });
  ids.reno = sim.seed('location', { name: 'RNO1-US', subsidiary });
  ids.amsterdam = sim.seed('location', { name: 'AMS1-EU', subsidiary });
  // Two bins of one item at one location: the balance is their sum.
  sim.setInventoryBalance({ item: ids.itemA, location: ids.reno, binNumber: '7', quantityAvailable: 5 });
  sim.setInventoryBalance({ item: ids.itemA, location: ids.reno, binNumber: '8', quantityAvailable: 7 });
  sim.setInventoryBalance({
    item: ids.itemA,
    location: ids.amsterdam,
    quantityOnHand: 4,
    quantityAvailable: 3,
  });
  sim.setInventoryBalance({ item: ids.itemB, location: ids.reno, quantityAvailable: 0 });
  connector = createNetSuiteConnector({
    system: 'netsuite',
    accountId: sim.accountId,
    timeZone: 'America/Los_Angeles',
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
    describeTypes: ['InventoryBalance', 'location'],
  });
});

afterAll(async () => {
  await connector?.close();
  await sim?.close();
});

describe('InventoryBalance through SuiteQL', () => {
  it('reads one balance per item and location, bins summed, with the SKU and the location name', async () => {
    const records = await all(connector.scan({ objectType: 'InventoryBalance' }));
    expect(records.map((r) => r.id)).toEqual([
      `${ids.itemA}:${ids.reno}`,
      `${ids.itemA}:${ids.amsterdam}`,
      `${ids.itemB}:${ids.reno}`,
    ]);
    expect(records[0]!.fields).toMatchObject({
      item: { id: ids.itemA, itemId: 'TENT-2P' },
      location: { id: ids.reno, name: 'RNO1-US' },
      quantityOnHand: 12,
      quantityAvailable: 12,
    });
    expect(records[1]!.fields).toMatchObject({ quantityOnHand: 4, quantityAvailable: 3 });
  });

  it('pages by (item, location) and every change read is the whole table, stamped with the scan', async () => {
    const pages: SystemRecord[][] = [];
    for await (const page of connector.readChanges({
      objectType: 'InventoryBalance',
      since: { modifiedAt: new Date().toISOString(), id: '' },
      pageSize: 2,
    }))
      pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat().map((r) => r.modifiedAt)).size).toBe(1);
  });

  it('gets a balance by id and finds balances by SKU or location name', async () => {
    const one = await connector.get('InventoryBalance', `${ids.itemA}:${ids.amsterdam}`);
    expect(one?.fields.quantityAvailable).toBe(3);
    expect(await connector.get('InventoryBalance', 'nope')).toBeUndefined();
    const bySku = await connector.findByField('InventoryBalance', 'item.itemId', 'TENT-2P');
    expect(bySku.map((r) => r.id).sort()).toEqual(
      [`${ids.itemA}:${ids.amsterdam}`, `${ids.itemA}:${ids.reno}`].sort(),
    );
    const byLocation = await connector.findByField('InventoryBalance', 'location.name', 'RNO1-US');
    expect(byLocation).toHaveLength(2);
  });

  it('sees a new quantity on the next read', async () => {
    sim.setInventoryBalance({ item: ids.itemB, location: ids.reno, quantityAvailable: 9 });
    const record = await connector.get('InventoryBalance', `${ids.itemB}:${ids.reno}`);
    expect(record?.fields.quantityAvailable).toBe(9);
  });

  it('refuses writes: stock moves through transactions', async () => {
    await expect(
      connector.upsert({
        objectType: 'InventoryBalance',
        externalId: 'x',
        fields: { quantityAvailable: 1 },
        idempotencyKey: 'k',
      }),
    ).rejects.toBeInstanceOf(ValidationRejected);
  });

  it('is described, so drift does not call it missing', async () => {
    const schema = await connector.describe();
    const balance = schema.objects.find((o) => o.name === 'InventoryBalance');
    expect(balance?.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['item', 'location', 'quantityAvailable']),
    );
    expect(schema.objects.some((o) => o.name === 'location')).toBe(true);
  });
});
