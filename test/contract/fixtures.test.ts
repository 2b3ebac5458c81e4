/**
 * Every broken fixture fails `accord check` with its one expected, located finding: loader-level
 * mistakes (the contract cannot be read) exit 2, checklist gaps (it reads, but leaves one of the
 * eight questions unanswered) exit 1.
 */
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const DIR = 'test/contract/fixtures';

const LOADER_ERRORS: [file: string, location: string, text: string][] = [
  [
    'malformed-yaml.txt',
    '13:5',
    'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
  ],
  [
    'wrong-kind.yaml',
    '49:22',
    'entities.salesOrder.fields.total.kind cannot be "mony" — did you mean "money"?',
  ],
  [
    'unknown-system.yaml',
    '90:11',
    'flows.orders.from names system "shopfy", which is not declared — did you mean "shopify"?',
  ],
  [
    'unknown-field.yaml',
    '40:33',
    'entities.customer.mappings.shopify.fields.phne names customer field "phne", which is not declared — did you mean "phone"?',
  ],
  ['duplicate-names.yaml', '96:3', 'invalid YAML: duplicate key "orders"'],
  ['literal-secret.yaml', '20:20', 'systems.netsuite.connection.tokenSecret holds a literal secret'],
  [
    'multi-match-not-review.yaml',
    '103:73',
    'flows.payments.match.onMultipleMatches cannot be "create" — onMultipleMatches must be review',
  ],
  ['unknown-key.yaml', '84:5', 'unknown key "drection" in flows.customers — did you mean "direction"?'],
  [
    'tolerance-number.yaml',
    '112:40',
    'reconciliation.orders.tolerance.KWD is a number (0.005) — expected a decimal written as a quoted string',
  ],
];

const CHECK_FINDINGS: [file: string, location: string, text: string][] = [
  ['no-owner.yaml', '48:7', 'salesOrder.total is synced shopify→netsuite but names no owner'],
  [
    'field-owned-by-two.yaml',
    '34:7',
    'customer.email is owned by 2 systems (shopify, netsuite); name exactly one owner',
  ],
  [
    'two-way-without-conflict-rule.yaml',
    '35:7',
    'customer.phone is changed by two systems (netsuite, shopify) and has no conflict rule',
  ],
  ['missing-alert-route.yaml', '96:3', 'flow payments has no alert route'],
  ['missing-reconciliation.yaml', '88:3', 'flow orders has no reconciliation rule'],
  [
    'enum-value-not-writable.yaml',
    '64:11',
    'salesOrder.status: "refunded" can arrive from shopify but has no netsuite value',
  ],
];

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('broken fixtures', () => {
  it('the base they are all derived from passes', async () => {
    const { code, out } = await run('check', `${DIR}/valid-minimal.yaml`);
    expect(code).toBe(0);
    expect(out).toContain('PASS: 24 passed, 0 with warnings, 0 failed');
  });

  it.each(LOADER_ERRORS)('%s is rejected by the loader at %s (exit 2)', async (file, location, text) => {
    const { code, out, err } = await run('check', `${DIR}/${file}`);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${DIR}/${file}:${location}: ${text}`);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each(CHECK_FINDINGS)('%s fails the check at %s (exit 1)', async (file, location, text) => {
    const { code, out } = await run('check', `${DIR}/${file}`);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL ${DIR}/${file}:${location}: ${text}`);
    // One gap, one FAIL (listed under its flow, and under its field when it is about one): the
    // rest of the contract still answers every question.
    expect(new Set(out.match(/^ {7}FAIL .*$/gm)).size).toBe(1);
  });

  it('never repeats the literal secret it rejects', async () => {
    const { err } = await run('check', `${DIR}/literal-secret.yaml`);
    expect(err).not.toContain('9f8e7d6c5b4a39281706f5e4d3c2b1a0');
  });
});
