/**
 * SuiteQL at POST /services/rest/query/v1/suiteql (Prefer: transient): column lists, WHERE with
 * comparisons and AND/OR, lastmodifieddate through TO_TIMESTAMP in the account's time zone,
 * ORDER BY, GROUP BY with COUNT and SUM, 1000-row pages and the 100,000-row cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from './index.ts';
import { nsFetch } from './test-client.ts';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk untyped JSON replies.
type Json = Record<string, any>;

describe('SuiteQL', () => {
  let sim: NetSuiteSimulator;
  const suiteql = async (q: string, query = '', headers: Record<string, string> = { prefer: 'transient' }) =>
    nsFetch(sim, 'POST', `/services/rest/query/v1/suiteql${query}`, { body: { q }, headers });
  const items = async (q: string, query = '') => ((await suiteql(q, query)).json as Json).items as Json[];

  beforeAll(async () => {
    sim = await startNetSuiteSimulator();
    sim.seed('customrecord_loyalty_tier', {
      name: 'Before midnight',
      custrecord_tier_level: 1,
      lastModifiedDate: '2026-11-28T07:59:59Z',
    });
    sim.seed('customrecord_loyalty_tier', {
      name: 'After midnight',
      custrecord_tier_level: 2,
      lastModifiedDate: '2026-11-28T08:00:00Z',
    });
    const order = (customer: string, total: string) =>
      sim.seed('salesOrder', {
        entity: { id: customer },
        subsidiary: { id: SEEDED.subsidiaries.us },
        total,
        status: { id: 'B' },
        tranDate: '2026-11-27',
      });
    order(SEEDED.customers.acme, '10.10');
    order(SEEDED.customers.acme, '0.20');
    order(SEEDED.customers.tokyo, '5000');
  });
  afterAll(async () => {
    await sim.close();
  });

  it('selects columns with WHERE, AND/OR and ORDER BY; values are strings, nulls omitted', async () => {
    const rows = await items(
      `SELECT id, companyname, email FROM customer WHERE (companyname LIKE 'A%' OR email IS NULL) AND isinactive = 'F' ORDER BY companyname DESC`,
    );
    expect(rows).toEqual([
      { links: [], id: SEEDED.customers.noEmail, companyname: 'Quiet Traders Ltd' },
      { links: [], id: SEEDED.customers.acme, companyname: 'Acme Corp', email: 'ap@acme.example' },
    ]);
  });

  it('compares lastmodifieddate with TO_TIMESTAMP in the account time zone; shows it date-only unless TO_CHAR', async () => {
    const rows = await items(
      `SELECT name, lastmodifieddate, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified FROM customrecord_loyalty_tier
       WHERE lastmodifieddate >= TO_TIMESTAMP('2026-11-28 00:00:00', 'YYYY-MM-DD HH24:MI:SS') ORDER BY id`,
    );
    // Midnight in Los Angeles is 08:00 UTC: the record at 07:59:59Z belongs to the 27th.
    expect(rows.map((r) => r.name)).not.toContain('Before midnight');
    expect(rows.find((r) => r.name === 'After midnight')).toEqual({
      links: [],
      name: 'After midnight',
      lastmodifieddate: '11/28/2026',
      modified: '2026-11-28 00:00:00',
    });
  });

  it('groups with COUNT and an exact SUM', async () => {
    const rows = await items(
      `SELECT entity, COUNT(*) AS orders, SUM(foreigntotal) AS total FROM transaction WHERE type = 'SalesOrd' GROUP BY entity ORDER BY entity`,
    );
    expect(rows).toEqual([
      { links: [], entity: SEEDED.customers.acme, orders: '2', total: '10.3' },
      { links: [], entity: SEEDED.customers.tokyo, orders: '1', total: '5000' },
    ]);
  });

  it('pages with limit/offset in the collection envelope', async () => {
    const page = (await suiteql('SELECT id FROM currency ORDER BY id', '?limit=3&offset=0')).json as Json;
    expect(page).toMatchObject({ count: 3, hasMore: true, offset: 0, totalResults: 4 });
    const last = (await suiteql('SELECT id FROM currency ORDER BY id', '?limit=3&offset=3')).json as Json;
    expect(last).toMatchObject({
      count: 1,
      hasMore: false,
      offset: 3,
      items: [{ links: [], id: SEEDED.currencies.jpy }],
    });
  });

  it('requires Prefer: transient and reports a malformed query as 400', async () => {
    expect((await suiteql('SELECT id FROM customer', '', {})).status).toBe(400);
    const bad = await suiteql('SELECT id FROM customer LIMIT 5');
    expect(bad.status).toBe(400);
    expect((bad.json as Json)['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_PARAMETER');
    expect((await suiteql('SELECT nosuchcolumn FROM customer')).status).toBe(400);
    expect((await suiteql('SELECT id FROM nosuchtable')).status).toBe(400);
  });

  it('caps a query at 100,000 rows', async () => {
    const big = await startNetSuiteSimulator();
    try {
      for (let i = 0; i < 100_005; i += 1) big.seed('customrecord_loyalty_tier', { name: `T${i}` });
      const run = (offset: number) =>
        nsFetch(big, 'POST', `/services/rest/query/v1/suiteql?limit=1000&offset=${offset}`, {
          body: { q: 'SELECT id FROM customrecord_loyalty_tier' },
          headers: { prefer: 'transient' },
        });
      const lastPage = (await run(99_000)).json as Json;
      expect(lastPage).toMatchObject({ count: 1000, hasMore: false, totalResults: 100_006 });
      expect((await run(100_000)).status).toBe(400);
    } finally {
      await big.close();
    }
  });
});
