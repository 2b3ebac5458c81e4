/**
 * Fail closed: the engine's gate before each run, against the NetSuite simulator.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { NetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { approveDrift, type DriftAlert, enumGate, preRunDriftCheck } from '../../src/drift/index.ts';
import type { Store } from '../../src/store/store.ts';
import { BASE_FIELDS, connectorFor, contract, openStore, startAccount } from './drift-fixtures.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function account(fields = BASE_FIELDS): Promise<NetSuiteSimulator> {
  const sim = await startAccount(fields);
  open.push(sim);
  return sim;
}

async function approvedStore(): Promise<Store> {
  const store = await openStore();
  open.push(store);
  await approveDrift({
    contract: contract(),
    store,
    connectors: { netsuite: connectorFor(await account()) },
    by: 'ana',
  });
  return store;
}

const { custentity_loyalty_code, ...withoutLoyalty } = BASE_FIELDS;
const RENAMED = { ...withoutLoyalty, custentity_loyalty_id: custentity_loyalty_code! };

describe('preRunDriftCheck', () => {
  test('a renamed field pauses the flow that maps it, not the others, and alerts its owner once', async () => {
    const store = await approvedStore();
    const renamed = await account(RENAMED);
    const connectors = { netsuite: connectorFor(renamed) };
    const alerts: DriftAlert[] = [];
    const run = await store.runs.start({ flow: 'customers' });

    const customers = await preRunDriftCheck({
      contract: contract(),
      store,
      connectors,
      flow: 'customers',
      alert: (a) => void alerts.push(a),
      runId: run.id,
    });
    expect(customers.paused).toBe(true);
    expect(customers.persisted).toBe(true);
    expect(customers.reason).toContain('custentity_loyalty_code');
    expect(customers.reason).toContain('custentity_loyalty_id');

    const orders = await preRunDriftCheck({
      contract: contract(),
      store,
      connectors,
      flow: 'orders',
      alert: (a) => void alerts.push(a),
    });
    expect(orders.paused).toBe(false);

    // Visible where `accord sync` and the run record look.
    expect(await store.flows.get('customers')).toMatchObject({
      paused: true,
      reason: customers.reason,
      updatedBy: 'accord drift',
    });
    expect((await store.flows.get('orders')).paused).toBe(false);
    expect(await store.runs.get(run.id)).toMatchObject({ status: 'interrupted', note: customers.reason });

    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ flow: 'customers', owner: 'ecommerce', severity: 'blocking' });
    expect(alerts[0]?.findings.map((f) => f.field)).toEqual(['custentity_loyalty_code']);

    // Already paused: no second alert, the stored reason is returned.
    const again = await preRunDriftCheck({
      contract: contract(),
      store,
      connectors,
      flow: 'customers',
      alert: (a) => void alerts.push(a),
    });
    expect(again).toMatchObject({ paused: true, reason: customers.reason });
    expect(alerts).toHaveLength(1);

    const audit = await store.audit.find({ flow: 'customers' });
    expect(audit.map((e) => e.action)).toEqual(['flow.pause']);
  });

  test('approval resumes the flows drift paused', async () => {
    const store = await approvedStore();
    const renamed = await account(RENAMED);
    const connectors = { netsuite: connectorFor(renamed) };
    await preRunDriftCheck({ contract: contract(), store, connectors, flow: 'orders' });
    await store.flows.pause('orders', { reason: 'month-end freeze', by: 'ana' });
    expect(
      (await preRunDriftCheck({ contract: contract(), store, connectors, flow: 'customers' })).paused,
    ).toBe(true);

    const { resumed } = await approveDrift({ contract: contract(), store, connectors, by: 'bo' });
    expect(resumed).toEqual(['customers']);
    expect((await store.flows.get('customers')).paused).toBe(false);
    // An operator's pause is not drift's to lift.
    expect(await store.flows.get('orders')).toMatchObject({ paused: true, reason: 'month-end freeze' });
  });

  test('a new list value does not pause: only records carrying it are held back', async () => {
    const store = await approvedStore();
    const gold = await account({
      ...BASE_FIELDS,
      custentity_acme_tier: {
        type: 'select',
        values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
        recordTypes: ['customer'],
      },
    });
    const subsidiary = gold.records('subsidiary')[0]?.id as string;
    const goldId = gold.seed('customer', {
      companyName: 'Gold Co',
      subsidiary: { id: subsidiary },
      custentity_acme_tier: { id: '3' },
    });
    const bronzeId = gold.seed('customer', {
      companyName: 'Bronze Co',
      subsidiary: { id: subsidiary },
      custentity_acme_tier: { id: '1' },
    });
    const connector = connectorFor(gold);

    const gate = await preRunDriftCheck({
      contract: contract(),
      store,
      connectors: { netsuite: connector },
      flow: 'customers',
    });
    expect(gate.paused).toBe(false);
    expect(gate.blockedEnumValues).toEqual([
      expect.objectContaining({
        system: 'netsuite',
        object: 'customer',
        field: 'custentity_acme_tier',
        values: ['3'],
      }),
    ]);
    const held = enumGate(gate.blockedEnumValues);
    const goldRecord = await connector.get('customer', goldId);
    const bronzeRecord = await connector.get('customer', bronzeId);
    expect(goldRecord?.fields.custentity_acme_tier).toMatchObject({ id: '3', refName: 'Gold' });
    expect(held('netsuite', goldRecord!)?.values).toEqual(['3']);
    expect(held('netsuite', bronzeRecord!)).toBeUndefined();
    expect(held('shopify', goldRecord!)).toBeUndefined();
    expect((await store.flows.get('customers')).paused).toBe(false);
  });

  test('a system that cannot be described skips the run without storing a pause', async () => {
    const store = await approvedStore();
    const down = await account();
    down.server.faults.push({ kind: 'server-error', count: 1000 });
    const gate = await preRunDriftCheck({
      contract: contract(),
      store,
      connectors: { netsuite: connectorFor(down) },
      flow: 'orders',
    });
    expect(gate).toMatchObject({ paused: true, persisted: false });
    expect(gate.reason).toContain('cannot check drift');
    expect((await store.flows.get('orders')).paused).toBe(false);
  });
});
