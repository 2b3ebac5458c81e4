/**
 * Drift against the NetSuite simulator: the account is approved as the contract was written, then
 * changed (a new simulator account with different custom fields stands for the changed account;
 * snapshots are kept by system name, so the store sees "the same" system change).
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { NetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { approveDrift, checkDrift, takeSnapshot } from '../../src/drift/index.ts';
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
  const base = await account();
  await approveDrift({
    contract: contract(),
    store,
    connectors: { netsuite: connectorFor(base) },
    by: 'ana',
  });
  return store;
}

async function checkAgainst(store: Store, fields: typeof BASE_FIELDS) {
  const sim = await account(fields);
  return checkDrift({ contract: contract(), store, connectors: { netsuite: connectorFor(sim) } });
}

describe('accord drift check against NetSuite', () => {
  test('an unchanged account has no blocking finding', async () => {
    const store = await approvedStore();
    const report = await checkAgainst(store, BASE_FIELDS);
    expect(report.blocking).toBe(0);
    expect(report.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    expect(report.systems[0]?.approvedSnapshot).toBeTypeOf('number');
  });

  test('a renamed custom field is blocking, names the flow and field, and suggests the new name', async () => {
    const store = await approvedStore();
    const { custentity_loyalty_code, ...rest } = BASE_FIELDS;
    const report = await checkAgainst(store, { ...rest, custentity_loyalty_id: custentity_loyalty_code! });
    const removed = report.findings.find((f) => f.code === 'field-removed' && f.severity === 'blocking');
    expect(removed).toMatchObject({
      system: 'netsuite',
      object: 'customer',
      field: 'custentity_loyalty_code',
      scope: 'flow',
      suggestion: 'custentity_loyalty_id',
      flows: ['customers'],
      fields: ['customer.loyaltyCode'],
    });
    expect(removed?.message).toContain('custentity_loyalty_id');
    // The new name is itself a new unmapped field: informational only.
    expect(report.findings.find((f) => f.field === 'custentity_loyalty_id')).toMatchObject({
      code: 'field-added',
      severity: 'informational',
    });
    expect(report.pausedFlows).toEqual(['customers']);
  });

  test('a type change of a mapped field is blocking', async () => {
    const store = await approvedStore();
    const report = await checkAgainst(store, {
      ...BASE_FIELDS,
      custentity_loyalty_code: { type: 'integer', recordTypes: ['customer'] },
    });
    expect(report.findings.find((f) => f.code === 'type-changed')).toMatchObject({
      field: 'custentity_loyalty_code',
      severity: 'blocking',
      before: 'string',
      after: 'int64',
      flows: ['customers'],
    });
  });

  test('a new list value the contract does not map blocks only that value', async () => {
    const store = await approvedStore();
    const report = await checkAgainst(store, {
      ...BASE_FIELDS,
      custentity_acme_tier: {
        type: 'select',
        values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
        recordTypes: ['customer'],
      },
    });
    const added = report.findings.find((f) => f.code === 'enum-value-added');
    expect(added).toMatchObject({
      field: 'custentity_acme_tier',
      severity: 'blocking',
      scope: 'values',
      values: ['3'],
      flows: ['customers'],
      fields: ['customer.tier'],
    });
    expect(report.pausedFlows).toEqual([]);
    expect(report.blocking).toBe(1);
  });

  test('a new mandatory custom field on a target record type is blocking for the flows writing it', async () => {
    const store = await approvedStore();
    const report = await checkAgainst(store, {
      ...BASE_FIELDS,
      custbody_region: { type: 'text', mandatory: true, recordTypes: ['salesOrder'] },
    });
    expect(report.findings.find((f) => f.field === 'custbody_region')).toMatchObject({
      code: 'required-field-added',
      severity: 'blocking',
      object: 'salesOrder',
      flows: ['orders'],
    });
    expect(report.pausedFlows).toEqual(['orders']);
  });

  test('a new optional unmapped field is informational', async () => {
    const store = await approvedStore();
    const report = await checkAgainst(store, {
      ...BASE_FIELDS,
      custentity_favourite_colour: { type: 'text', recordTypes: ['customer'] },
    });
    expect(report.blocking).toBe(0);
    expect(report.findings.find((f) => f.field === 'custentity_favourite_colour')).toMatchObject({
      code: 'field-added',
      severity: 'informational',
      flows: [],
    });
  });

  test('new subsidiaries are informational, a removed one is blocking for every flow of the system', async () => {
    const store = await approvedStore();
    const grown = await account();
    grown.seed('subsidiary', { name: 'Acme Canada', country: 'CA' });
    const report = await checkDrift({
      contract: contract(),
      store,
      connectors: { netsuite: connectorFor(grown) },
    });
    expect(report.findings.find((f) => f.code === 'configuration-added')?.message).toContain('Acme Canada');
    expect(report.blocking).toBe(0);
    // Approve the bigger account, then come back to the base one: the subsidiary is gone.
    await approveDrift({
      contract: contract(),
      store,
      connectors: { netsuite: connectorFor(grown) },
      by: 'ana',
    });
    const shrunk = await checkAgainst(store, BASE_FIELDS);
    expect(shrunk.findings.find((f) => f.code === 'configuration-removed')).toMatchObject({
      severity: 'blocking',
      flows: ['customers', 'orders'],
    });
  });

  test('approve accepts the current state: the same check is clean afterwards, and it is audited', async () => {
    const store = await approvedStore();
    const { custentity_loyalty_code, ...rest } = BASE_FIELDS;
    const renamed = await account({ ...rest, custentity_loyalty_id: custentity_loyalty_code! });
    const connectors = { netsuite: connectorFor(renamed) };
    // The contract still maps the old name: approval accepts the schema, not a broken mapping.
    const fixed = contract();
    expect((await checkDrift({ contract: fixed, store, connectors })).blocking).toBe(1);
    await approveDrift({ contract: fixed, store, connectors, by: 'ana' });
    const after = await checkDrift({ contract: fixed, store, connectors });
    expect(after.findings.find((f) => f.code === 'field-missing')).toMatchObject({ severity: 'blocking' });
    expect(after.findings.some((f) => f.code === 'field-removed')).toBe(false);

    const events = await store.audit.scan(1, 100);
    expect(events.filter((e) => e.action === 'drift.approve').map((e) => e.actor)).toEqual(['ana', 'ana']);
    const second = events.filter((e) => e.action === 'drift.approve')[1];
    expect(second).toMatchObject({ kind: 'operator-action', system: 'netsuite' });
    expect(JSON.stringify(second?.detail)).toContain('custentity_loyalty_code was removed or renamed');
  });

  test('approve clears a new enum value and a new required field', async () => {
    const store = await approvedStore();
    const changed = await account({
      ...BASE_FIELDS,
      custentity_acme_tier: {
        type: 'select',
        values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
        recordTypes: ['customer'],
      },
      custbody_region: { type: 'text', mandatory: true, recordTypes: ['salesOrder'] },
    });
    const connectors = { netsuite: connectorFor(changed) };
    expect((await checkDrift({ contract: contract(), store, connectors })).blocking).toBe(2);
    await approveDrift({ contract: contract(), store, connectors, by: 'ana' });
    expect((await checkDrift({ contract: contract(), store, connectors })).blocking).toBe(0);
  });

  test('snapshot records what the contract depends on, unapproved', async () => {
    const store = await openStore();
    open.push(store);
    const sim = await account();
    const [snap] = await takeSnapshot({
      contract: contract(),
      store,
      connectors: { netsuite: connectorFor(sim) },
    });
    expect(snap?.approved).toBe(false);
    const schema = snap?.schema as {
      objects: Record<string, unknown>;
      configuration: Record<string, string[]>;
      dependsOn: Record<string, string[]>;
    };
    expect(Object.keys(schema.objects).sort()).toEqual([
      'customer',
      'customrecord_loyalty_tier',
      'salesOrder',
    ]);
    expect(schema.dependsOn.customer).toEqual([
      'custentity_acme_tier',
      'custentity_loyalty_code',
      'email',
      'externalId',
      'id',
    ]);
    expect(schema.configuration.currencies).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
    expect(await store.schemaSnapshots.latest('netsuite', { approvedOnly: true })).toBeUndefined();
  });
});
