import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('replaces credential-looking properties at any depth and keeps the rest', () => {
    const input = {
      method: 'POST',
      headers: {
        Authorization: 'OAuth realm="123",oauth_token="t"',
        'X-Shopify-Access-Token': 'shpat_1',
        Accept: 'application/json',
      },
      body: { client_secret: 'abc', items: [{ apiKey: 'k', sku: 'A1' }], email: 'a@x.test' },
    };
    const out = redactSecrets(input);
    expect(out).toEqual({
      method: 'POST',
      headers: { Authorization: REDACTED, 'X-Shopify-Access-Token': REDACTED, Accept: 'application/json' },
      body: { client_secret: REDACTED, items: [{ apiKey: REDACTED, sku: 'A1' }], email: 'a@x.test' },
    });
    expect(input.headers.Authorization).toMatch(/^OAuth/); // the input is not mutated
  });
});
