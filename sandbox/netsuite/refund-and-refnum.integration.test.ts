/**
 * Record types and fields the example contract maps that the simulator first lacked: customer
 * refunds (REST `customerRefund`, SuiteQL `transaction` type 'CustRfnd') and the sales order's
 * "PO/Check #" (`otherRefNum`, SuiteQL `otherrefnum`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from './index.ts';
import { nsFetch } from './test-client.ts';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk untyped JSON replies.
type Json = Record<string, any>;
const R = '/services/rest/record/v1';

describe('NetSuite simulator: customer refunds and the order reference', () => {
  let sim: NetSuiteSimulator;
  const suiteql = async (q: string) =>
    (
      (
        await nsFetch(sim, 'POST', '/services/rest/query/v1/suiteql', {
          body: { q },
          headers: { prefer: 'transient' },
        })
      ).json as Json
    ).items as Json[];
  const create = async (type: string, body: Json) => {
    const res = await nsFetch(sim, 'POST', `${R}/${type}`, { body });
    expect(res.status).toBe(204);
    return /\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]!;
  };

  beforeAll(async () => {
    sim = await startNetSuiteSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('creates and reads a customer refund over REST, and lists it in SuiteQL as a CustRfnd transaction', async () => {
    const id = await create('customerRefund', {
      externalId: 'stripe:re_1',
      customer: { id: SEEDED.customers.acme },
      subsidiary: { id: SEEDED.subsidiaries.us },
      tranDate: '2026-11-27',
      total: 12.5,
    });
    const got = (await nsFetch(sim, 'GET', `${R}/customerRefund/${id}`)).json as Json;
    expect(got.externalId).toBe('stripe:re_1');
    expect(got.customer.id).toBe(SEEDED.customers.acme);
    const rows = await suiteql(
      `SELECT id, externalid, entity, foreigntotal FROM transaction WHERE type = 'CustRfnd'`,
    );
    expect(rows).toEqual([
      { links: [], id, externalid: 'stripe:re_1', entity: SEEDED.customers.acme, foreigntotal: '12.5' },
    ]);
  });

  it('keeps a sales order’s otherRefNum, readable over REST and as otherrefnum in SuiteQL', async () => {
    const id = await create('salesOrder', {
      entity: { id: SEEDED.customers.acme },
      subsidiary: { id: SEEDED.subsidiaries.us },
      otherRefNum: '#1001',
      item: { items: [{ item: { id: SEEDED.items.widget }, quantity: 1, rate: 10 }] },
    });
    const got = (await nsFetch(sim, 'GET', `${R}/salesOrder/${id}`)).json as Json;
    expect(got.otherRefNum).toBe('#1001');
    const rows = await suiteql(
      `SELECT id, otherrefnum FROM transaction WHERE type = 'SalesOrd' AND otherrefnum = '#1001'`,
    );
    expect(rows).toEqual([{ links: [], id, otherrefnum: '#1001' }]);
  });
});

describe('SuiteQL on the shared transaction table', () => {
  it("accepts a custom body field that applies only to some transaction types, whichever type's row comes first", async () => {
    const sim = await startNetSuiteSimulator({
      customFields: { custbody_pi: { type: 'text', recordTypes: ['customerRefund'] } },
    });
    try {
      sim.seed('salesOrder', { entity: { id: SEEDED.customers.acme }, total: '1', status: { id: 'B' } });
      const id = sim.seed('customerRefund', {
        customer: { id: SEEDED.customers.acme },
        custbody_pi: 'pi_1',
        total: '1',
      });
      const res = await nsFetch(sim, 'POST', '/services/rest/query/v1/suiteql', {
        body: { q: `SELECT id FROM transaction WHERE custbody_pi = 'pi_1'` },
        headers: { prefer: 'transient' },
      });
      expect(res.status).toBe(200);
      expect(((res.json as Json).items as Json[]).map((r) => r.id)).toEqual([id]);
    } finally {
      await sim.close();
    }
  });
});
