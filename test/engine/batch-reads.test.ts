import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConnector } from '../../src/connectors/memory/memory-connector.ts';
import { batchSession } from '../../src/engine/batch-reads.ts';
import type { ChangePayload } from '../../src/engine/change-payload.ts';
import { planFlow } from '../../src/engine/flow-plan.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { customersContract } from './memory-fixture.ts';

let store: SqliteStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
});

const key = (system: string, recordId: string) => ({
  flow: 'customers',
  entity: 'customer',
  system,
  recordId,
});

const change = (source: string, id: string): ChangePayload => ({
  source,
  record: {
    id,
    objectType: source === 'shop' ? 'Customer' : 'customer',
    modifiedAt: '2026-11-28T10:00:00.000Z',
    fields: {},
  },
  via: 'poll',
});

async function rig(direction: 'one-way' | 'two-way') {
  dir = mkdtempSync(join(tmpdir(), 'accord-batch-reads-'));
  store = await openSqliteStore(join(dir, 'accord.db'));
  const connectors = {
    shop: new MemoryConnector({ system: 'shop', kind: 'shopify' }),
    erp: new MemoryConnector({ system: 'erp', kind: 'netsuite' }),
  };
  const plan = planFlow(
    customersContract({ direction }),
    'customers',
    (s) => connectors[s as 'shop' | 'erp'],
  );
  const baseline = (system: string, recordId: string) => ({
    entity: 'customer',
    system,
    recordId,
    flow: 'customers',
    seen: { name: `${system} ${recordId}` },
    seenAt: '2026-11-28T10:00:00.000Z',
    written: {},
  });
  await store.baselines.putMany?.([baseline('shop', '1'), baseline('erp', '501'), baseline('erp', '777')]);
  await store.links.put({
    entity: 'customer',
    flow: 'customers',
    a: { system: 'shop', id: '1' },
    b: { system: 'erp', id: '501' },
    matchedBy: 'created',
  });
  // Counts what still reaches the store through the batch's session.
  const calls = { baselines: 0, links: 0 };
  const real = store;
  const counting = {
    ...real,
    baselines: {
      ...real.baselines,
      get: (...a: Parameters<typeof real.baselines.get>) => {
        calls.baselines++;
        return real.baselines.get(...a);
      },
      getMany: real.baselines.getMany.bind(real.baselines),
    },
    links: {
      ...real.links,
      find: (...a: Parameters<typeof real.links.find>) => {
        calls.links++;
        return real.links.find(...a);
      },
      findMany: real.links.findMany?.bind(real.links),
    },
  } as unknown as SqliteStore;
  return { plan, session: counting, calls };
}

describe('batch reads', () => {
  it("answers a batch's baselines and links from one read, misses included, and passes anything else on", async () => {
    const { plan, session, calls } = await rig('one-way');
    const reads = await batchSession(session, plan, [change('shop', '1'), change('shop', '2')]);
    expect((await reads.baselines.get(key('shop', '1')))?.seen).toEqual({ name: 'shop 1' });
    expect(await reads.baselines.get(key('shop', '2'))).toBeUndefined();
    expect((await reads.links.find('customer', { system: 'shop', id: '1' }, 'erp'))?.a).toEqual({
      system: 'erp',
      id: '501',
    });
    expect(await reads.links.find('customer', { system: 'shop', id: '2' }, 'erp')).toBeUndefined();
    // The linked ERP record's baseline came with the link.
    expect((await reads.baselines.get(key('erp', '501')))?.seen).toEqual({ name: 'erp 501' });
    expect(calls).toEqual({ baselines: 0, links: 0 });
    // A record the batch did not ask for is read from the store.
    expect((await reads.baselines.get(key('erp', '777')))?.seen).toEqual({ name: 'erp 777' });
    expect(await reads.links.find('customer', { system: 'erp', id: '501' }, 'shop')).toBeDefined();
    expect(calls).toEqual({ baselines: 1, links: 1 });
  });

  it('keeps both sides of a two-way batch (one system asked as source and as linked target)', async () => {
    const { plan, session, calls } = await rig('two-way');
    const reads = await batchSession(session, plan, [
      change('shop', '1'),
      change('erp', '777'),
      change('erp', '9'),
    ]);
    expect((await reads.baselines.get(key('erp', '501')))?.seen).toEqual({ name: 'erp 501' });
    expect((await reads.baselines.get(key('erp', '777')))?.seen).toEqual({ name: 'erp 777' });
    expect(await reads.baselines.get(key('erp', '9'))).toBeUndefined();
    expect(await reads.links.find('customer', { system: 'erp', id: '777' }, 'shop')).toBeUndefined();
    expect(calls).toEqual({ baselines: 0, links: 0 });
  });
});
