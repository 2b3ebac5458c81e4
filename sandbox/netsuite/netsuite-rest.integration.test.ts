/**
 * Independent check: the third-party `netsuite-rest` package, pointed at the simulator through
 * its `base_url` option, signs TBA requests itself; a good token secret succeeds, a wrong one
 * gets NetSuite's 401 INVALID_LOGIN.
 */
import NetsuiteRest from 'netsuite-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, startNetSuiteSimulator } from './index.ts';

describe('netsuite-rest against the NetSuite simulator', () => {
  let sim: NetSuiteSimulator;
  beforeAll(async () => {
    sim = await startNetSuiteSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const client = (tokenSecret: string) =>
    new NetsuiteRest({
      consumer_key: sim.tba.consumerKey,
      consumer_secret_key: sim.tba.consumerSecret,
      token: sim.tba.tokenId,
      token_secret: tokenSecret,
      realm: sim.accountId,
      base_url: sim.url,
    });

  it('lists customers and runs SuiteQL with valid TBA credentials', async () => {
    const list = await client(sim.tba.tokenSecret).request({ path: 'record/v1/customer?limit=2' });
    expect(list.statusCode).toBe(200);
    expect(list.data.items).toHaveLength(2);
    expect(list.data.hasMore).toBe(true);

    const created = await client(sim.tba.tokenSecret).request({
      path: 'record/v1/customer',
      method: 'POST',
      body: JSON.stringify({ companyName: 'Via netsuite-rest', subsidiary: { id: '104' } }),
    });
    expect(created.statusCode).toBe(204);
    // netsuite-rest spreads got's response, which drops the `headers` getter; rawHeaders survives.
    const raw = created.rawHeaders;
    const location = raw[raw.findIndex((h) => h.toLowerCase() === 'location') + 1] ?? '';
    expect(location).toMatch(/\/services\/rest\/record\/v1\/customer\/\d+$/);

    const query = await client(sim.tba.tokenSecret).request({
      path: 'query/v1/suiteql?limit=10',
      method: 'POST',
      body: JSON.stringify({
        q: "SELECT id, companyname FROM customer WHERE companyname = 'Via netsuite-rest'",
      }),
    });
    expect(query.data.items).toEqual([
      { links: [], id: location.split('/').pop(), companyname: 'Via netsuite-rest' },
    ]);
  });

  it('gets 401 INVALID_LOGIN with a wrong token secret', async () => {
    const error = await client('not-the-secret')
      .request({ path: 'record/v1/customer' })
      .then(
        () => undefined,
        (e: { response: { statusCode: number; body: string } }) => e,
      );
    expect(error?.response.statusCode).toBe(401);
    const body = JSON.parse(error!.response.body);
    expect(body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_LOGIN');
    expect(sim.authFailures().at(-1)).toBe('signature mismatch');
  });
});
