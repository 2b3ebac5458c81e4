import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { defaultSubsidiaryScript, type SimRig, seedShopifyCustomers, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Shopify → NetSuite customers, through the simulators', () => {
  it('syncs every customer once, counts balance, audit verifies, a rerun writes nothing', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    seedShopifyCustomers(rig.shop, 40);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 40, written: 40, deadLettered: 0, pending: 0 });
    expect(run.balanced).toBe(true);
    const customers = rig.ns
      .records('customer')
      .filter((c) => String(c.externalId ?? '').startsWith('shopify:'));
    expect(customers).toHaveLength(40);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(40);
    // Per new customer, three record requests: the match's read by external id, the upsert, and the
    // read-back (user event scripts may change what was written). The upsert does not read first:
    // the match has just found nothing under that external id.
    const recordRequests = rig.ns.server.inspect
      .requests()
      .filter((r) => r.path.includes('/record/v1/customer'));
    expect(recordRequests.filter((r) => r.method === 'PUT')).toHaveLength(40);
    expect(recordRequests).toHaveLength(3 * 40);
    expect((await verifyAudit(rig.store)).ok).toBe(true);

    const before = rig.ns.server.inspect
      .requests()
      .filter((r) => r.method !== 'GET' && !r.path.includes('suiteql')).length;
    const again = await rig.engine.runFlow('customers', { once: true });
    expect(again.counts.written).toBe(0);
    const after = rig.ns.server.inspect
      .requests()
      .filter((r) => r.method !== 'GET' && !r.path.includes('suiteql')).length;
    expect(after).toBe(before);
  });
});
