import { describe, expect, it } from 'vitest';
import { contractFromFile } from '../contract/test-contracts.ts';
import { UserInputError } from '../model/errors.ts';
import { planReconciliation, ruleNames } from './reconcile-plan.ts';

const contract = contractFromFile('examples/shopify-stripe-netsuite.yaml');

describe('planReconciliation', () => {
  it('plans every rule of the example contract from the contract alone', () => {
    for (const rule of ruleNames(contract)) expect(planReconciliation(contract, rule).rule.name).toBe(rule);
  });

  it('pairs by the first usable match key and compares what both sides map, references excluded', () => {
    const orders = planReconciliation(contract, 'orders-daily');
    expect([orders.source.system, orders.target.system]).toEqual(['shopify', 'netsuite']);
    expect(orders.key).toEqual({ kind: 'external-id' });
    expect(orders.compared.map((c) => `${c.name}:${c.category}`)).toEqual([
      'orderNumber:value',
      'orderedOn:value',
      'paymentStatus:status',
      'total:value',
    ]);
    const inventory = planReconciliation(contract, 'inventory-hourly');
    expect(inventory.key).toMatchObject({ kind: 'fields', fields: ['sku', 'location'] });
  });

  it('leaves out a group dimension only one side maps, and says so', () => {
    const orders = planReconciliation(contract, 'orders-daily');
    expect(orders.groupBy).toEqual(['currency', 'period', 'paymentStatus']);
    expect(orders.ungrouped).toEqual(['subsidiary']);
  });

  it('names the rules a contract declares when asked for one it does not', () => {
    expect(() => planReconciliation(contract, 'nope')).toThrow(UserInputError);
    expect(() => planReconciliation(contract, 'nope')).toThrow(
      /no reconciliation rule "nope"; declared: orders-daily, payments-daily/,
    );
  });
});
