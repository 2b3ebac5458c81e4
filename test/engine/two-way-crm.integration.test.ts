/**
 * Two-way Salesforce contacts ↔ NetSuite customers with edits on both sides, through both
 * simulators: conflicts resolved by their rules (owner wins, most recent wins, review), the
 * non-owner's overwrite of an owned field reverted, and after a quiet period zero writes (echoes
 * of our own writes are recognised and dropped, no loop).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, startNetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import {
  type SalesforceSimulator,
  startSalesforceSimulator,
} from '../../sandbox/salesforce/salesforce-simulator.ts';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { parseContract } from '../../src/contract/index.ts';
import { type Engine, openEngine } from '../../src/engine/engine.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultSubsidiaryScript } from './sim-rig.ts';

const contractText = (ns: NetSuiteSimulator, sf: SalesforceSimulator) => `
accord: 1
name: crm-two-way
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
  crm: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: revert
  errors: { retries: 4, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    fields:
      email: { kind: email, owner: salesforce, conflict: owner-wins }
      phone: { kind: string, owner: netsuite, conflict: owner-wins }
      lastName: { kind: string, owner: salesforce, conflict: most-recent-wins }
      firstName: { kind: string, owner: salesforce, conflict: review }
    mappings:
      salesforce:
        record: Contact
        id: Id
        fields: { email: Email, phone: Phone, lastName: LastName, firstName: FirstName }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, phone: phone, lastName: lastName, firstName: firstName }
flows:
  contacts:
    entity: customer
    from: salesforce
    to: netsuite
    direction: two-way
    trigger: { schedule: every 5m }
    owner: crm
    match:
      keys: [external-id, { field: email, normalise: [trim, lowercase] }]
      onNoMatch: create
      onMultipleMatches: review
reconciliation:
  contacts: { flows: [contacts], schedule: "0 5 * * *", count: true }
`;

interface Rig {
  ns: NetSuiteSimulator;
  sf: SalesforceSimulator;
  store: SqliteStore;
  engine: Engine;
  connectors: Map<string, Connector>;
  dir: string;
}
let rig: Rig | undefined;
afterEach(async () => {
  if (!rig) return;
  await Promise.allSettled([...rig.connectors.values()].map((c) => c.close()));
  await rig.store.close();
  await rig.ns.close();
  await rig.sf.close();
  rmSync(rig.dir, { recursive: true, force: true });
  rig = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(): Promise<Rig> {
  const ns = await startNetSuiteSimulator({ scripts: [defaultSubsidiaryScript] });
  const sf = await startSalesforceSimulator({ accessToken: 'sf-test-token-0123456789' });
  const parsed = parseContract(contractText(ns, sf), 'crm-two-way.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const secrets: Record<string, string> = {
    NS_CK: ns.tba.consumerKey,
    NS_CS: ns.tba.consumerSecret,
    NS_TI: ns.tba.tokenId,
    NS_TS: ns.tba.tokenSecret,
    SF_TOKEN: sf.accessToken,
  };
  const dir = mkdtempSync(join(tmpdir(), 'accord-two-way-'));
  const store = await openSqliteStore(join(dir, 'accord.db'));
  const queue = openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 100 } });
  const connectors = await buildConnectors(parsed.contract, { resolver: (ref) => secrets[ref.name] });
  // Start from now on the NetSuite side: the account's existing customers are not this test's
  // (wait out the 2 s lookback window and NetSuite's whole-second stamps first, so the seed data
  // stays behind the cursor).
  await sleep(3_200);
  const now = new Date(Date.now()).toISOString();
  await store.cursors.reset(
    { flow: 'contacts', system: 'netsuite', objectType: 'customer' },
    { modifiedAt: now, id: '0' },
  );
  const engine = openEngine({
    contract: parsed.contract,
    store,
    queue,
    connectors,
    tuning: { lookbackMs: 2_000, batchSize: 20 },
  });
  return { ns, sf, store, engine, connectors, dir };
}

describe('two-way Salesforce ↔ NetSuite customers', () => {
  it('resolves conflicts by rule, reverts a non-owner overwrite, and goes quiet (no echo loop)', async () => {
    rig = await start();
    const { ns, sf, engine } = rig;
    const contacts = ['Ada', 'Grace', 'Linus', 'Barbara'].map((first, i) => {
      const made = sf.org.create('Contact', {
        FirstName: first,
        LastName: `Person${i}`,
        Email: `p${i}@example.com`,
        Phone: `+1 555 010${i}`,
      });
      if (!made.ok) throw new Error(JSON.stringify(made.errors));
      return made.id;
    });
    const first = await engine.runFlow('contacts', { once: true });
    expect(first.counts).toMatchObject({ written: 4, deadLettered: 0, pending: 0 });
    const nsIds = [0, 1, 2, 3].map((i) =>
      String(ns.records('customer').find((c) => c.email === `p${i}@example.com`)?.id),
    );
    const nsOf = (i: number) => ns.records('customer').find((c) => String(c.id) === nsIds[i])!;
    // A person editing the record in NetSuite (through REST, as a user's integration or UI save would).
    const nsEdit = (i: number, fields: Record<string, unknown>) =>
      rig!.connectors.get('netsuite')!.upsert({
        objectType: 'customer',
        id: nsIds[i],
        externalId: String(nsOf(i).externalId),
        fields,
        idempotencyKey: `edit-${i}-${JSON.stringify(fields)}`,
      });
    expect(
      ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('salesforce:')),
    ).toHaveLength(4);

    // NetSuite owns phone: an edit there moves to Salesforce (two-way, lone edit).
    await sleep(1_100); // whole-second timestamps on both sides
    await nsEdit(0, { phone: '+1 555 9999' });
    // Both sides edit: email (Salesforce owns: its value wins, NetSuite's overwrite is reverted),
    // lastName (most recent wins: NetSuite edits later), firstName (review).
    sf.org.update('Contact', contacts[1]!, { Email: 'grace.sf@example.com' });
    await nsEdit(1, { email: 'grace.ns@example.com' });
    sf.org.update('Contact', contacts[2]!, { LastName: 'Torvalds-SF' });
    sf.org.update('Contact', contacts[3]!, { FirstName: 'Barb-SF' });
    await nsEdit(3, { firstName: 'Barb-NS' });
    await sleep(1_100);
    await nsEdit(2, { lastName: 'Torvalds-NS' });

    await engine.runFlow('contacts', { once: true });
    await engine.runFlow('contacts', { once: true });
    const sfContact = (i: number) => sf.org.get('Contact', contacts[i]!)!;
    expect(sfContact(0).Phone).toBe('+1 555 9999');
    expect(sfContact(1).Email).toBe('grace.sf@example.com');
    expect(nsOf(1).email).toBe('grace.sf@example.com'); // NetSuite's overwrite of Salesforce's field: reverted
    expect(sfContact(2).LastName).toBe('Torvalds-NS');
    expect(nsOf(2).lastName).toBe('Torvalds-NS');
    expect(
      ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('salesforce:')),
    ).toHaveLength(4);
    expect(await rig.store.deadLetters.list()).toHaveLength(0);
    const reviews = await rig.store.reviews.list({ kind: 'conflict' });
    expect(reviews.some((r) => r.field === 'firstName')).toBe(true);
    expect(sfContact(3).FirstName).toBe('Barb-SF');

    // Quiet period: nothing changes anywhere; runs capture our own writes coming back and write nothing.
    const writes = () =>
      ns.server.inspect.requests().filter((q) => q.method === 'PUT' || q.method === 'PATCH').length +
      sf.inspect.requests().filter((q) => q.method === 'PATCH' || q.method === 'POST').length;
    const before = writes();
    const quiet1 = await engine.runFlow('contacts', { once: true });
    const quiet2 = await engine.runFlow('contacts', { once: true });
    expect(quiet1.counts.written + quiet2.counts.written).toBe(0);
    expect(writes()).toBe(before);
    expect((await verifyAudit(rig.store)).ok).toBe(true);
  }, 120_000);

  it('two contacts sharing one email never both take the same NetSuite customer', async () => {
    rig = await start();
    const { ns, sf, engine } = rig;
    const subsidiary = ns.records('subsidiary')[0]?.id as string;
    const nsId = ns.seed('customer', {
      firstName: 'Original',
      lastName: 'Shared',
      email: 'shared@example.com',
      subsidiary: { id: subsidiary },
    });
    const made = ['Søren', 'Nguyễn'].map((first) => {
      const r = sf.org.create('Contact', {
        FirstName: first,
        LastName: 'Shared',
        Email: 'shared@example.com',
      });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.id;
    });
    const nsWrites = () =>
      ns.server.inspect
        .requests()
        .filter((q) => (q.method === 'PUT' || q.method === 'PATCH') && q.path.includes(`/customer/${nsId}`));

    const run = await engine.runFlow('contacts', { once: true });
    expect(run.counts.deadLettered).toBe(0);
    // Exactly one contact is linked to the customer and wrote it; never both.
    expect(nsWrites()).toHaveLength(1);
    const link = await rig.store.links.find('customer', { system: 'netsuite', id: nsId }, 'salesforce');
    const winner = link?.a.system === 'salesforce' ? link.a.id : link?.b.id;
    expect(made).toContain(winner);
    const loser = made.find((id) => id !== winner) as string;
    const customer = ns.records('customer').find((c) => String(c.id) === nsId);
    expect(customer?.firstName).toBe(sf.org.get('Contact', winner as string)?.FirstName);
    expect(
      await rig.store.links.find('customer', { system: 'salesforce', id: loser }, 'netsuite'),
    ).toBeUndefined();

    const reviews = await rig.store.reviews.list({ kind: 'ambiguous-match' });
    const forLoser = reviews.find((r) => r.recordKey === `salesforce:${loser}`);
    expect(forLoser?.candidates).toEqual([
      expect.objectContaining({
        system: 'netsuite',
        id: nsId,
        linkedTo: { system: 'salesforce', id: winner },
      }),
    ]);
    const detail = forLoser?.detail as { reason: string; existingLink?: unknown };
    expect(detail.reason).toContain(`netsuite customer ${nsId}`);
    expect(detail.reason).toContain(`salesforce ${winner}`);
    expect(detail.reason).toContain(`salesforce ${loser}`);
    expect(detail.existingLink).toMatchObject({
      source: { system: 'salesforce', id: winner },
      target: { system: 'netsuite', id: nsId },
    });

    // Later runs do not flip it either.
    await engine.runFlow('contacts', { once: true });
    expect(nsWrites()).toHaveLength(1);
    expect(await rig.store.deadLetters.list()).toHaveLength(0);
    expect((await verifyAudit(rig.store)).ok).toBe(true);
  }, 60_000);
});
