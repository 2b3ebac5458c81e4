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
import { appendAudit, traceAudit, verifyAudit } from '../../src/audit/audit-log.ts';
import { Money } from '../../src/model/money.ts';
import { ManualClock } from '../../src/store/clock.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { IllegalTransition } from '../../src/store/state-machine.ts';
import { type Store, StoreConflict } from '../../src/store/store.ts';
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

    it('keeps baselines per record and system, JSON exact, with the source of every written value', async () => {
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
      await store.baselines.put(base);
      const got = await store.baselines.get('customer', 'netsuite', '1042');
      expect(got).toMatchObject(base);
      expect(got?.written.email?.sourceVersion).toBe('42');
      expect(await store.baselines.get('customer', 'hubspot', '1042')).toBeUndefined();
      await store.baselines.put({ ...base, seen: { email: 'b@x.test' }, written: {} });
      expect((await store.baselines.get('customer', 'netsuite', '1042'))?.seen).toEqual({
        email: 'b@x.test',
      });
      await store.baselines.put({ ...base, recordId: '1043' });
      const many = await store.baselines.getMany('customer', 'netsuite', ['1042', '1043', 'nope']);
      expect([...many.keys()].sort()).toEqual(['1042', '1043']);
      await expect(store.baselines.put({ ...base, seen: { amount: Number.NaN } })).rejects.toThrow(
        /baseline customer netsuite:1042 seen: \$\.amount is NaN/,
      );
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

    it('opens dead letters with secrets redacted and moves them only along their state machine', async () => {
      const store = await fresh();
      const letter = await store.deadLetters.open({
        flow: 'orders',
        recordKey: 'shopify:1001',
        jobId: 12,
        jobKey: 'orders:1001:v3',
        payload: { id: 1001, total: '99.00' },
        request: {
          method: 'PUT',
          url: '/salesOrder/eid:1001',
          headers: { Authorization: 'Bearer s3cr3t', 'Content-Type': 'application/json' },
        },
        response: {
          status: 400,
          body: { 'o:errorCode': 'INVALID_CONTENT', detail: 'custbody_region is mandatory' },
        },
        reason: 'NetSuite refused the order: custbody_region is mandatory',
        classification: 'VALIDATION_REJECTED',
        attempts: 1,
      });
      expect(letter.state).toBe('open');
      expect(JSON.stringify(letter)).not.toContain('s3cr3t');
      expect(letter.request).toMatchObject({
        headers: { Authorization: '[redacted]', 'Content-Type': 'application/json' },
      });
      expect((await store.deadLetters.list({ state: 'open' })).map((d) => d.id)).toEqual([letter.id]);
      await expect(store.deadLetters.resolve(letter.id, { by: 'ana', reason: ' ' })).rejects.toThrow(
        /reason is empty/,
      );
      const retried = await store.deadLetters.markRetried(letter.id, {
        by: 'ana',
        reason: 'field added to mapping',
      });
      expect(retried).toMatchObject({
        state: 'retried',
        resolution: { by: 'ana', reason: 'field added to mapping' },
      });
      const resolved = await store.deadLetters.resolve(letter.id, { by: 'ana', reason: 'replay succeeded' });
      expect(resolved.state).toBe('resolved');
      const err = await store.deadLetters
        .markRetried(letter.id, { by: 'ana', reason: 'again' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IllegalTransition);
      expect(err).toMatchObject({ from: 'resolved', to: 'retried' });
      expect(await store.deadLetters.list({ state: 'open' })).toEqual([]);
    });

    it('asks each review question once and records the decision once', async () => {
      const store = await fresh();
      const input = {
        kind: 'ambiguous-match' as const,
        flow: 'crm',
        entity: 'customer',
        recordKey: 'hubspot:7',
        candidates: [
          { system: 'netsuite', id: '1' },
          { system: 'netsuite', id: '2' },
        ],
      };
      const first = await store.reviews.open(input);
      const again = await store.reviews.open(input);
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, item: { id: first.item.id } });
      const decided = await store.reviews.decide(first.item.id, { decision: { link: '2' }, by: 'ana' });
      expect(decided).toMatchObject({ state: 'decided', decision: { link: '2' }, decidedBy: 'ana' });
      await expect(
        store.reviews.decide(first.item.id, { decision: { link: '1' }, by: 'bo' }),
      ).rejects.toMatchObject({
        from: 'decided',
        to: 'decided',
      });
      expect((await store.reviews.open(input)).created).toBe(true);
      const conflict = await store.reviews.open({
        ...input,
        kind: 'conflict',
        field: 'email',
        candidates: ['a', 'b'],
      });
      expect(conflict.item.field).toBe('email');
      expect(await store.reviews.list({ state: 'open', kind: 'conflict' })).toHaveLength(1);
    });

    it('keeps schema snapshots and their approval, and flow pause state with its reason', async () => {
      const store = await fresh();
      const s1 = await store.schemaSnapshots.add({
        system: 'netsuite',
        schema: { customer: ['email'] },
        takenAt: '2026-11-01T00:00:00.000Z',
      });
      await store.schemaSnapshots.add({
        system: 'netsuite',
        schema: { customer: ['email', 'phone'] },
        takenAt: '2026-11-02T00:00:00.000Z',
      });
      expect((await store.schemaSnapshots.latest('netsuite'))?.schema).toEqual({
        customer: ['email', 'phone'],
      });
      expect(await store.schemaSnapshots.latest('netsuite', { approvedOnly: true })).toBeUndefined();
      await store.schemaSnapshots.approve(s1.id, 'ana');
      expect(await store.schemaSnapshots.latest('netsuite', { approvedOnly: true })).toMatchObject({
        id: s1.id,
        approved: true,
        approvedBy: 'ana',
      });
      expect(await store.schemaSnapshots.list('netsuite')).toHaveLength(2);

      expect(await store.flows.get('orders')).toEqual({ flow: 'orders', paused: false });
      await expect(store.flows.pause('orders', { reason: '', by: 'ana' })).rejects.toThrow(/say why/);
      expect(
        await store.flows.pause('orders', { reason: 'NetSuite upgrade tonight', by: 'ana' }),
      ).toMatchObject({ paused: true, reason: 'NetSuite upgrade tonight' });
      expect((await store.flows.resume('orders', { by: 'ana' })).paused).toBe(false);
    });

    it('chains audit events, verifies the chain and traces one field in order', async () => {
      const store = await fresh();
      const written = (field: string, oldValue: unknown, newValue: unknown, sourceVersion: string) => ({
        kind: 'field-written' as const,
        system: 'netsuite',
        entity: 'customer',
        recordId: '1042',
        recordKey: 'c@x.test',
        field,
        oldValue,
        newValue,
        runId: 'r1',
        flow: 'crm',
        rule: 'owner',
        sourceSystem: 'hubspot',
        sourceVersion,
      });
      const events = await store.transaction((tx) =>
        appendAudit(tx, [
          written('email', null, 'c@x.test', 'v1'),
          written('creditLimit', null, Money.of('1500.00', 'EUR'), 'v1'),
        ]),
      );
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
      expect(events[1]?.prevHash).toBe(events[0]?.hash);
      await store.transaction((tx) =>
        appendAudit(tx, {
          kind: 'operator-action',
          actor: 'ana',
          action: 'flow.pause',
          detail: { flow: 'crm' },
        }),
      );
      await store.transaction((tx) => appendAudit(tx, written('email', 'c@x.test', 'd@x.test', 'v2')));
      const trace = await traceAudit(store, { entity: 'customer', recordKey: 'c@x.test', field: 'email' });
      expect(trace.map((e) => [e.seq, e.oldValue, e.newValue, e.sourceVersion])).toEqual([
        [1, null, 'c@x.test', 'v1'],
        [4, 'c@x.test', 'd@x.test', 'v2'],
      ]);
      expect(
        (await traceAudit(store, { entity: 'customer', recordKey: 'c@x.test', field: 'creditLimit' }))[0]
          ?.newValue,
      ).toEqual({ amount: '1500.00', currency: 'EUR' });
      const check = await verifyAudit(store, 2);
      expect(check).toMatchObject({ ok: true, events: 4, head: { seq: 4 } });
    });

    it('serialises concurrent transactions, so concurrent audit appends still form one chain', async () => {
      const store = await fresh();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.links.put({
              entity: 'item',
              flow: 'items',
              a: { system: 'shopify', id: String(i) },
              b: { system: 'netsuite', id: `ns${i}` },
              matchedBy: 'created',
            });
            await new Promise((r) => setImmediate(r));
            return appendAudit(tx, {
              kind: 'field-written',
              entity: 'item',
              recordKey: String(i),
              field: 'sku',
              newValue: `SKU-${i}`,
            });
          }),
        ),
      );
      expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 20 });
    });

    describeStoreTransactionContract(fresh);
  });
}
