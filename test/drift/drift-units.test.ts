/** Pure parts of drift: rename suggestions, the enum gate, path values, contract changes. */
import { describe, expect, test } from 'vitest';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { enumGate, mappingChanges, nameSimilarity, suggestRename, valuesAt } from '../../src/drift/index.ts';
import { CONTRACT_YAML } from './drift-fixtures.ts';

describe('suggestRename', () => {
  test('prefers a similar name of the same type', () => {
    const candidates = [
      { name: 'custentity_region', type: 'string' },
      { name: 'custentity_loyalty_id', type: 'string' },
      { name: 'custentity_loyalty_points', type: 'int64' },
    ];
    expect(suggestRename('custentity_loyalty_code', 'string', candidates)).toBe('custentity_loyalty_id');
  });

  test('takes the only new field of the same type even when the names differ', () => {
    expect(suggestRename('custentity_tier', 'string', [{ name: 'custentity_xyz', type: 'string' }])).toBe(
      'custentity_xyz',
    );
  });

  test('suggests nothing when no candidate is convincing', () => {
    expect(
      suggestRename('custentity_tier', 'string', [
        { name: 'custentity_abc', type: 'string' },
        { name: 'custentity_def', type: 'string' },
      ]),
    ).toBeUndefined();
    expect(suggestRename('email', undefined, [])).toBeUndefined();
  });

  test('shared words count as much as spelling', () => {
    expect(nameSimilarity('custentity_loyalty_tier', 'custentity_tier_level')).toBeGreaterThanOrEqual(0.5);
    expect(nameSimilarity('companyName', 'companyname')).toBe(1);
  });
});

describe('enumGate', () => {
  const gate = enumGate([
    {
      system: 'shopify',
      object: 'Order',
      field: 'displayFinancialStatus',
      values: ['ON_HOLD'],
      flows: ['orders'],
      reason: 'new',
    },
  ]);
  const record = (status: unknown) => ({
    objectType: 'order',
    id: '1',
    modifiedAt: '2026-11-28T00:00:00.000Z',
    fields: { displayFinancialStatus: status },
  });

  test('holds back records carrying a blocked value, in the right system and object only', () => {
    expect(gate('shopify', record('ON_HOLD'))?.values).toEqual(['ON_HOLD']);
    expect(gate('shopify', record('PAID'))).toBeUndefined();
    expect(gate('netsuite', record('ON_HOLD'))).toBeUndefined();
    expect(gate('shopify', { ...record('ON_HOLD'), objectType: 'customer' })).toBeUndefined();
    expect(gate('shopify', record({ id: 'ON_HOLD', refName: 'On hold' }))).toBeDefined();
    expect(gate('shopify', record(undefined))).toBeUndefined();
  });
});

describe('valuesAt', () => {
  test('walks objects and sublists, dropping empty values', () => {
    const fields = {
      tier: { id: '3', refName: 'Gold' },
      item: { items: [{ item: { id: '7' } }, { item: { id: '8' } }, {}] },
      memo: '',
    };
    expect(valuesAt(fields, 'tier.id')).toEqual(['3']);
    expect(valuesAt(fields, 'item.items.item.id')).toEqual(['7', '8']);
    expect(valuesAt(fields, 'memo')).toEqual([]);
    expect(valuesAt(fields, 'missing.path')).toEqual([]);
  });
});

describe('mappingChanges', () => {
  test('the same contract in two files has no change', () => {
    const a = contractFromText(CONTRACT_YAML, 'a.yaml');
    const b = contractFromText(`\n\n${CONTRACT_YAML}`, 'b.yaml');
    expect(mappingChanges(a, b)).toEqual([]);
  });

  test('a narrower record filter touches the records it now leaves out', () => {
    const a = contractFromText(CONTRACT_YAML, 'a.yaml');
    const b = contractFromText(
      CONTRACT_YAML.replace(
        '    owner: ecommerce\n    trigger: { schedule: every 5m }\n    match: { keys: [external-id, email]',
        '    owner: ecommerce\n    only: { tier: [silver] }\n    trigger: { schedule: every 5m }\n    match: { keys: [external-id, email]',
      ),
      'b.yaml',
    );
    const [change] = mappingChanges(a, b);
    expect(change).toMatchObject({
      subject: 'flow customers',
      description: 'record filter (only) changed',
      system: 'shopify',
      object: 'Customer',
    });
    expect(change?.touches({ tier: 'BRONZE' })).toBe(true);
    expect(change?.touches({ tier: 'SILVER' })).toBe(false);
  });
});
