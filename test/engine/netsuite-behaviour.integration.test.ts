/**
 * The engine against NetSuite's awkward behaviour, through the simulators: a fault storm, a user
 * event script that rewrites inbound records, a mandatory custom field the mapping forgot, the
 * account's concurrency cap, and secrets kept out of everything stored.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { defaultSubsidiaryScript, type SimRig, seedShopifyCustomers, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const ours = (r: SimRig) =>
  r.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:'));
const writesTo = (r: SimRig) =>
  r.ns.server.inspect.requests().filter((q) => (q.method === 'PUT' || q.method === 'PATCH') && q.status < 300)
    .length;

describe('NetSuite behaviour through the engine', () => {
  it('fault storm: 10 % of requests fail (5xx, timeouts, 429, malformed); every record ends written or dead-lettered with its reason', async () => {
    rig = await simRig({
      netsuite: { scripts: [defaultSubsidiaryScript], seed: 11 },
      contract: { timeoutMs: 400, retries: 8 },
    });
    const ids = seedShopifyCustomers(rig.shop, 120);
    rig.ns.server.setRandomFaults(0.1, ['server-error', 'timeout', 'rate-limit', 'malformed-reply']);
    const run = await rig.engine.runFlow('customers', { once: true });
    rig.ns.server.setRandomFaults(0);

    expect(run.balanced).toBe(true);
    expect(run.counts.pending).toBe(0);
    expect(run.counts.captured).toBe(ids.length);
    const faulted = rig.ns.server.inspect.requests().filter((q) => q.status >= 429 || q.status === 0).length;
    expect(faulted).toBeGreaterThan(0);
    const tail = (key: string) => key.split('/').pop() ?? key;
    const inNetSuite = new Set(ours(rig).map((c) => tail(String(c.externalId))));
    expect(inNetSuite.size).toBe(ours(rig).length); // no duplicates
    const dead = await rig.store.deadLetters.list();
    const deadKeys = new Set(dead.map((d) => tail(d.recordKey)));
    for (const id of ids) {
      const written = inNetSuite.has(id);
      const parked = deadKeys.has(id);
      expect(written || parked, `customer ${id}`).toBe(true);
    }
    for (const d of dead) expect(d.reason.length).toBeGreaterThan(20);
    expect(run.counts.written + run.counts.deadLettered).toBe(ids.length);
    expect((await verifyAudit(rig.store)).ok).toBe(true);
  }, 120_000);

  it('a user event script that rewrites an inbound field does not start a ping-pong', async () => {
    rig = await simRig({
      netsuite: {
        scripts: [
          defaultSubsidiaryScript,
          {
            scriptId: 'customscript_upper_last_name',
            recordTypes: ['customer'],
            beforeSubmit: (ctx) => {
              if (typeof ctx.newRecord.lastName === 'string')
                ctx.newRecord.lastName = ctx.newRecord.lastName.toUpperCase();
            },
          },
        ],
      },
    });
    const [id] = seedShopifyCustomers(rig.shop, 1);
    await rig.engine.runFlow('customers', { once: true });
    expect(ours(rig)[0]?.lastName).toBe('NUMBER 1');
    const baseline = await rig.store.baselines.get({
      flow: 'customers',
      entity: 'customer',
      system: 'netsuite',
      recordId: String(ours(rig)[0]?.id),
    });
    // The baseline holds what NetSuite STORED after the script, not what was sent.
    expect(baseline?.seen.lastName).toBe('NUMBER 1');

    // A later change in Shopify writes that change only; the script's rewrite is not "fixed" back.
    const gid = Number(String(id).split('/').pop());
    rig.shop.store.updateCustomer(gid, { firstName: 'Renamed' });
    const before = writesTo(rig);
    const second = await rig.engine.runFlow('customers', { once: true });
    expect(second.counts).toMatchObject({ written: 1 });
    expect(writesTo(rig) - before).toBe(1);
    expect(ours(rig)[0]).toMatchObject({ firstName: 'Renamed', lastName: 'NUMBER 1' });

    // Quiet period: nothing changes, nothing is written.
    const quiet = writesTo(rig);
    await rig.engine.runFlow('customers', { once: true });
    await rig.engine.runFlow('customers', { once: true });
    expect(writesTo(rig)).toBe(quiet);
  });

  it('a mandatory custom field the mapping forgot yields dead letters with NetSuite’s message, not silent loss', async () => {
    rig = await simRig({
      netsuite: {
        scripts: [defaultSubsidiaryScript],
        customFields: { custentity_acme_tier: { type: 'text', mandatory: true, recordTypes: ['customer'] } },
      },
    });
    seedShopifyCustomers(rig.shop, 5);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 5, deadLettered: 5, written: 0, pending: 0 });
    expect(runBalance(run.counts).balanced).toBe(true);
    const dead = await rig.store.deadLetters.list();
    expect(dead).toHaveLength(5);
    for (const d of dead) {
      expect(d.classification).toBe('VALIDATION_REJECTED');
      expect(d.reason).toMatch(/Please enter value\(s\) for: .*custentity_acme_tier/i);
      expect(d.attempts).toBe(1); // permanent: not retried
      expect(d.request).toMatchObject({ system: 'netsuite', objectType: 'customer' });
    }
    expect(rig.events.filter((e) => e.type === 'dead-letter')).toHaveLength(5);
    expect(ours(rig)).toHaveLength(0);
    // Dead letters keep the request and NetSuite's reply — never the credentials that signed it.
    const stored = readFileSync(rig.dbPath);
    for (const secret of Object.values(rig.secrets)) {
      expect(JSON.stringify(dead)).not.toContain(secret);
      expect(stored.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('limits hold: never more requests in flight to NetSuite than its cap; secrets never stored', async () => {
    rig = await simRig({
      netsuite: { scripts: [defaultSubsidiaryScript], concurrency: 5, latencyMs: { min: 2, max: 6 } },
      contract: { concurrency: 3 },
    });
    seedShopifyCustomers(rig.shop, 60);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts.written).toBe(60);
    expect(rig.ns.server.inspect.maxInFlight()).toBeLessThanOrEqual(3);
    expect(rig.connectors.get('netsuite')?.stats().maxInFlight).toBeLessThanOrEqual(3);
    expect(rig.ns.pool.rejected()).toBe(0);
    const file = readFileSync(rig.dbPath);
    for (const secret of Object.values(rig.secrets)) expect(file.includes(Buffer.from(secret))).toBe(false);
  });
});
