/**
 * The comparison pushed down into SQL gives exactly what the hash buckets give, in DuckDB and in
 * PostgreSQL (the real server CI starts): two systems
 * of a contract whose tables live in ONE database (a ledger with its own status words, mapped
 * by an enum map, and the finance lake), with planted missing, orphan, duplicate (both sides),
 * value, status and unkeyed records (on both sides), KWD half a fils off (within tolerance) and one fils and a
 * half off (beyond it), and JPY one yen off.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import type { Contract } from '../../src/contract/model.ts';
import type { SecretResolver } from '../../src/contract/secret-ref.ts';
import { reconcile } from '../../src/reconcile/reconcile.ts';
import { planReconciliation } from '../../src/reconcile/reconcile-plan.ts';
import { LEDGER_STATUS, ledgerContract } from './ledger-contract.ts';
import { PAYMENTS_CONTRACT } from './payments-fixture.ts';

const resolver: SecretResolver = () => undefined;
// The real server CI starts (.ci/run): 127.0.0.1:5432, trust auth, database `test`.
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };

interface Row {
  key: string;
  pi: string | null;
  amount: string;
  currency: string;
  status: string;
  paidOn: string;
}

async function write(c: Connector, objectType: string, rows: Row[], status: (s: string) => string) {
  for (const r of rows) {
    await c.upsert({
      objectType,
      externalId: r.key,
      fields: {
        amount: { amount: r.amount, currency: r.currency },
        [objectType === 'payment' ? 'status' : 'state']: status(r.status),
        paidOn: r.paidOn,
        paymentIntentId: r.pi,
      },
      idempotencyKey: `${objectType}:${r.key}`,
    });
  }
}

describe.each(['duckdb', 'postgres'] as const)('reconciliation pushed down into SQL (%s)', (engine) => {
  let dir: string;
  let contract: Contract;
  let connectors: Record<string, Connector>;
  const schema = `accord_recon_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-pushdown-'));
    const text = await readFile(PAYMENTS_CONTRACT, 'utf8');
    contract = ledgerContract(
      text,
      engine === 'duckdb' ? join(dir, 'finance.duckdb') : { kind: 'postgres', ...PG, schema },
    );
    const currencies = [
      ['USD', '12.34'],
      ['EUR', '7.50'],
      ['JPY', '1999'],
      ['KWD', '3.120'],
    ] as const;
    const ledger: Row[] = [];
    const lake: Row[] = [];
    for (let i = 0; i < 40; i++) {
      const [currency, amount] = currencies[i % 4]!;
      const row: Row = {
        key: `L${i}`,
        pi: `pi_${i}`,
        amount,
        currency,
        status: i % 5 === 0 ? 'authorized' : 'captured',
        paidOn: i % 3 === 0 ? '2026-11-02' : '2026-10-03',
      };
      ledger.push(row);
      lake.push({ ...row, key: `stripe:pi_${i}` });
    }
    // Within tolerance, not findings: KWD half a fils (tolerance 0.005).
    lake[3]!.amount = '3.124';
    // Planted.
    lake[7]!.amount = '3.126'; // KWD beyond 0.005: value
    lake[2]!.amount = '2000'; // JPY one yen: value (tolerance 0)
    lake[5]!.amount = '7.51'; // EUR: value
    lake[9]!.status = 'canceled'; // status
    lake.splice(
      lake.findIndex((r) => r.pi === 'pi_13'),
      1,
    ); // missing
    lake.push({ ...lake[0]!, key: 'manual:1', pi: 'pi_orphan' }); // orphan
    lake.push({ ...lake[1]!, key: 'stripe:pi_1:again' }); // duplicate in the lake
    ledger.push({ ...ledger[6]!, key: 'L6b' }); // duplicate in the ledger
    ledger.push({ ...ledger[8]!, key: 'L-nokey', pi: null }); // unkeyed
    lake.push({ ...lake[10]!, key: 'manual:nokey', pi: null }); // unkeyed on the other side too
    const writable = Object.fromEntries(await buildConnectors(contract, { resolver, systems: ['ledger'] }));
    await write(writable.ledger!, 'ledger_payment', ledger, (s) => LEDGER_STATUS[s]!);
    await writable.ledger!.close();
    const lakeWritable = Object.fromEntries(await buildConnectors(contract, { resolver, systems: ['lake'] }));
    await write(lakeWritable.lake!, 'payment', lake, (s) => s);
    await lakeWritable.lake!.close();
    connectors = Object.fromEntries(
      await buildConnectors(contract, { resolver, systems: ['ledger', 'lake'], readOnly: true }),
    );
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

  for (const period of [undefined, '2026-10']) {
    it(`finds exactly what the hash buckets find${period ? ` (--period ${period})` : ''}`, async () => {
      const plan = planReconciliation(contract, 'payments-daily');
      const now = () => new Date('2026-11-28T12:00:00Z');
      const pushed = await reconcile({ plan, connectors, period, now });
      const hashed = await reconcile({ plan, connectors, period, now, pushdown: false });
      expect(pushed.method).toBe('sql-pushdown');
      expect(hashed.method).toBe('hash-buckets');
      expect(pushed.findings).toEqual(hashed.findings);
      expect(pushed.groups).toEqual(hashed.groups);
      expect(pushed.counts).toEqual(hashed.counts);
      expect(pushed.summary).toBe(hashed.summary);
      expect({ ...pushed.source, ...pushed.target }).toEqual({ ...hashed.source, ...hashed.target });
      // Each record and each finding counts in exactly one group.
      const total = (pick: (g: (typeof pushed.groups)[number]) => number) =>
        pushed.groups.reduce((n, g) => n + pick(g), 0);
      expect(total((g) => g.source.count)).toBe(pushed.source.records);
      expect(total((g) => g.target.count)).toBe(pushed.target.records);
      expect(total((g) => g.findings)).toBe(pushed.findings.length);

      const found = pushed.findings
        .map((f) => `${f.category}|${f.key ?? f.source.id ?? f.target.id}|${f.field ?? ''}`)
        .sort();
      const planted = [
        'duplicate|pi_1|',
        'duplicate|pi_6|',
        'missing|pi_13|',
        'orphan|pi_orphan|',
        'status|pi_9|status',
        'unkeyed|L-nokey|',
        'unkeyed|manual:nokey|',
        'value|pi_2|amount',
        'value|pi_5|amount',
        'value|pi_7|amount',
      ].filter((p) => period === undefined || !/\|pi_(6|9|orphan)\|/.test(p)); // those are dated November
      expect(found).toEqual(planted);
      expect(pushed.findings.some((f) => f.key === 'pi_3')).toBe(false);
    });
  }

  it('totals over the join when a group dimension is not compared (status not compared)', async () => {
    // Not compared, the status of a key's two records may differ without a finding: the pair then
    // counts in the source record's status group, so neither side can be totalled on its own.
    const full = planReconciliation(contract, 'payments-daily');
    const plan = { ...full, compared: full.compared.filter((f) => f.name !== 'status') };
    const now = () => new Date('2026-11-28T12:00:00Z');
    const pushed = await reconcile({ plan, connectors, now });
    const hashed = await reconcile({ plan, connectors, now, pushdown: false });
    expect(pushed.method).toBe('sql-pushdown');
    expect(pushed.findings).toEqual(hashed.findings);
    expect(pushed.groups).toEqual(hashed.groups);
    expect(pushed.summary).toBe(hashed.summary);
    expect(pushed.findings.some((f) => f.category === 'status')).toBe(false);
  });
});
