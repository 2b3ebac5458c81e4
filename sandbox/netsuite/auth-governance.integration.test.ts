/**
 * Authentication and governance over real HTTP: OAuth 2.0 client credentials (PS256 and ES256)
 * to a bearer token, INVALID_LOGIN bodies, the account concurrency pool (N+1 concurrent → one
 * 429 CONCURRENCY_LIMIT_EXCEEDED) and system/v1/governanceLimits.
 */
import { importPKCS8, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, type NetSuiteSimulatorOptions, startNetSuiteSimulator } from './index.ts';
import { nsFetch } from './test-client.ts';

const sims: NetSuiteSimulator[] = [];
async function start(options: NetSuiteSimulatorOptions = {}) {
  const sim = await startNetSuiteSimulator(options);
  sims.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function tokenRequest(sim: NetSuiteSimulator, o: { kid?: string; lifetime?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({ scope: ['rest_webservices'] })
    .setProtectedHeader({ alg: sim.oauth2.algorithm, typ: 'JWT', kid: o.kid ?? sim.oauth2.certificateId })
    .setIssuer(sim.oauth2.clientId)
    .setAudience(`${sim.url}/services/rest/auth/oauth2/v1/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.lifetime ?? 3600))
    .sign(await importPKCS8(sim.oauth2.privateKeyPem, sim.oauth2.algorithm));
  return fetch(`${sim.url}/services/rest/auth/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    }),
  });
}

const INVALID_LOGIN = {
  type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2',
  title: 'Unauthorized',
  status: 401,
  'o:errorDetails': [
    { 'o:errorCode': 'INVALID_LOGIN', detail: expect.stringContaining('Invalid login attempt') },
  ],
};

describe('OAuth 2.0 client credentials over HTTP', () => {
  for (const algorithm of ['PS256', 'ES256'] as const) {
    it(`exchanges a ${algorithm} assertion for a bearer token that reads records`, async () => {
      const sim = await start({ oauth2Algorithm: algorithm });
      const res = await tokenRequest(sim);
      expect(res.status).toBe(200);
      const token = (await res.json()) as { access_token: string; token_type: string };
      expect(token.token_type).toBe('bearer');
      const list = await fetch(`${sim.url}/services/rest/record/v1/customer`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(list.status).toBe(200);
      const forged = await fetch(`${sim.url}/services/rest/record/v1/customer`, {
        headers: { authorization: 'Bearer forged' },
      });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual(INVALID_LOGIN);
    });
  }

  it('answers 401 INVALID_LOGIN for a wrong kid or a lifetime over 60 minutes', async () => {
    const sim = await start();
    const wrongKid = await tokenRequest(sim, { kid: 'not-registered' });
    expect(wrongKid.status).toBe(401);
    expect(await wrongKid.json()).toEqual(INVALID_LOGIN);
    expect((await tokenRequest(sim, { lifetime: 3601 })).status).toBe(401);
    expect(sim.authFailures().at(-1)).toContain('at most 3600');
  });
});

describe('TBA over HTTP', () => {
  it('answers 401 INVALID_LOGIN for a lower-case sandbox realm and no credentials', async () => {
    const sim = await start();
    const res = await nsFetch(sim, 'GET', '/services/rest/record/v1/customer', {
      sign: { realm: '123456_sb1' },
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual(INVALID_LOGIN);
    expect((await fetch(`${sim.url}/services/rest/record/v1/customer`)).status).toBe(401);
    expect((await nsFetch(sim, 'GET', '/services/rest/record/v1/customer')).status).toBe(200);
  });
});

describe('the account concurrency pool', () => {
  it('refuses exactly the one request beyond the pool with 429 CONCURRENCY_LIMIT_EXCEEDED', async () => {
    const sim = await start({ concurrency: 3 });
    sim.setLatency(3_000);
    const held = [0, 1, 2].map(() => nsFetch(sim, 'GET', '/services/rest/record/v1/customer'));
    // Wait until all three hold a slot (they keep it for 3 s), then send one more.
    while (sim.pool.inUse() < 3) await new Promise((r) => setTimeout(r, 5));
    const extra = await nsFetch(sim, 'GET', '/services/rest/record/v1/customer');
    expect(extra.status).toBe(429);
    expect(extra.json).toMatchObject({
      status: 429,
      'o:errorDetails': [{ 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
    });
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(sim.pool.rejected()).toBe(1);
  });

  it('counts other integrations against the same pool', async () => {
    const sim = await start({ concurrency: 2 });
    // Each call draws a new random occupation; draw until the others hold the whole pool.
    for (let i = 0; i < 100 && sim.pool.heldByOthers() < 2; i += 1) {
      sim.setOtherIntegrations({ maxSlots: 2, holdMs: { min: 60_000, max: 60_000 } });
    }
    expect(sim.pool.heldByOthers()).toBe(2);
    const res = await nsFetch(sim, 'GET', '/services/rest/record/v1/customer');
    expect(res.status).toBe(429);
    sim.setOtherIntegrations(undefined);
    expect((await nsFetch(sim, 'GET', '/services/rest/record/v1/customer')).status).toBe(200);
  });

  it('reports governanceLimits when the role may read them, 403 otherwise', async () => {
    const sim = await start({ concurrency: 7 });
    const limits = await nsFetch(sim, 'GET', '/services/rest/system/v1/governanceLimits');
    expect(limits.json).toEqual({
      accountConcurrencyLimit: 7,
      unallocatedConcurrencyLimit: 7,
      limitType: 'accountUnallocated',
    });
    const hidden = await start({ governanceLimitsVisible: false });
    const refused = await nsFetch(hidden, 'GET', '/services/rest/system/v1/governanceLimits');
    expect(refused.status).toBe(403);
  });
});
