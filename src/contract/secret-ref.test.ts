import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envSecretResolver, isSecretKey, parseSecretRef, resolveSecret } from './secret-ref.ts';

describe('secret references', () => {
  it('parses env references only', () => {
    expect(parseSecretRef('env:NETSUITE_TOKEN_SECRET')).toEqual({
      provider: 'env',
      name: 'NETSUITE_TOKEN_SECRET',
    });
    expect(parseSecretRef('env:lower')).toBeUndefined();
    expect(parseSecretRef('abc')).toBeUndefined();
  });

  it('knows which keys hold credentials', () => {
    for (const key of [
      'password',
      'tokenSecret',
      'clientSecret',
      'apiKey',
      'consumerKey',
      'privateKey',
      'accessToken',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['accountId', 'shop', 'host', 'username', 'keyField'])
      expect(isSecretKey(key), key).toBe(false);
  });

  it('resolves late and never prints the value', () => {
    const ref = { provider: 'env', name: 'STRIPE_API_KEY' } as const;
    const resolved = resolveSecret(ref, envSecretResolver({ STRIPE_API_KEY: 'sk_test_123' }));
    if (!resolved.ok) throw new Error('should resolve');
    const { secret } = resolved;
    expect(secret.reveal()).toBe('sk_test_123');
    for (const shown of [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ secret }),
    ]) {
      expect(shown).not.toContain('sk_test_123');
      expect(shown).toContain('env:STRIPE_API_KEY');
    }
  });

  it('names the missing variable, not a value', () => {
    const resolved = resolveSecret({ provider: 'env', name: 'NOPE' }, envSecretResolver({}));
    expect(resolved).toEqual({ ok: false, message: expect.stringContaining('export NOPE') });
  });
});
