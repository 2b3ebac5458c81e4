/**
 * The store contract suite: every store implementation runs it unchanged (SQLite now, PostgreSQL
 * later). Each test opens a fresh, empty store through the factory.
 *
 * @example
 *   // test/store/sqlite-store.integration.test.ts
 *   describeStoreContract('sqlite', async ({ clock }) => {
 *     const store = await openSqliteStore(join(dir, `${n++}.db`), { clock });
 *     return { store, close: () => store.close() };
 *   });
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/store/clock.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { type Store, StoreConflict } from '../../src/store/store.ts';
import { describeStoreAuditContract } from './store-audit-contract.ts';
import { describeStoreOperationsContract } from './store-operations-contract.ts';
import { describeStoreTransactionContract } from './store-transaction-contract.ts';

export interface StoreFixture {
  store: Store;
  close(): Promise<void>;
}

export type StoreFactory = (options: { clock: ManualClock }) => Promise<StoreFixture>;

export function describeStoreContract(name: string, open: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    const opened: StoreFixture[] = [];
    const clock = new ManualClock(Date.parse('2026-11-28T09:00:00.000Z'));
    const fresh = async (): Promise<Store> => {
      const f = await open({ clock });
      opened.push(f);
      return f.store;
    };
    afterEach(async () => {
      for (const f of opened.splice(0)) await f.close();
    });

    it('links two records once, finds them from either side, and refuses a silent relink', async () => {
      const store = await fresh();
      const hub = { system: 'hubspot', id: '7' };
      const ns = { system: 'netsuite', id: '1042' };
      const link = await store.links.put({
        entity: 'customer',
        flow: 'crm',
        a: ns,
        b: hub,
        matchedBy: 'key',
        matchKey: 'email',
      });
      expect(link.linkedAt).toBe('2026-11-28T09:00:00.000Z');
      expect((await store.links.find('customer', hub, 'netsuite'))?.matchKey).toBe('email');
      const fromNs = await store.links.find('customer', ns, 'hubspot');
      expect([fromNs?.a, fromNs?.b]).toContainEqual(hub);
      expect(await store.links.find('item', hub, 'netsuite')).toBeUndefined();
      // the same link again is a no-op, whichever side comes first
      await store.links.put({ entity: 'customer', flow: 'crm', a: hub, b: ns, matchedBy: 'externalId' });
      expect(await store.links.listFor('customer', hub)).toHaveLength(1);
      await expect(
        store.links.put({
          entity: 'customer',
          flow: 'crm',
          a: hub,
          b: { system: 'netsuite', id: '9' },
          matchedBy: 'key',
        }),
      ).rejects.toThrow(StoreConflict);
      await expect(
        store.links.put({
          entity: 'customer',
          flow: 'crm',
          a: { system: 'hubspot', id: '8' },
          b: ns,
          matchedBy: 'key',
        }),
      ).rejects.toThrow(/already linked to/);
      await expect(
        store.links.put({
          entity: 'customer',
          flow: 'crm',
          a: hub,
          b: { system: 'hubspot', id: '8' },
          matchedBy: 'key',
        }),
      ).rejects.toThrow(/two different systems/);
      expect(await store.links.remove('customer', hub, ns)).toBe(true);
      expect(await store.links.find('customer', hub, 'netsuite')).toBeUndefined();
    });

    it('finds the links of many records of one system at once, from either side (when it offers findMany)', async () => {
      const store = await fresh();
      if (!store.links.findMany) return;
      for (let i = 1; i <= 1_200; i++) {
        if (i % 3 === 0) continue;
        await store.links.put({
          entity: 'customer',
          flow: 'crm',
          a: { system: 'hubspot', id: `h${i}` },
          b: { system: 'netsuite', id: `n${i}` },
          matchedBy: 'created',
        });
      }
      const ids = Array.from({ length: 1_200 }, (_, i) => `h${i + 1}`);
      const fromHub = await store.links.findMany('customer', 'hubspot', ids, 'netsuite');
      expect(fromHub.size).toBe(800);
      expect(fromHub.has('h3')).toBe(false);
      const link = fromHub.get('h1000');
      expect([link?.a, link?.b]).toContainEqual({ system: 'netsuite', id: 'n1000' });
      const fromNs = await store.links.findMany('customer', 'netsuite', ['n1', 'n3', 'n4'], 'hubspot');
      expect([...fromNs.keys()].sort()).toEqual(['n1', 'n4']);
      expect((await store.links.findMany('item', 'hubspot', ids, 'netsuite')).size).toBe(0);
      expect((await store.links.findMany('customer', 'hubspot', [], 'netsuite')).size).toBe(0);
    });

    it('keeps baselines per record, system and flow, JSON exact, with the source of every written value', async () => {
      const store = await fresh();
      const base = {
        entity: 'customer',
        system: 'netsuite',
        recordId: '1042',
        flow: 'crm',
        seen: { email: 'a@x.test', balance: '10.50', address: { lines: ['1 Quay St', null] }, vip: false },
        seenVersion: '2026-11-28T08:59:00.000Z',
        seenAt: '2026-11-28T09:00:00.000Z',
        written: {
          email: {
            value: 'a@x.test',
            sourceSystem: 'hubspot',
            sourceVersion: '42',
            runId: 'r1',
            at: '2026-11-28T09:00:00.000Z',
          },
        },
      };
      const key = { flow: 'crm', entity: 'customer', system: 'netsuite', recordId: '1042' };
      await store.baselines.put(base);
      const got = await store.baselines.get(key);
      expect(got).toMatchObject(base);
      expect(got?.written.email?.sourceVersion).toBe('42');
      expect(await store.baselines.get({ ...key, system: 'hubspot' })).toBeUndefined();
      expect(await store.baselines.get({ ...key, flow: 'customers' })).toBeUndefined();
      await store.baselines.put({ ...base, seen: { email: 'b@x.test' }, written: {} });
      expect((await store.baselines.get(key))?.seen).toEqual({ email: 'b@x.test' });
      await store.baselines.put({ ...base, recordId: '1043' });
      const many = await store.baselines.getMany({ flow: 'crm', entity: 'customer', system: 'netsuite' }, [
        '1042',
        '1043',
        'nope',
      ]);
      expect([...many.keys()].sort()).toEqual(['1042', '1043']);
      await expect(store.baselines.put({ ...base, seen: { amount: Number.NaN } })).rejects.toThrow(
        /baseline customer netsuite:1042 seen: \$\.amount is NaN/,
      );
    });

    it("keeps two flows' baselines of one record apart, each read back exactly", async () => {
      const store = await fresh();
      // The CRM flow and the Shopify flow both sync NetSuite customer 1042: each remembers its own.
      const crm = {
        entity: 'customer',
        system: 'netsuite',
        recordId: '1042',
        flow: 'crm',
        seen: { phone: '+44 20 7946 0000' },
        seenVersion: 'v1',
        seenAt: '2026-11-28T09:00:00.000Z',
        written: {
          phone: {
            value: '+44 20 7946 0000',
            sourceSystem: 'hubspot',
            sourceVersion: '7',
            runId: 'r1',
            at: '2026-11-28T09:00:00.000Z',
          },
        },
      };
      const shop = {
        ...crm,
        flow: 'customers',
        seen: { name: 'Ada Ltd', email: 'ada@x.test' },
        seenVersion: 'v2',
        seenAt: '2026-11-28T09:05:00.000Z',
        written: {
          name: {
            value: 'Ada Ltd',
            sourceSystem: 'shopify',
            sourceVersion: '3',
            runId: 'r2',
            at: '2026-11-28T09:05:00.000Z',
          },
        },
      };
      await store.baselines.put(crm);
      // The second flow's write, batched as the engine's record step does, replaces nothing of the first's.
      await store.transaction(async (tx) => {
        if (tx.baselines.putMany) await tx.baselines.putMany([shop]);
        else await tx.baselines.put(shop);
      });
      const key = { entity: 'customer', system: 'netsuite', recordId: '1042' };
      const { updatedAt: _a, ...crmBack } = (await store.baselines.get({ ...key, flow: 'crm' }))!;
      const { updatedAt: _b, ...shopBack } = (await store.baselines.get({ ...key, flow: 'customers' }))!;
      expect(crmBack).toEqual(crm);
      expect(shopBack).toEqual(shop);
      const scope = { entity: 'customer', system: 'netsuite' };
      expect((await store.baselines.getMany({ ...scope, flow: 'crm' }, ['1042'])).get('1042')?.seen).toEqual(
        crm.seen,
      );
      expect(
        (await store.baselines.getMany({ ...scope, flow: 'customers' }, ['1042'])).get('1042')?.seen,
      ).toEqual(shop.seen);
      expect((await store.baselines.getMany({ ...scope, flow: 'orders' }, ['1042'])).size).toBe(0);
      // A later write by one flow updates its own baseline only.
      await store.baselines.put({ ...crm, seen: { phone: '+44 20 7946 0001' }, seenVersion: 'v3' });
      expect((await store.baselines.get({ ...key, flow: 'customers' }))?.seenVersion).toBe('v2');
      expect(
        (await store.baselines.listFlows('customer', 'netsuite', '1042')).map((b) => [b.flow, b.seenVersion]),
      ).toEqual([
        ['crm', 'v3'],
        ['customers', 'v2'],
      ]);
      expect(await store.baselines.listFlows('customer', 'netsuite', '9')).toEqual([]);
    });

    it('moves inclusive (modifiedAt, id) cursors forward only, unless reset', async () => {
      const store = await fresh();
      const key = { flow: 'orders', system: 'shopify', objectType: 'order' };
      expect(await store.cursors.get(key)).toBeUndefined();
      await store.cursors.advance(key, { modifiedAt: '2026-11-28T10:00:00.000Z', id: '9' });
      // same instant written differently, larger numeric id: forward
      const moved = await store.cursors.advance(key, { modifiedAt: '2026-11-28T10:00:00Z', id: '10' });
      expect(moved.id).toBe('10');
      const kept = await store.cursors.advance(key, { modifiedAt: '2026-11-28T09:00:00.000Z', id: '99' });
      expect(kept).toMatchObject({ modifiedAt: '2026-11-28T10:00:00Z', id: '10' });
      await expect(store.cursors.advance(key, { modifiedAt: 'yesterday', id: '1' })).rejects.toThrow(
        /not an ISO-8601/,
      );
      await store.cursors.reset(key, { modifiedAt: '2026-01-01T00:00:00.000Z', id: '0' });
      expect((await store.cursors.get(key))?.modifiedAt).toBe('2026-01-01T00:00:00.000Z');
      await store.cursors.reset(key, undefined);
      expect(await store.cursors.get(key)).toBeUndefined();
    });

    it('keeps run counts, and says at the end whether they balance', async () => {
      const store = await fresh();
      const ok = await store.runs.start({ flow: 'orders' });
      expect(ok.status).toBe('running');
      await store.runs.addCounts(ok.id, { captured: 5, pending: 5 });
      await store.runs.addCounts(ok.id, {
        pending: -5,
        written: 2,
        unchanged: 1,
        echoes: 1,
        deadLettered: 1,
      });
      const done = await store.runs.finish(ok.id, { status: 'succeeded' });
      expect(done).toMatchObject({
        balanced: true,
        status: 'succeeded',
        counts: { captured: 5, written: 2, pending: 0 },
      });
      expect(done.finishedAt).toBeDefined();
      await expect(store.runs.finish(ok.id, { status: 'failed' })).rejects.toThrow(/finishes once/);

      const lossy = await store.runs.start({ flow: 'orders', id: 'run-lossy' });
      await store.runs.addCounts(lossy.id, { captured: 3, written: 1, inReview: 1 });
      const bad = await store.runs.finish(lossy.id, { status: 'succeeded' });
      expect(bad.balanced).toBe(false);
      expect(runBalance(bad.counts)).toEqual({ balanced: false, accountedFor: 2, difference: 1 });
      await expect(store.runs.addCounts(lossy.id, { written: -2 })).rejects.toThrow(/negative/);
      expect((await store.runs.get(lossy.id))?.counts.written).toBe(1);
      await expect(store.runs.addCounts('no-such-run', { written: 1 })).rejects.toThrow(/no-such-run/);
      expect((await store.runs.list({ flow: 'orders' })).map((r) => r.id)).toContain('run-lossy');
    });

    describeStoreOperationsContract(fresh);
    describeStoreAuditContract(fresh);
    describeStoreTransactionContract(fresh);
  });
}
