/**
 * `accord drift compare` as a library call: two NetSuite simulator accounts, a sandbox that has
 * fallen behind production.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { compareAccounts } from '../../src/drift/index.ts';
import { BASE_FIELDS, connectorFor, contract, startAccount } from './drift-fixtures.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

describe('compare a sandbox with production', () => {
  test('identical accounts mirror each other', async () => {
    const a = await startAccount();
    const b = await startAccount();
    open.push(a, b);
    const [result] = await compareAccounts({
      contract: contract(),
      from: { name: 'sandbox', connectors: { netsuite: connectorFor(a) } },
      to: { name: 'production', connectors: { netsuite: connectorFor(b) } },
    });
    expect(result).toMatchObject({ system: 'netsuite', mirrors: true, differences: [] });
  });

  test('names the custom field, list value, subsidiary and currency the sandbox lacks', async () => {
    const { custentity_loyalty_code: _, ...sandboxFields } = BASE_FIELDS;
    const sandbox = await startAccount(sandboxFields, { accountId: '123456_SB1' });
    const production = await startAccount(
      {
        ...BASE_FIELDS,
        custentity_acme_tier: {
          type: 'select',
          values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
          recordTypes: ['customer'],
        },
      },
      { accountId: '123456' },
    );
    open.push(sandbox, production);
    const usd = production.records('currency').find((c) => c.symbol === 'USD')?.id as string;
    production.seed('subsidiary', { name: 'Acme Canada', country: 'CA', currency: { id: usd } });
    production.seed('currency', {
      name: 'Canadian Dollar',
      symbol: 'CAD',
      exchangeRate: 0.73,
      currencyPrecision: { id: '2' },
    });

    const [result] = await compareAccounts({
      contract: contract(),
      from: { name: 'sandbox', connectors: { netsuite: connectorFor(sandbox) } },
      to: { name: 'production', connectors: { netsuite: connectorFor(production) } },
    });
    expect(result?.mirrors).toBe(false);
    const diffs = result?.differences ?? [];
    expect(diffs.find((d) => d.field === 'custentity_loyalty_code')).toMatchObject({
      kind: 'field',
      object: 'customer',
      presentIn: 'to',
      custom: true,
      mapped: true,
    });
    expect(diffs.find((d) => d.field === 'custentity_loyalty_code')?.message).toBe(
      'netsuite customer.custentity_loyalty_code (custom field) exists only in production — the contract maps it',
    );
    expect(diffs.find((d) => d.kind === 'enum-value')).toMatchObject({
      field: 'custentity_acme_tier',
      value: '3',
      presentIn: 'to',
    });
    expect(diffs.filter((d) => d.kind === 'configuration').map((d) => [d.key, d.value, d.presentIn])).toEqual(
      [
        ['currencies', 'CAD', 'to'],
        ['subsidiaries', expect.stringMatching(/:Acme Canada$/), 'to'],
      ],
    );
    expect(result?.mapped).toBeGreaterThanOrEqual(2);
  });
});
