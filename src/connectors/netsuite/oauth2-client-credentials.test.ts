import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { OAuth2ClientCredentials } from './oauth2-client-credentials.ts';

describe('OAuth 2.0 client credentials assertion', () => {
  for (const algorithm of ['PS256', 'ES256'] as const) {
    it(`signs ${algorithm} with kid = certificate id and NetSuite's claims, at most 60 minutes long`, async () => {
      const pair =
        algorithm === 'PS256'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const tokenUrl = 'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token';
      const now = Date.UTC(2026, 10, 28, 14, 0, 0);
      const client = new OAuth2ClientCredentials({
        system: 'ns',
        tokenUrl,
        clientId: 'client-abc',
        certificateId: 'cert-xyz',
        privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        algorithm,
        scopes: ['restlets', 'rest_webservices'],
        now: () => now,
      });
      const jwt = await client.assertion();
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: algorithm, kid: 'cert-xyz', typ: 'JWT' });
      const { payload } = await jwtVerify(jwt, pair.publicKey, {
        issuer: 'client-abc',
        audience: tokenUrl,
        currentDate: new Date(now),
      });
      expect(payload.scope).toEqual(['restlets', 'rest_webservices']);
      expect(payload.iat).toBe(now / 1000);
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(3600);
    });
  }

  it('refuses an assertion lifetime NetSuite would refuse, and a key that is not PKCS#8', async () => {
    const base = {
      system: 'ns',
      tokenUrl: 'https://x/services/rest/auth/oauth2/v1/token',
      clientId: 'c',
      certificateId: 'k',
      algorithm: 'PS256' as const,
    };
    expect(
      () => new OAuth2ClientCredentials({ ...base, privateKeyPem: '', assertionLifetimeSeconds: 7200 }),
    ).toThrow(/1–3600/);
    const client = new OAuth2ClientCredentials({ ...base, privateKeyPem: '-----BEGIN NOTHING-----' });
    await expect(client.assertion()).rejects.toThrow(/PKCS#8/);
  });
});
