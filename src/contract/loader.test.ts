import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContract, parseContract } from './loader.ts';
import { formatLocatedError } from './located-error.ts';
import { isSecretRef } from './secret-ref.ts';

const minimal = readFileSync('test/contract/fixtures/valid-minimal.yaml', 'utf8');

function errorsOf(text: string) {
  const result = parseContract(text, 'c.yaml');
  if (result.ok) throw new Error('expected the contract to be rejected');
  return result.errors.map(formatLocatedError);
}

describe('loadContract', () => {
  it('loads both examples into the normalised model', async () => {
    for (const file of ['examples/shopify-stripe-netsuite.yaml', 'examples/salesforce-netsuite.yaml']) {
      const result = await loadContract(file);
      expect(result.ok, file).toBe(true);
    }
  });

  it('applies defaults, parses durations and rates, and keeps secrets as references', async () => {
    const result = await loadContract('examples/shopify-stripe-netsuite.yaml');
    if (!result.ok) throw new Error('example must load');
    const { contract } = result;
    const orders = contract.flows.orders;
    expect(orders?.errors).toEqual({
      retries: 6,
      backoff: { initialMs: 30_000, maxMs: 1_800_000, jitter: true },
      deadLetter: true,
    });
    expect(orders?.alert).toBe('integrations-oncall'); // from its owner team
    expect(orders?.match?.onMultipleMatches).toBe('review');
    expect(orders?.fields).toContain('total');
    expect(contract.entities.salesOrder?.fields.total?.owner).toBe('shopify'); // entity default
    expect(contract.entities.salesOrder?.fields.subsidiary?.owner).toBe('netsuite');
    expect(contract.systems.netsuite?.netsuite).toEqual({ accountId: '1234567_SB1', sandbox: true });
    expect(contract.systems.shopify?.limits.rate).toEqual({ requests: 2, perMs: 1000, text: '2/s' });
    expect(isSecretRef(contract.systems.netsuite?.connection.tokenSecret)).toBe(true);
    expect(contract.systems.netsuite?.connection.tokenSecret).toEqual({
      provider: 'env',
      name: 'NETSUITE_TOKEN_SECRET',
    });
    const total = contract.entities.salesOrder?.mappings.shopify?.fields.total;
    expect(total?.currencyPath).toBe('totalPriceSet.shopMoney.currencyCode');
    expect(contract.entities.payment?.mappings.stripe?.fields.amount?.transforms).toEqual(['minor-units']);
    expect(contract.entities.salesOrder?.mappings.shopify?.fields.paymentStatus?.enumMap?.AUTHORIZED).toBe(
      'authorized',
    );
    expect(contract.reconciliation['orders-daily']?.tolerance).toEqual({
      default: '0.01',
      KWD: '0.005',
      JPY: '0',
    });
    expect(orders?.at).toMatchObject({ file: 'examples/shopify-stripe-netsuite.yaml', col: 3 });
  });

  it('reports a missing file as a located error, not an exception', async () => {
    const result = await loadContract('does/not/exist.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatLocatedError(result.errors[0]!)).toBe(
        'does/not/exist.yaml:1:1: no such file — check the path; contracts are YAML files such as examples/shopify-stripe-netsuite.yaml',
      );
  });
});

