/**
 * The transaction part of the store contract: what the engine's "record" step relies on.
 * Called from `describeStoreContract`; not run on its own.
 */
import { expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../src/audit/audit-log.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';

const cursorKey = { flow: 'orders', system: 'shopify', objectType: 'order' };

/** Everything the engine writes for one record, in one transaction. */
async function recordOne(tx: StoreTx, runId: string, n: number): Promise<void> {
  await tx.links.put({
    entity: 'salesOrder',
    flow: 'orders',
    a: { system: 'shopify', id: String(n) },
    b: { system: 'netsuite', id: `SO${n}` },
    matchedBy: 'externalId',
  });
  await tx.baselines.put({
    entity: 'salesOrder',
    system: 'netsuite',
    recordId: `SO${n}`,
    flow: 'orders',
    seen: { total: '10.00' },
    seenAt: '2026-11-28T09:00:00.000Z',
    written: {},
  });
  await tx.cursors.advance(cursorKey, { modifiedAt: '2026-11-28T09:00:00.000Z', id: String(n) });
  await tx.runs.addCounts(runId, { pending: -1, written: 1 });
  await appendAudit(tx, {
    kind: 'field-written',
    entity: 'salesOrder',
    recordKey: String(n),
    field: 'total',
    newValue: '10.00',
    runId,
  });
}

export function describeStoreTransactionContract(fresh: () => Promise<Store>): void {
  it('commits links, baselines, cursor, run counts and audit events together', async () => {
    const store = await fresh();
    const run = await store.runs.start({ flow: 'orders' });
    await store.runs.addCounts(run.id, { captured: 1, pending: 1 });
    await store.transaction((tx) => recordOne(tx, run.id, 1));
    expect(await store.links.find('salesOrder', { system: 'shopify', id: '1' }, 'netsuite')).toBeDefined();
    expect(
      await store.baselines.get({
        flow: 'orders',
        entity: 'salesOrder',
        system: 'netsuite',
        recordId: 'SO1',
      }),
    ).toBeDefined();
    expect((await store.cursors.get(cursorKey))?.id).toBe('1');
    expect((await store.runs.get(run.id))?.counts).toMatchObject({ written: 1, pending: 0 });
    expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 1 });
  });

  it('leaves nothing behind when the transaction throws, and rethrows the error', async () => {
    const store = await fresh();
    const run = await store.runs.start({ flow: 'orders' });
    await store.runs.addCounts(run.id, { captured: 2, pending: 2 });
    await store.transaction((tx) => recordOne(tx, run.id, 1));
    const failure = new Error('NetSuite write failed after the baselines were staged');
    await expect(
      store.transaction(async (tx) => {
        await recordOne(tx, run.id, 2);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.links.find('salesOrder', { system: 'shopify', id: '2' }, 'netsuite')).toBeUndefined();
    expect(
      await store.baselines.get({
        flow: 'orders',
        entity: 'salesOrder',
        system: 'netsuite',
        recordId: 'SO2',
      }),
    ).toBeUndefined();
    expect((await store.cursors.get(cursorKey))?.id).toBe('1');
    expect((await store.runs.get(run.id))?.counts).toMatchObject({ written: 1, pending: 1 });
    expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 1 });
    // a failing statement inside the transaction rolls back the earlier ones too
    await expect(
      store.transaction(async (tx) => {
        await recordOne(tx, run.id, 3);
        await tx.runs.addCounts(run.id, { pending: -5 });
      }),
    ).rejects.toThrow(/negative/);
    expect(
      await store.baselines.get({
        flow: 'orders',
        entity: 'salesOrder',
        system: 'netsuite',
        recordId: 'SO3',
      }),
    ).toBeUndefined();
    // and the store is still usable afterwards
    await store.transaction((tx) => recordOne(tx, run.id, 4));
    expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 2 });
  });

  it('refuses the store itself inside a transaction, and a tx used after it ended', async () => {
    const store = await fresh();
    let leaked: StoreTx | undefined;
    await expect(
      store.transaction(async (tx) => {
        leaked = tx;
        await store.flows.get('orders');
      }),
    ).rejects.toThrow(/use the `tx` argument/);
    await expect(leaked!.flows.get('orders')).rejects.toThrow(/already ended/);
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(
      /inside another/,
    );
  });

  it('lets work that outlives its transaction use the store later, waiting for the open one', async () => {
    const store = await fresh();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let later: Promise<unknown> | undefined;
    await store.transaction(async () => {
      later = gate.then(() => store.flows.get('orders'));
    });
    await store.transaction(async (tx) => {
      release();
      await new Promise((r) => setImmediate(r));
      await tx.flows.pause('orders', { reason: 'maintenance', by: 'ana' });
    });
    expect(await later).toMatchObject({ paused: true, reason: 'maintenance' });
  });
}
