import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SalesforceSimulator,
  startSalesforceSimulator,
} from '../../../sandbox/salesforce/salesforce-simulator.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { AuthenticationFailed, RateLimited, toError, ValidationRejected } from '../../model/errors.ts';
import { SalesforceConnector } from './salesforce-connector.ts';

describeConnectorContract('salesforce', async () => {
  const sim = await startSalesforceSimulator({ latencyMs: { min: 1, max: 4 } });
  const concurrencyCap = 3;
  const connector = new SalesforceConnector({
    system: 'crm',
    instanceUrl: sim.url,
    auth: { clientId: sim.clientId, clientSecret: sim.clientSecret },
    concurrency: concurrencyCap,
    retryBaseMs: 5,
  });
  return {
    connector,
    objectType: 'Account',
    sample: (n) => ({
      Name: `Contract Co ${n}`,
      Phone: `+1 555 01${String(n).padStart(4, '0')}`,
      Credit_Limit__c: '1500.50',
    }),
    change: (n) => ({ Name: `Contract Co ${n} (renamed)` }),
    invalid: () => ({ Name: 'Bad email Co', Email__c: 'not-an-email' }),
    matchField: 'Phone',
    matchValue: (n) => `+1 555 01${String(n).padStart(4, '0')}`,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap,
    maxInFlightSeen: () => sim.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.faults.push({ kind, count, pathIncludes: '/composite/sobjects/Account/NetSuite_Id__c' });
    },
    secrets: [sim.clientSecret, sim.accessToken],
    close: () => sim.close(),
  };
});

