import { describe, expect, it } from 'vitest';
import { signatureBaseString, TbaVerifier } from './tba-verifier.ts';
import { tbaHeader } from './test-client.ts';

const account = {
  accountId: '123456_SB1',
  tba: { consumerKey: 'ck-123', consumerSecret: 'cs-secret', tokenId: 'tok-456', tokenSecret: 'ts-secret' },
};
const NOW = 1_795_000_000_000;
const URL_ =
  'http://127.0.0.1:4321/services/rest/record/v1/customer?limit=2&q=companyName%20START_WITH%20%22A%26B%22';

function verifier() {
  return new TbaVerifier({ accountId: account.accountId, credentials: account.tba, now: () => NOW });
}
const sign = (o: Parameters<typeof tbaHeader>[3] = {}) =>
  tbaHeader(account, 'GET', URL_, { timestamp: NOW / 1000, nonce: 'n0nce-abcdef', ...o });

describe('TBA verification', () => {
  it('accepts a request signed HMAC-SHA256 by an independent OAuth 1.0a library', () => {
    expect(verifier().verify({ method: 'GET', url: URL_, authorization: sign() })).toEqual({
      ok: true,
      tokenId: 'tok-456',
    });
  });

  it('rejects HMAC-SHA1', () => {
    const result = verifier().verify({
      method: 'GET',
      url: URL_,
      authorization: sign({ signatureMethod: 'HMAC-SHA1' }),
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('HMAC-SHA1') });
  });

  it('rejects a realm with a lower-case sandbox suffix or in host form', () => {
    for (const realm of ['123456_sb1', '123456-sb1', '123456-SB1']) {
      const result = verifier().verify({ method: 'GET', url: URL_, authorization: sign({ realm }) });
      expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('realm') });
    }
  });

  it('rejects a reused nonce', () => {
    const v = verifier();
    const header = sign();
    expect(v.verify({ method: 'GET', url: URL_, authorization: header }).ok).toBe(true);
    expect(v.verify({ method: 'GET', url: URL_, authorization: header })).toEqual({
      ok: false,
      reason: 'nonce_used',
    });
  });

  it('rejects a timestamp more than 5 minutes old, accepts one 4 minutes old', () => {
    const stale = sign({ timestamp: NOW / 1000 - 301 });
    expect(verifier().verify({ method: 'GET', url: URL_, authorization: stale })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('timestamp'),
    });
    const recent = sign({ timestamp: NOW / 1000 - 240 });
    expect(verifier().verify({ method: 'GET', url: URL_, authorization: recent }).ok).toBe(true);
  });

  it('rejects a wrong token secret, a tampered URL and a short nonce', () => {
    expect(
      verifier().verify({ method: 'GET', url: URL_, authorization: sign({ tokenSecret: 'wrong' }) }),
    ).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(
      verifier().verify({ method: 'GET', url: URL_.replace('limit=2', 'limit=3'), authorization: sign() }),
    ).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifier().verify({ method: 'POST', url: URL_, authorization: sign() })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(
      verifier().verify({ method: 'GET', url: URL_, authorization: sign({ nonce: 'abc' }) }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('nonce_rejected') });
  });

  it('normalises the base string as RFC 5849 section 3.4.1 does', () => {
    const params = new Map([
      ['realm', 'X'],
      ['oauth_nonce', 'n'],
      ['oauth_signature', 'ignored'],
    ]);
    expect(signatureBaseString('get', 'HTTP://Example.COM:80/a%20b?b=2&a=1&a=0', params)).toBe(
      'GET&http%3A%2F%2Fexample.com%2Fa%2520b&a%3D0%26a%3D1%26b%3D2%26oauth_nonce%3Dn',
    );
  });
});