describe('parseContract errors', () => {
  it('rejects an empty file and a non-mapping', () => {
    expect(errorsOf('')[0]).toContain('c.yaml:1:1: the contract is empty');
    expect(errorsOf('- a\n- b\n')[0]).toContain('the contract must be a mapping of keys');
  });

  it('suggests the key that was meant', () => {
    const errors = errorsOf(minimal.replace('    owner: stripe\n', '    ownr: stripe\n'));
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^c\.yaml:\d+:5: unknown key "ownr" in entities\.payment — did you mean "owner"\?/,
      ),
    );
  });

  it('asks for quotes around a NetSuite account id that YAML read as a number', () => {
    const errors = errorsOf(minimal.replace('accountId: 123456_SB1', 'accountId: 123456'));
    expect(errors).toEqual([
      expect.stringContaining(
        'systems.netsuite.accountId is a number (123456) — write it in quotes: "123456"',
      ),
    ]);
  });

  it('hides the value of a webhook that is not a reference', () => {
    const errors = errorsOf(
      minimal.replace('webhook: env:ONCALL_URL', 'webhook: https://hooks.example.com/T000/B000/XXXX'),
    );
    expect(errors.join('\n')).toContain('alerts.oncall.webhook has an invalid value (value hidden)');
    expect(errors.join('\n')).not.toContain('hooks.example.com');
  });

  it('reports an alias with no anchor where it is written', () => {
    expect(errorsOf(minimal.replace('limits: { concurrency: 3 }', 'limits: *nolimits'))[0]).toMatch(
      /^c\.yaml:21:13: invalid YAML: the alias \*nolimits has no anchor/,
    );
  });

  it('follows anchors and aliases when they resolve', () => {
    const text = minimal
      .replace('  errors: { retries: 3', '  errors: &policy { retries: 3')
      .replace('    owner: finance\n', '    owner: finance\n    errors: *policy\n');
    expect(parseContract(text, 'c.yaml').ok).toBe(true);
  });

  it('checks enum maps point at declared values', () => {
    const errors = errorsOf(
      minimal.replace('map: { PAID: paid, REFUNDED: refunded }', 'map: { PAID: payed, REFUNDED: refunded }'),
    );
    expect(errors[0]).toContain(
      'names salesOrder.status in shopify value "payed", which is not declared — did you mean "paid"?',
    );
  });

  it('requires period grouping to name its date field, and sums only numbers', () => {
    const errors = errorsOf(
      minimal
        .replace('groupBy: [currency]\n    tolerance', 'groupBy: [currency, period]\n    tolerance')
        .replace('sum: [amount]', 'sum: [amount, status]'),
    );
    expect(errors.join('\n')).toContain('reconciliation orders groups by period but names no periodField');
  });

  it("checks a reconciliation reference names a mapped entity and only the rule's systems", () => {
    const payments =
      '  payments: { flows: [payments], schedule: "0 6 * * *", count: true, sum: [amount], groupBy: [currency] }';
    const withReference = (ref: string) =>
      minimal.replace(payments, `${payments.slice(0, -2)}, references: { order: ${ref} } }`);
    const ok = parseContract(
      withReference('{ entity: salesOrder, in: shopify, paths: { stripe: metadata.shopify_order_id } }'),
      'c.yaml',
    );
    expect(ok.ok).toBe(true);
    if (ok.ok)
      expect(ok.contract.reconciliation.payments!.references).toEqual([
        {
          name: 'order',
          entity: 'salesOrder',
          in: 'shopify',
          paths: { stripe: 'metadata.shopify_order_id' },
        },
      ]);
    const errors = errorsOf(
      withReference('{ entity: salesOrdr, in: stripe, paths: { shopify: metadata.shopify_order_id } }'),
    ).join('\n');
    expect(errors).toContain('names entity "salesOrdr", which is not declared — did you mean "salesOrder"?');
    expect(errors).toContain('names system of the rule\'s flows "shopify", which is not declared');
  });

  it('rejects a NetSuite system without an account id', () => {
    expect(errorsOf(minimal.replace('    accountId: 123456_SB1\n', ''))[0]).toContain(
      'system netsuite is a NetSuite account but names no accountId',
    );
  });

  it('rejects a flow filter on a value the entity does not declare', () => {
    const text = minimal.replace(
      '    entity: salesOrder\n',
      '    entity: salesOrder\n    only: { status: [paid, voided] }\n',
    );
    expect(errorsOf(text)[0]).toContain('names salesOrder.status value "voided", which is not declared');
  });
});
