/**
 * Reconciliation of fields the contract normalises: a phone that differs only in format (the
 * shop's `+19845550450`, the ERP's `+1 (984) 555-0450`) is no finding, a phone with other digits
 * still is, shown with both raw values. Both comparers — the hash buckets and the comparison
 * pushed down into SQL — over two tables of one DuckDB file and of the real PostgreSQL, give the
 * same findings; without `normalise` the formatted phones are findings again.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import type { Contract } from '../../src/contract/model.ts';
import type { SecretResolver } from '../../src/contract/secret-ref.ts';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { reconcile } from '../../src/reconcile/reconcile.ts';
import { planReconciliation } from '../../src/reconcile/reconcile-plan.ts';

const resolver: SecretResolver = () => undefined;
// The real server CI starts (.ci/run): 127.0.0.1:5432, trust auth, database `test`.
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };

function contract(connection: string, normalise: { phone?: string; name?: string }, groupBy = ''): Contract {
  const system = (name: string) => `  ${name}:\n    ${connection}\n    limits: { concurrency: 1 }\n`;
  return contractFromText(`
accord: 1
name: normalised-fields
systems:
${system('shop')}${system('erp')}teams:
  data: { alert: log }
alerts:
  log: { log: warn }
entities:
  customer:
    owner: shop
    fields:
      email: { kind: email }
      phone: { kind: string${normalise.phone ? `, normalise: ${normalise.phone}` : ''} }
      name: { kind: string${normalise.name ? `, normalise: ${normalise.name}` : ''} }
      city: { kind: string }
    mappings:
      shop:
        record: shop_customer
        id: id
        fields: { email: email, phone: phone, name: name, city: city }
      erp:
        record: customer
        id: id
        fields: { email: email, phone: phone, name: name, city: city }
flows:
  customers:
    entity: customer
    from: shop
    to: erp
    direction: one-way
    trigger: { schedule: every 1h }
    owner: data
    match: { keys: [email], onNoMatch: create }
reconciliation:
  customers-weekly: { flows: [customers], schedule: "0 6 * * 1", count: true${groupBy} }
`);
}

interface Customer {
  email: string;
  phone: string | null;
  name: string;
  city: string;
}

const SHOP: Customer[] = [
  { email: 'ana@x.test', phone: '+19845550450', name: 'Ana Ltd', city: 'Raleigh' },
  { email: 'bo@x.test', phone: '+19845550451', name: 'Bo  Co', city: 'Durham' },
  { email: 'cy@x.test', phone: '+19845550452', name: 'Cy Inc', city: 'Cary' },
  { email: 'di@x.test', phone: '+19845550453', name: 'Di', city: 'Apex' },
  { email: 'ed@x.test', phone: 'n/a', name: 'İstanbul Ltd', city: 'Wake' },
  { email: 'fi@x.test', phone: null, name: 'Fi', city: 'Cary' },
];
/** The ERP's copies: formatted phones (same digits), except where planted. */
const ERP: Customer[] = [
  { email: 'ana@x.test', phone: '+1 (984) 555-0450', name: 'Ana Ltd', city: 'Raleigh' },
  { email: 'bo@x.test', phone: '+1 (984) 555-0451', name: 'BO CO ', city: 'Durham' },
  { email: 'cy@x.test', phone: '+1 (984) 555-0999', name: 'Cy Inc', city: 'Cary' }, // other digits
  { email: 'di@x.test', phone: '+1 (984) 555-0453', name: 'Di', city: 'Apex NC' }, // city: not normalised
  { email: 'ed@x.test', phone: null, name: 'istanbul ltd', city: 'Wake' }, // İ → i̇ in JavaScript: differs
  { email: 'fi@x.test', phone: '+1 (984) 555-0455', name: 'Fi', city: 'Cary' }, // a phone where none was
];

async function write(c: Connector, objectType: string, rows: Customer[]) {
  for (const r of rows) {
    await c.upsert({
      objectType,
      externalId: r.email,
      fields: { email: r.email, phone: r.phone, name: r.name, city: r.city },
      idempotencyKey: `${objectType}:${r.email}`,
    });
  }
}

