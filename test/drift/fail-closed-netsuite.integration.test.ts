/**
 * Fail closed through the engine, against the NetSuite and Salesforce simulators. The contract was
 * approved against one state of the NetSuite account; the engine then runs against the account
 * as another team changed it (a second simulator of the same account, changed):
 * - a new value in a list the contract maps → only the records carrying it go to review (an
 *   unknown-enum item naming the value); every other record is written;
 * - a new mandatory custom field on a record type the contract writes → the writing flow is
 *   paused BEFORE any write could fail: no write reaches NetSuite, no dead letter; the flow that
 *   only reads that record type keeps running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { NetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import {
  type SalesforceSimulator,
  startSalesforceSimulator,
} from '../../sandbox/salesforce/salesforce-simulator.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { type Contract, parseContract } from '../../src/contract/index.ts';
import { approveDrift, driftGate } from '../../src/drift/index.ts';
import { type Engine, openEngine } from '../../src/engine/engine.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { BASE_FIELDS, startAccount, TIME_ZONE } from './drift-fixtures.ts';

const contractText = (ns: NetSuiteSimulator, sf: SalesforceSimulator) => `
accord: 1
name: erp-crm
systems:
  netsuite:
    kind: netsuite
    accountId: ${ns.accountId}
    connection:
      baseUrl: ${ns.url}
      timeZone: ${TIME_ZONE}
      consumerKey: env:NS_CK
      consumerSecret: env:NS_CS
      tokenId: env:NS_TI
      tokenSecret: env:NS_TS
  salesforce:
    kind: salesforce
    connection: { instanceUrl: ${sf.url}, accessToken: env:SF_TOKEN, externalIdField: NetSuite_Id__c }
teams:
  crm: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 1, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  company:
    owner: netsuite
    fields:
      name: { kind: string }
      tier: { kind: enum, values: [bronze, silver] }
    mappings:
      netsuite:
        record: customer
        id: id
        fields:
          name: companyName
          tier: { path: custentity_acme_tier.id, map: { '1': bronze, '2': silver } }
      salesforce:
        record: Account
        id: Id
        externalId: NetSuite_Id__c
        fields:
          name: Name
          tier: { path: Customer_Tier__c, map: { Bronze: bronze, Silver: silver } }
  person:
    owner: salesforce
    fields:
      email: { kind: email }
      lastName: { kind: string }
    mappings:
      salesforce:
        record: Contact
        id: Id
        fields: { email: Email, lastName: LastName }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, lastName: lastName }
flows:
  accounts:
    entity: company
    from: netsuite
    to: salesforce
    direction: one-way
    owner: crm
    trigger: { schedule: every 5m }
    match: { keys: [external-id], onNoMatch: create }
  contacts:
    entity: person
    from: salesforce
    to: netsuite
    direction: one-way
    owner: crm
    trigger: { schedule: every 5m }
    match: { keys: [external-id], onNoMatch: create }
`;

interface Rig {
  live: NetSuiteSimulator;
  sf: SalesforceSimulator;
  store: SqliteStore;
  engine: Engine;
  events: EngineEvent[];
  contract: Contract;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

async function connectorsFor(contract: Contract, ns: NetSuiteSimulator, sf: SalesforceSimulator) {
  const secrets: Record<string, string> = {
    NS_CK: ns.tba.consumerKey,
    NS_CS: ns.tba.consumerSecret,
    NS_TI: ns.tba.tokenId,
    NS_TS: ns.tba.tokenSecret,
    SF_TOKEN: sf.accessToken,
  };
  const built = await buildConnectors(contract, { resolver: (ref) => secrets[ref.name] });
  cleanup.push(() => Promise.allSettled([...built.values()].map((c) => c.close())).then(() => {}));
  return built;
}

function parsed(ns: NetSuiteSimulator, sf: SalesforceSimulator): Contract {
  const p = parseContract(contractText(ns, sf), 'erp-crm.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.contract;
}

/** Approves the account as the contract was written (`BASE_FIELDS`), then opens the engine on `changed`. */
async function rig(changed: NonNullable<Parameters<typeof startAccount>[0]>): Promise<Rig> {
  const sf = await startSalesforceSimulator({ accessToken: 'sf-test-token-0123456789' });
  const before = await startAccount(BASE_FIELDS);
  const live = await startAccount(changed);
  const dir = mkdtempSync(join(tmpdir(), 'accord-fail-closed-ns-'));
  cleanup.push(
    () => sf.close(),
    () => before.close(),
    () => live.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const store = await openSqliteStore(join(dir, 'accord.db'));
  cleanup.push(() => store.close());
  const approvedAgainst = await connectorsFor(parsed(before, sf), before, sf);
  await approveDrift({
    contract: parsed(before, sf),
    store,
    connectors: Object.fromEntries(approvedAgainst) as Record<string, Connector>,
    by: 'ana',
  });

  const contract = parsed(live, sf);
  const connectors = await connectorsFor(contract, live, sf);
  const engine = openEngine({
    contract,
    store,
    queue: openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 100 } }),
    connectors,
    preRunCheck: driftGate({ contract, store, connectors, maxAgeMs: 0 }),
    tuning: { lookbackMs: 2_000, batchSize: 20 },
  });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { live, sf, store, engine, events, contract };
}

