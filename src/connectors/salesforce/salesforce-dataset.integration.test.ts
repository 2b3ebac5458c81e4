import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SalesforceSimulator,
  startSalesforceSimulator,
} from '../../../sandbox/salesforce/salesforce-simulator.ts';
import type { SystemRecord } from '../connector.ts';
import { SalesforceConnector } from './salesforce-connector.ts';

describe('the Salesforce connector over the seeded awkward dataset', () => {
  let sim: SalesforceSimulator;
  let connector: SalesforceConnector;
  beforeAll(async () => {
    sim = await startSalesforceSimulator({ dataset: { seed: 42, accounts: 25 }, queryBatchSize: 10 });
    connector = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
    });
  });
  afterAll(() => sim.close());

  it('is deterministic for a seed', async () => {
    const again = await startSalesforceSimulator({ dataset: { seed: 42, accounts: 25 } });
    try {
      const names = (s: SalesforceSimulator) => s.org.all('Account').map((r) => [r.Name, r.Credit_Limit__c]);
      expect(names(again)).toEqual(names(sim));
    } finally {
      await again.close();
    }
  });

  it('reads every account once, with the deleted one as a tombstone', async () => {
    const all: SystemRecord[] = [];
    for await (const page of connector.readChanges({ objectType: 'Account', pageSize: 7 })) all.push(...page);
    expect(all).toHaveLength(sim.dataset!.accountIds.length);
    const [deleted] = sim.dataset!.awkward.deleted!;
    expect(all.find((r) => r.id === deleted)?.deleted).toBe(true);
    expect(all.filter((r) => r.deleted)).toHaveLength(1);
  });

  it('keeps non-Latin names and punctuation intact and finds both accounts sharing a phone', async () => {
    const [japanese] = sim.dataset!.awkward['non-latin']!;
    expect((await connector.get('Account', japanese!))?.fields.Name).toBe('株式会社サンプル');
    expect(
      (await connector.findByField('Account', 'Name', "O'Brien & Sons")).map((r) => r.externalId),
    ).toEqual(['NS-CUST-9002']);
    const twins = await connector.findByField('Account', 'Phone', '+1 555 0100');
    expect(twins.map((r) => r.id).sort()).toEqual([...sim.dataset!.awkward['shared-phone']!].sort());
    const [handMade] = sim.dataset!.awkward['no-netsuite-id']!;
    expect((await connector.get('Account', handMade!))?.externalId).toBeUndefined();
  });

  it('hands the fractional line quantity and amounts on as decimal strings, and a missing amount as null', async () => {
    const [line] = sim.dataset!.awkward['fractional-quantity']!;
    const item = await connector.get('OpportunityLineItem', line!);
    expect(item?.fields).toMatchObject({ Quantity: '2.5', UnitPrice: '12.4' });
    const [open] = sim.dataset!.awkward['no-amount']!;
    expect((await connector.get('Opportunity', open!))?.fields.Amount).toBeNull();
  });

  it('describes picklists and the org currencies for drift detection', async () => {
    const schema = await connector.describe();
    const account = schema.objects.find((o) => o.name === 'Account')!;
    expect(account.fields.find((f) => f.name === 'Customer_Tier__c')).toMatchObject({
      type: 'picklist',
      custom: true,
      enumValues: ['Gold', 'Silver', 'Bronze'],
    });
    expect(account.fields.find((f) => f.name === 'Name')).toMatchObject({ required: true, custom: false });
    expect(
      schema.objects.find((o) => o.name === 'Contact')!.fields.find((f) => f.name === 'AccountId')
        ?.references,
    ).toBe('Account');
    expect(schema.configuration.currencies).toEqual(['CAD', 'EUR', 'GBP', 'JPY', 'USD']);
    expect(schema.apiVersion).toBe('62.0');
  });
});
