/**
 * The whole CLI path: `accord drift snapshot | check | approve | compare` and `accord impact`
 * reading contract files whose NetSuite systems point at simulator accounts, secrets from the
 * environment, the store in a temp file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { BASE_FIELDS, CONTRACT_YAML, startAccount } from './drift-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-drift-cli-'));
const store = join(dir, 'accord.db');
const { custentity_loyalty_code, ...withoutLoyalty } = BASE_FIELDS;
let production: NetSuiteSimulator;
let renamed: NetSuiteSimulator;
const saved = { ...process.env };

function credentials(prefix: string, sim: NetSuiteSimulator): string {
  process.env[`${prefix}_CONSUMER_KEY`] = sim.tba.consumerKey;
  process.env[`${prefix}_CONSUMER_SECRET`] = sim.tba.consumerSecret;
  process.env[`${prefix}_TOKEN_ID`] = sim.tba.tokenId;
  process.env[`${prefix}_TOKEN_SECRET`] = sim.tba.tokenSecret;
  return `{ baseUrl: "${sim.url}", consumerKey: env:${prefix}_CONSUMER_KEY, consumerSecret: env:${prefix}_CONSUMER_SECRET, tokenId: env:${prefix}_TOKEN_ID, tokenSecret: env:${prefix}_TOKEN_SECRET }`;
}

/** The test contract with its NetSuite system pointed at `sim`, plus a production environment. */
function contractFile(name: string, sim: NetSuiteSimulator, prefix: string): string {
  const text = CONTRACT_YAML.replace(
    '    accountId: 123456_SB1\n    connection: { tokenId: env:NS_TOKEN_ID }',
    `    accountId: ${sim.accountId}\n    connection: ${credentials(prefix, sim)}`,
  ).concat(
    `environments:\n  sandbox:\n    systems: {}\n  production:\n    systems:\n      netsuite:\n        accountId: "${production.accountId}"\n        connection: ${credentials('NS_PROD', production)}\n`,
  );
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function accord(...args: string[]) {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  production = await startAccount(BASE_FIELDS, { accountId: '123456' });
  renamed = await startAccount({ ...withoutLoyalty, custentity_loyalty_id: custentity_loyalty_code! });
});
afterAll(async () => {
  await production?.close();
  await renamed?.close();
  process.env = saved;
});

describe('accord drift (CLI)', () => {
  test('snapshot, approve, check, then a renamed field exits 1 naming it; compare names what the sandbox lacks', async () => {
    const base = await startAccount();
    try {
      const atBase = contractFile('base.yaml', base, 'NS_SB');
      const snap = await accord('drift', 'snapshot', atBase, '--store', store, '--systems', 'netsuite');
      expect(snap.code).toBe(0);
      expect(snap.out).toMatch(/netsuite: snapshot #1 recorded \(not approved\)/);

      const approve = await accord(
        'drift',
        'approve',
        atBase,
        '--store',
        store,
        '--systems',
        'netsuite',
        '--by',
        'ana',
      );
      expect(approve).toMatchObject({ code: 0 });
      expect(approve.out).toContain('approved by ana');
      const clean = await accord('drift', 'check', atBase, '--store', store, '--systems', 'netsuite');
      expect(clean.code).toBe(0);
      expect(clean.out).toContain('0 blocking');
    } finally {
      await base.close();
    }

    const atRenamed = contractFile('renamed.yaml', renamed, 'NS_SB2');
    const check = await accord('drift', 'check', atRenamed, '--store', store, '--systems', 'netsuite');
    expect(check.code).toBe(1);
    expect(check.out).toContain('BLOCKING  netsuite › customer › custentity_loyalty_code  [field-removed]');
    expect(check.out).toContain('likely new name: custentity_loyalty_id');
    expect(check.out).toContain('flows: customers');
    expect(check.out).toContain('fields: customer.loyaltyCode');
    expect(check.out).not.toContain(process.env.NS_SB2_TOKEN_SECRET!);
    const json = JSON.parse(
      (
        await accord(
          'drift',
          'check',
          atRenamed,
          '--store',
          store,
          '--systems',
          'netsuite',
          '--format',
          'json',
        )
      ).out,
    );
    expect(json.pausedFlows).toEqual(['customers']);

    const compare = await accord(
      'drift',
      'compare',
      atRenamed,
      '--from',
      'sandbox',
      '--to',
      'production',
      '--systems',
      'netsuite',
    );
    expect(compare.code).toBe(1);
    expect(compare.out).toContain(
      'netsuite customer.custentity_loyalty_code (custom field) exists only in production — the contract maps it',
    );
    expect(compare.out).toContain(
      'netsuite customer.custentity_loyalty_id (custom field) exists only in sandbox',
    );

    const unknown = await accord(
      'drift',
      'compare',
      atRenamed,
      '--from',
      'sandbox',
      '--to',
      'staging',
      '--systems',
      'netsuite',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('environment "staging" is not declared');
  });

  test('impact counts records of the changed mapping', async () => {
    const subsidiary = renamed.records('subsidiary')[0]?.id as string;
    renamed.seed('customer', {
      companyName: 'Migrated',
      subsidiary: { id: subsidiary },
      custentity_loyalty_id: 'L-9',
    });
    const before = contractFile('before.yaml', renamed, 'NS_SB2');
    const afterText = CONTRACT_YAML.replace(
      'loyaltyCode: custentity_loyalty_code',
      'loyaltyCode: custentity_loyalty_id',
    );
    const after = join(dir, 'after.yaml');
    writeFileSync(
      after,
      afterText.replace(
        '    accountId: 123456_SB1\n    connection: { tokenId: env:NS_TOKEN_ID }',
        `    accountId: ${renamed.accountId}\n    connection: ${credentials('NS_SB2', renamed)}`,
      ),
    );
    const result = await accord('impact', before, after);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'customer.loyaltyCode in netsuite: path custentity_loyalty_code → custentity_loyalty_id',
    );
    expect(result.out).toMatch(/touches 1 of \d+ netsuite customer records; flows: customers/);
  });

  test('a missing secret is a plain error naming the reference, exit 2', async () => {
    const file = join(dir, 'nosecret.yaml');
    writeFileSync(file, CONTRACT_YAML);
    delete process.env.NS_TOKEN_ID;
    const result = await accord('drift', 'check', file, '--store', store, '--systems', 'netsuite');
    expect(result.code).toBe(2);
    expect(result.err).toContain('NS_TOKEN_ID');
    expect(result.err).not.toContain('internal error');
  });
});
