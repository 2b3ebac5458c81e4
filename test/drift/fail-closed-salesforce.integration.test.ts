/**
 * Fail closed, end to end through `accord sync`: a Salesforce admin renames a custom field the
 * contract maps; the next sync pauses that flow (and only it) with a finding naming the field and
 * its likely new name, writes NOTHING for it to NetSuite, records the run as interrupted with the
 * reason, prints the pause, and e-mails the flow's owner; the other flow keeps running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type NetSuiteSimulator, startNetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import {
  type SalesforceSimulator,
  startSalesforceSimulator,
} from '../../sandbox/salesforce/salesforce-simulator.ts';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { envSecretResolver } from '../../src/contract/index.ts';
import { loadContract } from '../../src/contract/loader.ts';
import { approveDrift } from '../../src/drift/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultSubsidiaryScript } from '../engine/sim-rig.ts';

const contractText = (ns: NetSuiteSimulator, sf: SalesforceSimulator) => `
accord: 1
name: crm-to-erp
systems:
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection:
      baseUrl: ${ns.url}
      timeZone: America/Los_Angeles
      consumerKey: env:NS_CK
      consumerSecret: env:NS_CS
      tokenId: env:NS_TI
      tokenSecret: env:NS_TS
    limits: { concurrency: 5 }
  salesforce:
    kind: salesforce
    connection: { instanceUrl: ${sf.url}, accessToken: env:SF_TOKEN, externalIdField: NetSuite_Id__c }
    limits: { concurrency: 4 }
teams:
  crm: { contact: crm@acme.example, alert: crm-mail }
alerts:
  crm-mail: { email: [crm@acme.example] }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 2, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  company:
    owner: salesforce
    fields:
      name: { kind: string }
      tier: { kind: string }
    mappings:
      salesforce:
        record: Account
        id: Id
        fields: { name: Name, tier: Customer_Tier__c }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields: { name: companyName, tier: custentity_sf_tier }
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
    from: salesforce
    to: netsuite
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
reconciliation:
  accounts: { flows: [accounts], schedule: "0 5 * * *", count: true }
  contacts: { flows: [contacts], schedule: "0 5 * * *", count: true }
`;

const cleanup: (() => Promise<void> | void)[] = [];
const saved = { ...process.env };
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
  process.env = { ...saved };
});

describe('fail closed: a renamed Salesforce custom field', () => {
  test('accord sync pauses only the flow mapping it, writes nothing for it, says why and alerts the owner', async () => {
    const ns = await startNetSuiteSimulator({
      scripts: [defaultSubsidiaryScript],
      customFields: { custentity_sf_tier: { type: 'text', recordTypes: ['customer'] } },
    });
    const sf = await startSalesforceSimulator({ accessToken: 'sf-test-token-0123456789' });
    const dir = mkdtempSync(join(tmpdir(), 'accord-fail-closed-'));
    cleanup.push(
      () => ns.close(),
      () => sf.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const file = join(dir, 'accord.yaml');
    writeFileSync(file, contractText(ns, sf));
    const db = join(dir, 'accord.db');
    const outbox = join(dir, 'outbox');
    Object.assign(process.env, {
      NS_CK: ns.tba.consumerKey,
      NS_CS: ns.tba.consumerSecret,
      NS_TI: ns.tba.tokenId,
      NS_TS: ns.tba.tokenSecret,
      SF_TOKEN: sf.accessToken,
      ACCORD_LOG_LEVEL: 'error',
      ACCORD_MAIL_OUTBOX: outbox,
    });

    // The state the contract was written against, approved (through the library with the
    // registry's connectors: the drift CLI's own factory opens only NetSuite and Shopify so far).
    const loaded = await loadContract(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const connectors = await buildConnectors(loaded.contract, { resolver: envSecretResolver() });
    const setupStore = await openSqliteStore(db);
    await approveDrift({
      contract: loaded.contract,
      store: setupStore,
      connectors: Object.fromEntries(connectors),
      by: 'ana',
    });
    await setupStore.close();
    await Promise.all([...connectors.values()].map((c) => c.close()));

    for (const [name, tier] of [
      ['Acme Outdoor', 'Gold'],
      ['Birch & Co', 'Silver'],
    ] as const) {
      const made = sf.org.create('Account', { Name: name, Customer_Tier__c: tier });
      expect(made.ok).toBe(true);
    }
    for (const last of ['Lovelace', 'Hopper', 'Torvalds']) {
      const made = sf.org.create('Contact', { LastName: last, Email: `${last.toLowerCase()}@example.com` });
      expect(made.ok).toBe(true);
    }
    // An admin renames the field in Setup; the accounts still carry their values, under the new name.
    sf.org.renameField('Account', 'Customer_Tier__c', 'Loyalty_Tier__c');
    const recordWrites = () =>
      ns.server.inspect.requests().filter((r) => r.method !== 'GET' && r.path.includes('/record/v1/'));
    const writesBefore = recordWrites().length;

    const io = captureIo();
    const code = await main(['sync', file, '--store', db, '--once'], io);
    expect(io.err()).not.toContain('unexpected error');
    expect(code).toBe(1); // a paused flow needs a person
    const out = io.out();
    expect(out).toMatch(/accounts: run \S+ paused/);
    expect(out).toContain('PAUSED — nothing of this flow ran: drift: salesforce Account.Customer_Tier__c');
    expect(out).toContain('"Loyalty_Tier__c"');
    expect(out).toContain('accord drift approve');
    expect(out).toMatch(/contacts: run \S+ succeeded/);

    // Nothing of the paused flow reached NetSuite: no customer from an Account, not one write.
    const customers = ns.records('customer');
    const fromAccounts = customers.filter((c) => /^salesforce:001/.test(String(c.externalId ?? '')));
    const fromContacts = customers.filter((c) => /^salesforce:003/.test(String(c.externalId ?? '')));
    expect(fromAccounts).toHaveLength(0);
    expect(fromContacts.map((c) => c.lastName).sort()).toEqual(['Hopper', 'Lovelace', 'Torvalds']);
    const writes = recordWrites();
    expect(writes.length - writesBefore).toBe(3); // the three contacts, nothing else
    expect(writes.every((w) => !decodeURIComponent(w.path).includes('salesforce:001'))).toBe(true);

    // The run record and the flow's state say why; no dead letter was made of it.
    const store = await openSqliteStore(db);
    const [run] = await store.runs.list({ flow: 'accounts', limit: 1 });
    expect(run).toMatchObject({ status: 'interrupted' });
    expect(run?.note).toContain('paused: drift: salesforce Account.Customer_Tier__c was removed or renamed');
    expect(await store.flows.get('accounts')).toMatchObject({ paused: true, updatedBy: 'accord drift' });
    expect((await store.flows.get('contacts')).paused).toBe(false);
    expect(await store.deadLetters.list({ flow: 'accounts' })).toHaveLength(0);
    await store.close(); // the command opens the file itself

    // The owner heard it once, by e-mail, naming the field.
    const mails = readdirSync(outbox).map((f) => readFileSync(join(outbox, f), 'utf8'));
    const paused = mails.filter((m) => m.includes('accounts: the flow was paused'));
    expect(paused).toHaveLength(1);
    expect(paused[0]).toContain('crm@acme.example');
    expect(paused[0]).toContain('Customer_Tier__c');

    // A second sync: still paused (stored), no second alert, still nothing written for accounts.
    const again = captureIo();
    expect(await main(['sync', file, '--store', db, '--once', '--flow', 'accounts'], again)).toBe(1);
    expect(again.out()).toContain('PAUSED');
    expect(
      ns.records('customer').filter((c) => /^salesforce:001/.test(String(c.externalId ?? ''))),
    ).toHaveLength(0);
    expect(
      readdirSync(outbox).filter((f) =>
        readFileSync(join(outbox, f), 'utf8').includes('the flow was paused'),
      ),
    ).toHaveLength(1);
  });
});
