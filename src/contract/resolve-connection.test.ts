import { describe, expect, it } from 'vitest';
import { flowFieldPolicies } from './field-policy.ts';
import { resolveConnection } from './resolve-connection.ts';
import { envSecretResolver, Secret } from './secret-ref.ts';
import { contractFromFile } from './test-contracts.ts';

describe('resolving a contract for the engine', () => {
  const contract = contractFromFile('examples/shopify-stripe-netsuite.yaml');

  it('resolves secrets late, and names every missing one without a value', () => {
    const shopify = contract.systems.shopify!;
    const env = { SHOPIFY_ADMIN_TOKEN: 'shpat_abc', SHOPIFY_WEBHOOK_SECRET: 'whsec_xyz' };
    const resolved = resolveConnection(shopify, envSecretResolver(env));
    if (!resolved.ok) throw new Error(resolved.errors.join('\n'));
    expect(resolved.settings.shop).toBe('acme-outdoor.myshopify.com');
    expect(resolved.settings.accessToken).toBeInstanceOf(Secret);
    expect((resolved.settings.accessToken as Secret).reveal()).toBe('shpat_abc');
    expect(JSON.stringify(resolved.settings)).not.toContain('shpat_abc');
    const missing = resolveConnection(shopify, envSecretResolver({}));
    expect(missing).toEqual({
      ok: false,
      errors: [
        expect.stringContaining('connection.accessToken: secret env:SHOPIFY_ADMIN_TOKEN is not set'),
        expect.stringContaining('env:SHOPIFY_WEBHOOK_SECRET'),
      ],
    });
  });

  it('gives the engine each field policy of a flow', () => {
    const result = flowFieldPolicies(contract, 'customers');
    if (!result.ok) throw new Error(result.message);
    expect(result.policies.find((p) => p.field === 'email')).toEqual({
      field: 'email',
      owner: 'shopify',
      twoWay: false,
      conflictRule: 'owner-wins',
      onNonOwnerChange: 'flag',
    });
    const accounts = flowFieldPolicies(contractFromFile('examples/salesforce-netsuite.yaml'), 'accounts');
    expect(accounts.ok && accounts.policies.find((p) => p.field === 'phone')).toMatchObject({
      twoWay: true,
      conflictRule: 'most-recent-wins',
      onNonOwnerChange: 'revert',
    });
    expect(flowFieldPolicies(contract, 'nope')).toEqual({
      ok: false,
      message: 'flow nope is not in contract acme-shopify-stripe-netsuite',
    });
  });
});