describe('Salesforce connector beyond the contract', () => {
  let sim: SalesforceSimulator;
  let connector: SalesforceConnector;
  beforeAll(async () => {
    sim = await startSalesforceSimulator({ queryBatchSize: 4 });
    connector = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
      retryBaseMs: 1,
    });
  });
  afterAll(() => sim.close());

  it('hands money fields on as decimal strings and names the fields a validation error concerns', async () => {
    const result = await connector.upsert({
      objectType: 'Account',
      externalId: 'ns-1',
      fields: { Name: 'Decimal Co', Credit_Limit__c: '1234.565', AnnualRevenue: '250000' },
      idempotencyKey: 'k-1',
    });
    expect(result.created).toBe(true);
    // Salesforce rounds half up to the field's scale (2) on save.
    expect(result.record?.fields.Credit_Limit__c).toBe('1234.57');
    expect(result.record?.fields.AnnualRevenue).toBe('250000');
    const error = await connector
      .upsert({
        objectType: 'Account',
        externalId: 'ns-2',
        fields: { Customer_Tier__c: 'Platinum' },
        idempotencyKey: 'k-2',
      })
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('Customer_Tier__c');
    expect(error?.message).toContain('Name');
    expect(error?.message).toContain('REQUIRED_FIELD_MISSING');
  });

  it('coalesces concurrent upserts into sObject Collections calls of up to 200, one invalid record failing alone', async () => {
    sim.inspect.reset();
    const c = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
      concurrency: 2,
    });
    const write = (n: number, fields: Record<string, unknown> = { Name: `Batched ${n}` }) =>
      c.upsert({ objectType: 'Account', externalId: `batch-${n}`, fields, idempotencyKey: `batch-${n}` });
    const outcomes = await Promise.all(
      Array.from({ length: 450 }, (_, n) =>
        write(n, n === 7 ? { Name: 'Bad', Email__c: 'nope' } : undefined).then((r) => r, toError),
      ),
    );
    const failed = outcomes.filter((o): o is Error => o instanceof Error);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(ValidationRejected);
    expect(failed[0]).toMatchObject({ recordId: 'batch-7' });
    expect(failed[0]!.message).toContain('Email__c');
    const saved = outcomes.filter((o): o is Exclude<typeof o, Error> => !(o instanceof Error));
    expect(
      saved.every((r) => r.created && r.record?.fields.Name === `Batched ${r.externalId?.slice(6)}`),
    ).toBe(true);
    const paths = sim.inspect.requests().map((r) => r.path);
    expect(paths.filter((p) => p.includes('/composite/sobjects/Account/NetSuite_Id__c'))).toHaveLength(3);
    // One re-read query per call (this simulator answers queries in batches of 4, so each re-read
    // also follows its nextRecordsUrl).
    expect(paths.filter((p) => p.includes('/query?q=SELECT'))).toHaveLength(3);
  });

  it('refuses to upsert on an external id two records share, naming both', async () => {
    sim.org.create('Account', { Name: 'Twin 1', Legacy_Id__c: 'L-9' });
    sim.org.create('Account', { Name: 'Twin 2', Legacy_Id__c: 'L-9' });
    const c = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
      externalIdField: 'Legacy_Id__c',
    });
    const error = await c
      .upsert({ objectType: 'Account', externalId: 'L-9', fields: { Name: 'Which?' }, idempotencyKey: 'l9' })
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toMatch(/DUPLICATE_EXTERNAL_ID.*more than one record/);
    expect(sim.org.findBy('Account', 'Legacy_Id__c', 'L-9')).toHaveLength(2);
  });

  it('reads only the configured fields when asked, and names an unknown one', async () => {
    sim.inspect.reset();
    const narrow = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
      queryFields: { Account: ['Name', 'Phone'] },
    });
    const [first] = await narrow.findByField('Account', 'Name', 'Decimal Co');
    expect(Object.keys(first!.fields).sort()).toEqual([
      'Id',
      'IsDeleted',
      'LastModifiedDate',
      'Name',
      'NetSuite_Id__c',
      'Phone',
      'SystemModstamp',
    ]);
    const typo = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { accessToken: sim.accessToken },
      queryFields: { Account: ['Nmae'] },
    });
    const error = await typo.findByField('Account', 'Name', 'x').then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain("'Nmae'");
  });

  it('writes by id when a link names a record created by hand, stamping the external id on it', async () => {
    const manual = sim.org.create('Account', { Name: 'Hand-made Co' });
    if (!manual.ok) throw new Error('seed failed');
    const result = await connector.upsert({
      objectType: 'Account',
      externalId: 'ns-hand',
      id: manual.id,
      fields: { Phone: '+44 20 7946 0000' },
      idempotencyKey: 'k-hand',
    });
    expect(result).toMatchObject({ id: manual.id, created: false });
    expect((await connector.getByExternalId('Account', 'ns-hand'))?.id).toBe(manual.id);
  });

  it('finds every record sharing a match value, across query batches', async () => {
    for (let i = 0; i < 9; i++)
      sim.org.create('Account', { Name: `Shared phone ${i}`, Phone: '+1 555 9999' });
    expect(await connector.findByField('Account', 'Phone', '+1 555 9999')).toHaveLength(9);
  });

  it('fills a change page across query batches smaller than the page', async () => {
    // This simulator answers in batches of 4: a LIMIT 10 page arrives as 4 + 4 + 2.
    for (let i = 0; i < 25; i++)
      sim.org.create('Opportunity', {
        Name: `Batch ${i}`,
        StageName: 'Prospecting',
        CloseDate: '2026-12-01',
      });
    const pages: number[] = [];
    for await (const page of connector.readChanges({ objectType: 'Opportunity', pageSize: 10 }))
      pages.push(page.length);
    expect(pages).toEqual([10, 10, 5]);
  });

  it('reports deletions as tombstones and pages a scan through nextRecordsUrl', async () => {
    for (let i = 0; i < 9; i++) sim.org.create('Contact', { LastName: `Scan ${i}` });
    const doomed = sim.org.create('Contact', { LastName: 'Doomed' });
    if (!doomed.ok) throw new Error('seed failed');
    sim.org.delete('Contact', doomed.id);
    const changes = [];
    for await (const page of connector.readChanges({ objectType: 'Contact', pageSize: 3 }))
      changes.push(...page);
    expect(changes.find((r) => r.id === doomed.id)?.deleted).toBe(true);
    const before = sim.inspect.requests().filter((r) => r.path.includes('/query/01g')).length;
    const scanned = [];
    for await (const page of connector.scan({ objectType: 'Contact', pageSize: 100 })) scanned.push(...page);
    expect(scanned).toHaveLength(9);
    expect(sim.inspect.requests().filter((r) => r.path.includes('/query/01g')).length - before).toBe(2);
  });

  it('keeps the configured reserve of daily API requests for other integrations', async () => {
    sim.setDailyApiLimit(100, 88);
    try {
      const careful = new SalesforceConnector({
        system: 'crm',
        instanceUrl: sim.url,
        auth: { accessToken: sim.accessToken },
        reserveApiRequests: 10,
      });
      await careful.findByField('Account', 'Name', 'nobody'); // describe + query: 90 of 100 used
      expect(careful.apiUsage()).toEqual({ used: 90, limit: 100 });
      // At the reserve, one call a minute still goes through to see whether the window freed up…
      await careful.findByField('Account', 'Name', 'nobody');
      expect(sim.apiUsage().used).toBe(91);
      // …and the others fail fast without spending a request.
      const refused = await careful.findByField('Account', 'Name', 'nobody').then(() => undefined, toError);
      expect(refused).toBeInstanceOf(RateLimited);
      expect(refused?.message).toContain('reserved');
      expect(sim.apiUsage().used).toBe(91);
    } finally {
      sim.setDailyApiLimit(1_000_000, 0);
    }
  });

  it('turns 403 REQUEST_LIMIT_EXCEEDED into RateLimited and an expired session into AuthenticationFailed', async () => {
    const { used } = sim.apiUsage();
    sim.setDailyApiLimit(used);
    const limited = await connector.get('Account', '001000000000000AAA').then(() => undefined, toError);
    expect(limited).toBeInstanceOf(RateLimited);
    expect(connector.stats().rateLimited).toBe(1);
    sim.setDailyApiLimit(1_000_000);
    sim.expireSessions();
    const expired = await connector.findByField('Account', 'Name', 'x').then(() => undefined, toError);
    expect(expired).toBeInstanceOf(AuthenticationFailed);
    expect(expired?.message).not.toContain(sim.accessToken);
  });

  // Runs last: it expires every session the simulator issued.
  it('re-authorises once by OAuth when the session expires, and reports refused client credentials', async () => {
    const oauth = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { clientId: sim.clientId, clientSecret: sim.clientSecret },
    });
    expect(await oauth.findByField('Account', 'Name', 'nobody')).toEqual([]);
    sim.expireSessions();
    expect(await oauth.findByField('Account', 'Name', 'nobody')).toEqual([]);
    const wrong = new SalesforceConnector({
      system: 'crm',
      instanceUrl: sim.url,
      auth: { clientId: sim.clientId, clientSecret: 'not-the-secret' },
    });
    const error = await wrong.findByField('Account', 'Name', 'x').then(() => undefined, toError);
    expect(error).toBeInstanceOf(AuthenticationFailed);
    expect(error?.message).not.toContain('not-the-secret');
  });
});
