/**
 * A deleted source record, through the simulators: the flow's onDelete decides — flag (the
 * default: a review item, nothing changed until a human decides), propagate (NetSuite inactivates
 * the linked customer, never hard-deletes it) or ignore. Every run balances, with propagated
 * deletions counted as `deleted`, and the audit chain verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { restToRecord } from '../../src/connectors/shopify/webhook-record.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { defaultSubsidiaryScript, type SimRig, seedShopifyCustomers, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Syncs one Shopify customer into NetSuite, deletes it in Shopify, and feeds the delete webhook. */
async function syncThenDelete(r: SimRig): Promise<{ nsId: string }> {
  const [id] = seedShopifyCustomers(r.shop, 1);
  const first = await r.engine.runFlow('customers', { once: true });
  expect(first.counts.written).toBe(1);
  const ns = r.ns.records('customer').find((c) => String(c.externalId ?? '').startsWith('shopify:'));
  expect(r.shop.store.deleteCustomer(Number(id))).toBe(true);
  const { objectType, record } = restToRecord(
    'customers/delete',
    { id: Number(id), admin_graphql_api_id: `gid://shopify/Customer/${id}` },
    new Date().toISOString(),
  );
  const created = await r.engine.ingestWebhookEvents('customers', 'shopify', [
    { eventId: `delete-${id}`, topic: 'customers/delete', objectType, record },
  ]);
  expect(created).toBe(1);
  return { nsId: String(ns?.id) };
}

async function allRunsBalance(r: SimRig): Promise<void> {
  for (const run of await r.store.runs.list({ flow: 'customers' }))
    expect(runBalance(run.counts), JSON.stringify(run.counts)).toMatchObject({ balanced: true });
}

const nsCustomer = (r: SimRig, id: string) => r.ns.records('customer').find((c) => String(c.id) === id);

describe('deleted source records', () => {
  it('flag (the default): a deletion review item, the NetSuite customer untouched until a reviewer propagates it', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const { nsId } = await syncThenDelete(rig);
    const run = await rig.engine.runFlow('customers', { once: true });
    await allRunsBalance(rig);
    const [item] = await rig.store.reviews.list({ state: 'open', kind: 'deletion' });
    expect(item?.candidates).toEqual([{ system: 'netsuite', id: nsId }]);
    expect((item?.detail as { reason?: string } | undefined)?.reason).toMatch(/was deleted.*onDelete: flag/);
    expect(nsCustomer(rig, nsId)?.isInactive).toBeFalsy();
    expect(run.balanced).toBe(true);

    await rig.engine.applyReviewDecision(item!.id, { propagate: true }, { by: 'ana' });
    await rig.engine.runFlow('customers', { once: true });
    expect(nsCustomer(rig, nsId)?.isInactive).toBe(true);
    await allRunsBalance(rig);
    const runs = await rig.store.runs.list({ flow: 'customers' });
    expect(runs.reduce((n, r) => n + r.counts.deleted, 0)).toBe(1);
    expect((await verifyAudit(rig.store)).ok).toBe(true);
  });

  it('propagate: the linked NetSuite customer is inactivated (not deleted), counted and audited, once', async () => {
    rig = await simRig({
      netsuite: { scripts: [defaultSubsidiaryScript] },
      contract: { onDelete: 'propagate' },
    });
    const { nsId } = await syncThenDelete(rig);
    await rig.engine.runFlow('customers', { once: true });
    expect(nsCustomer(rig, nsId)).toMatchObject({ isInactive: true });
    await allRunsBalance(rig);
    const runs = await rig.store.runs.list({ flow: 'customers' });
    expect(runs.reduce((n, r) => n + r.counts.deleted, 0)).toBe(1);
    const audited = await rig.store.audit.find({ system: 'netsuite', recordId: nsId, field: '@deleted' });
    expect(audited.map((e) => [e.newValue, e.rule])).toEqual([['inactivated', 'onDelete: propagate']]);
    expect((await verifyAudit(rig.store)).ok).toBe(true);

    // A later run (the poll's lookback, a webhook retry) does nothing more.
    const patches = () =>
      rig!.ns.server.inspect.requests().filter((q) => q.method === 'PATCH' && q.path.includes(`/${nsId}`))
        .length;
    const before = patches();
    await rig.engine.runFlow('customers', { once: true });
    expect(patches()).toBe(before);
  });

  it('ignore: the deletion is counted unchanged and the NetSuite customer stays active', async () => {
    rig = await simRig({
      netsuite: { scripts: [defaultSubsidiaryScript] },
      contract: { onDelete: 'ignore' },
    });
    const { nsId } = await syncThenDelete(rig);
    await rig.engine.runFlow('customers', { once: true });
    expect(nsCustomer(rig, nsId)?.isInactive).toBeFalsy();
    expect(await rig.store.reviews.list({ state: 'open' })).toHaveLength(0);
    await allRunsBalance(rig);
  });
});