const recordWrites = (ns: NetSuiteSimulator) =>
  ns.server.inspect.requests().filter((r) => r.method !== 'GET' && r.path.includes('/record/v1/'));

describe('fail closed against NetSuite', () => {
  test('a new list value: only the records carrying it go to review, the rest are written', async () => {
    const { live, sf, store, engine, events } = await rig({
      ...BASE_FIELDS,
      custentity_acme_tier: {
        type: 'select',
        values: { '1': 'Bronze', '2': 'Silver', '3': 'Gold' },
        recordTypes: ['customer'],
      },
    });
    const subsidiary = live.records('subsidiary')[0]?.id as string;
    const seeded = (companyName: string, tier: string) =>
      live.seed('customer', {
        companyName,
        subsidiary: { id: subsidiary },
        custentity_acme_tier: { id: tier },
      });
    const gold = seeded('Gold Outfitters', '3');
    seeded('Bronze Supplies', '1');
    seeded('Silver Trading', '2');

    const run = await engine.runFlow('accounts', { once: true });
    expect(run.status).toBe('succeeded');
    expect(run.balanced).toBe(true);

    const reviews = await store.reviews.list({ state: 'open', flow: 'accounts' });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      kind: 'unknown-enum',
      field: 'tier',
      recordKey: `netsuite:${gold}`,
      candidates: ['3'],
    });
    expect(JSON.stringify(reviews[0]?.detail)).toContain('custentity_acme_tier is \\"3\\"');
    expect(events.some((e) => e.type === 'review')).toBe(true);

    const accounts = sf.org.all('Account');
    const names = accounts.map((a) => a.Name);
    expect(names).toContain('Bronze Supplies');
    expect(names).toContain('Silver Trading');
    expect(names).not.toContain('Gold Outfitters');
    expect(accounts.find((a) => a.Name === 'Silver Trading')?.Customer_Tier__c).toBe('Silver');
    expect((await store.flows.get('accounts')).paused).toBe(false);

    // A reviewer maps the value: the record is released and written on the next run.
    await engine.applyReviewDecision(reviews[0]!.id, { value: 'silver' }, { by: 'ana' });
    await engine.runFlow('accounts', { once: true });
    expect(sf.org.all('Account').find((a) => a.Name === 'Gold Outfitters')?.Customer_Tier__c).toBe('Silver');
  });

  test('a new mandatory custom field: the writing flow pauses before any write, no dead letter; the reader runs', async () => {
    const { live, sf, store, engine, events } = await rig({
      ...BASE_FIELDS,
      custentity_region: { type: 'text', mandatory: true, recordTypes: ['customer'] },
    });
    for (const last of ['Lovelace', 'Hopper']) {
      expect(
        sf.org.create('Contact', { LastName: last, Email: `${last.toLowerCase()}@example.com` }).ok,
      ).toBe(true);
    }
    const writesBefore = recordWrites(live).length;
    const contacts = await engine.runFlow('contacts', { once: true });
    expect(contacts.status).toBe('paused');
    expect(contacts.note).toContain('custentity_region');
    expect(contacts.counts.captured).toBe(0);
    expect(recordWrites(live).length).toBe(writesBefore);
    expect(await store.deadLetters.list({ flow: 'contacts' })).toHaveLength(0);
    const [record] = await store.runs.list({ flow: 'contacts', limit: 1 });
    expect(record).toMatchObject({ status: 'interrupted' });
    expect(record?.note).toMatch(
      /^paused: drift: netsuite customer has a new required field "custentity_region"/,
    );
    expect(events.filter((e) => e.type === 'flow-paused')).toEqual([
      expect.objectContaining({ flow: 'contacts', runId: contacts.runId }),
    ]);

    // The flow reading customers is not affected by a field it never writes.
    const accounts = await engine.runFlow('accounts', { once: true });
    expect(accounts.status).toBe('succeeded');
    expect((await store.flows.get('accounts')).paused).toBe(false);
  });
});