describe.each(['duckdb', 'postgres'] as const)('normalised fields in reconciliation (%s)', (engine) => {
  let dir: string;
  let connection: string;
  let connectors: Record<string, Connector>;
  const schema = `accord_norm_${randomBytes(5).toString('hex')}`;
  const open = async (c: Contract) =>
    Object.fromEntries(await buildConnectors(c, { resolver, systems: ['shop', 'erp'], readOnly: true }));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-normalised-'));
    connection =
      engine === 'duckdb'
        ? `kind: duckdb\n    connection: { path: ${JSON.stringify(join(dir, 'both.duckdb'))}, schema: accord }`
        : `kind: postgres\n    connection: { host: ${PG.host}, port: ${PG.port}, database: ${PG.database}, user: ${PG.user}, schema: ${schema} }`;
    const c = contract(connection, {});
    for (const [system, objectType, rows] of [
      ['shop', 'shop_customer', SHOP],
      ['erp', 'customer', ERP],
    ] as const) {
      const writable = Object.fromEntries(await buildConnectors(c, { resolver, systems: [system] }));
      await write(writable[system]!, objectType, rows);
      await writable[system]!.close();
    }
    connectors = await open(c);
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(connectors ?? {}).map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const client = new pg.Client(PG);
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  const both = async (normalise: { phone?: string; name?: string }, groupBy = '') => {
    const plan = planReconciliation(contract(connection, normalise, groupBy), 'customers-weekly');
    const now = () => new Date('2026-11-30T06:00:00Z');
    const pushed = await reconcile({ plan, connectors, now });
    const hashed = await reconcile({ plan, connectors, now, pushdown: false });
    expect(pushed.method).toBe('sql-pushdown');
    expect(hashed.method).toBe('hash-buckets');
    expect(pushed.findings).toEqual(hashed.findings);
    expect(pushed.groups).toEqual(hashed.groups);
    expect(pushed.summary).toBe(hashed.summary);
    return pushed.findings;
  };
  const listed = (findings: Awaited<ReturnType<typeof both>>) =>
    findings.map(
      (f) => `${f.key} ${f.field}: ${f.source.value ?? '(empty)'} | ${f.target.value ?? '(empty)'}`,
    );

  it('a phone formatted differently is no finding; other digits are, with both raw values', async () => {
    const findings = await both({ phone: '[digits-only]', name: '[collapse-spaces, lowercase]' });
    expect(listed(findings)).toEqual([
      'cy@x.test phone: +19845550452 | +1 (984) 555-0999',
      'di@x.test city: Apex | Apex NC',
      'ed@x.test name: İstanbul Ltd | istanbul ltd',
      'fi@x.test phone: (empty) | +1 (984) 555-0455',
    ]);
    expect(findings.every((f) => f.category === 'value')).toBe(true);
  });

  it('without normalise every formatted phone and respelt name is a finding again', async () => {
    const findings = await both({});
    expect(listed(findings)).toEqual([
      'ana@x.test phone: +19845550450 | +1 (984) 555-0450',
      'bo@x.test name: Bo  Co | BO CO ',
      'bo@x.test phone: +19845550451 | +1 (984) 555-0451',
      'cy@x.test phone: +19845550452 | +1 (984) 555-0999',
      'di@x.test city: Apex | Apex NC',
      'di@x.test phone: +19845550453 | +1 (984) 555-0453',
      'ed@x.test name: İstanbul Ltd | istanbul ltd',
      'ed@x.test phone: n/a | (empty)',
      'fi@x.test phone: (empty) | +1 (984) 555-0455',
    ]);
  });

  it('groups a pair by its source record even where a normalised field is spelt otherwise', async () => {
    // Grouped by name: bo@x.test agrees (collapse-spaces, lowercase) though the ERP spells it
    // `BO CO `; the pair counts once, in the shop's group, on both paths.
    const findings = await both(
      { phone: '[digits-only]', name: '[collapse-spaces, lowercase]' },
      ', groupBy: [name]',
    );
    expect(findings).toHaveLength(4);
  });
});
