/**
 * `accord impact` as a library call: which live NetSuite records a mapping change touches.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { measureImpact } from '../../src/drift/index.ts';
import { BASE_FIELDS, CONTRACT_YAML, connectorFor, contract, startAccount } from './drift-fixtures.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

function changedContract(): ReturnType<typeof contract> {
  let text = CONTRACT_YAML;
  for (const [from, to] of [
    [
      'tier: { kind: enum, values: [bronze, silver] }',
      'tier: { kind: enum, values: [bronze, silver, gold] }',
    ],
    ["map: { '1': bronze, '2': silver }", "map: { '1': bronze, '2': silver, '3': gold }"],
    ['loyaltyCode: custentity_loyalty_code', 'loyaltyCode: custentity_loyalty_id'],
  ] as const) {
    if (!text.includes(from)) throw new Error(`edit does not apply: ${from}`);
    text = text.replace(from, to);
  }
  text = text.slice(0, text.indexOf('  orders:\n    entity: salesOrder'));
  return contractFromText(text, 'drift-test-v2.yaml');
}

describe('accord impact', () => {
  test('counts the live records each mapping change touches', async () => {
    const sim = await startAccount({
      ...BASE_FIELDS,
      custentity_loyalty_id: { type: 'text', recordTypes: ['customer'] },
      custentity_acme_tier: {
        type: 'select',
        values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
        recordTypes: ['customer'],
      },
    });
    open.push(sim);
    const subsidiary = sim.records('subsidiary')[0]?.id as string;
    const customer = (name: string, extra: Record<string, unknown>) =>
      sim.seed('customer', { companyName: name, subsidiary: { id: subsidiary }, ...extra });
    const gold1 = customer('Gold One', { custentity_acme_tier: { id: '3' } });
    const gold2 = customer('Gold Two', { custentity_acme_tier: { id: '3' } });
    customer('Bronze', { custentity_acme_tier: { id: '1' } });
    const loyal = customer('Loyal', { custentity_loyalty_code: 'L-1' });
    const migrated = customer('Migrated', { custentity_loyalty_id: 'L-2' });
    const total = sim.records('customer').length;

    const report = await measureImpact({
      before: contract(),
      after: changedContract(),
      connectors: { netsuite: connectorFor(sim) },
      pageSize: 3,
    });
    const bySubject = new Map(report.items.map((i) => [i.subject, i]));
    expect(bySubject.get('customer.tier in netsuite')).toMatchObject({
      description: 'enum map changed for "3"',
      records: 2,
      scanned: total,
      flows: ['customers'],
    });
    expect(bySubject.get('customer.tier in netsuite')?.sample.sort()).toEqual([gold1, gold2].sort());
    expect(bySubject.get('customer.loyaltyCode in netsuite')).toMatchObject({
      description: 'path custentity_loyalty_code → custentity_loyalty_id',
      records: 2,
    });
    expect(bySubject.get('customer.loyaltyCode in netsuite')?.sample.sort()).toEqual(
      [loyal, migrated].sort(),
    );
    // The removed flow reads Shopify, which this test does not connect: said, not guessed.
    expect(bySubject.get('flow orders')).toMatchObject({ description: 'flow removed', system: 'shopify' });
    expect(bySubject.get('flow orders')?.records).toBeUndefined();
    expect(bySubject.get('flow orders')?.note).toContain('no connection to shopify');
  });

  test('an unchanged contract has no impact', async () => {
    const report = await measureImpact({ before: contract(), after: contract(), connectors: {} });
    expect(report.items).toEqual([]);
  });
});
