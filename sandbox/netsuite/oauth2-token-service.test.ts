import { generateKeyPairSync } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateCertificateKeys, OAuth2TokenService } from './oauth2-token-service.ts';

const TOKEN_URL = 'http://127.0.0.1:9/services/rest/auth/oauth2/v1/token';
const NOW = 1_795_000_000_000;

async function assertion(
  privateKeyPem: string,
  alg: 'PS256' | 'ES256',
  o: { kid?: string; iat?: number; exp?: number; iss?: string; scope?: string } = {},
) {
  const iat = o.iat ?? NOW / 1000;
  return new SignJWT({ scope: o.scope ?? 'rest_webservices' })
    .setProtectedHeader({ alg, typ: 'JWT', kid: o.kid ?? 'cert-1' })
    .setIssuer(o.iss ?? 'client-1')
    .setAudience(TOKEN_URL)
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 3000)
    .sign(await importPKCS8(privateKeyPem, alg));
}

function form(jwt: string) {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt,
  });
}

function setup(alg: 'PS256' | 'ES256') {
  const keys = generateCertificateKeys(alg);
  const service = new OAuth2TokenService({
    clientId: 'client-1',
    tokenEndpoints: [TOKEN_URL],
    now: () => NOW,
  });
  service.registerCertificate('cert-1', keys.publicKey, alg);
  return { keys, service };
}

describe('OAuth 2.0 client credentials', () => {
  for (const alg of ['PS256', 'ES256'] as const) {
    it(`accepts a ${alg} assertion and issues a bearer token that authenticates`, async () => {
      const { keys, service } = setup(alg);
      const token = await service.exchange(form(await assertion(keys.privateKeyPem, alg)));
      expect(token).toMatchObject({ token_type: 'bearer', expires_in: '3600' });
      expect(service.verifyBearer(`Bearer ${token.access_token}`)).toEqual({ ok: true });
      expect(service.verifyBearer('Bearer forged')).toMatchObject({ ok: false });
    });
  }

  it('rejects an unknown kid', async () => {
    const { keys, service } = setup('PS256');
    const verdict = await service.check(
      form(await assertion(keys.privateKeyPem, 'PS256', { kid: 'other-cert' })),
    );
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('kid') });
  });

  it('rejects exp more than 60 minutes after iat', async () => {
    const { keys, service } = setup('ES256');
    const verdict = await service.check(
      form(await assertion(keys.privateKeyPem, 'ES256', { exp: NOW / 1000 + 3601 })),
    );
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('at most 3600') });
  });

  it('rejects a signature by a key other than the registered certificate', async () => {
    const { service } = setup('PS256');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const verdict = await service.check(form(await assertion(stranger, 'PS256')));
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('signature') });
    await expect(service.exchange(form(await assertion(stranger, 'PS256')))).rejects.toMatchObject({
      status: 401,
      errorCode: 'INVALID_LOGIN',
    });
  });

  it('rejects the wrong issuer, a missing scope and the wrong grant type', async () => {
    const { keys, service } = setup('PS256');
    expect(
      (await service.check(form(await assertion(keys.privateKeyPem, 'PS256', { iss: 'other' })))).ok,
    ).toBe(false);
    expect(
      (await service.check(form(await assertion(keys.privateKeyPem, 'PS256', { scope: 'restlets' })))).ok,
    ).toBe(false);
    const f = form(await assertion(keys.privateKeyPem, 'PS256'));
    f.set('grant_type', 'password');
    expect((await service.check(f)).ok).toBe(false);
  });
});
