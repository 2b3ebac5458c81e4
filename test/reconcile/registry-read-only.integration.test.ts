/**
 * The engine's connector registry as reconciliation uses it: the payments contract's DuckDB lake
 * (an enum mapped to a warehouse, money at `amount.amount`, a camelCase path) builds, writes and
 * reads through `buildConnectors`; with `readOnly` it creates no table and the database refuses
 * writes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, SystemRecord } from '../../src/connectors/connector.ts';
import { warehouseEntities } from '../../src/connectors/registry/connector-builders.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import type { Contract } from '../../src/contract/model.ts';
import type { SecretResolver } from '../../src/contract/secret-ref.ts';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { PAYMENTS_CONTRACT } from './payments-fixture.ts';

let dir: string;
let contractText: string;
const contractAt = (path: string): Contract =>
  contractFromText(
    contractText.replace('path: lake.duckdb', `path: ${JSON.stringify(path)}`),
    PAYMENTS_CONTRACT,
  );
const resolver: SecretResolver = () => 'sk_test_unused';

async function tables(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const rows = (
    await connection.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1')
  ).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return rows.map((r) => String(r.table_name));
}

async function all(connector: Connector, objectType: string): Promise<SystemRecord[]> {
  const out: SystemRecord[] = [];
  for await (const page of connector.scan({ objectType })) out.push(...page);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-registry-ro-'));
  contractText = await readFile(PAYMENTS_CONTRACT, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('registry warehouse builder', () => {
  it('names columns as the warehouse connector writes them and lists enum values from the contract', () => {
    const contract = contractAt(join(dir, 'x.duckdb'));
    const [payment] = warehouseEntities({ contract, system: contract.systems.lake! });
    expect(payment!.fields).toEqual([
      { name: 'amount', kind: 'money' },
      {
        name: 'status',
        kind: 'enum',
        values: ['awaiting-method', 'authorized', 'captured', 'canceled', 'processing'],
      },
      { name: 'paidOn', kind: 'date' },
      { name: 'paymentIntentId', kind: 'string' },
    ]);
  });

  it('builds the lake (enum, money path, camelCase), writes a payment, and reads it back read-only', async () => {
    const path = join(dir, 'lake.duckdb');
    const contract = contractAt(path);
    const writable = (await buildConnectors(contract, { resolver, systems: ['lake'] })).get('lake')!;
    try {
      await writable.upsert({
        objectType: 'payment',
        externalId: 'pi_1',
        fields: {
          amount: { amount: '12.345', currency: 'KWD' },
          status: 'captured',
          paidOn: '2026-10-03',
          paymentIntentId: 'pi_1',
        },
        idempotencyKey: 'k1',
      });
    } finally {
      await writable.close();
    }
    expect(await tables(path)).toContain('payment');

    const lake = (await buildConnectors(contract, { resolver, systems: ['lake'], readOnly: true })).get(
      'lake',
    )!;
    try {
      const [record] = await all(lake, 'payment');
      expect(record?.fields).toMatchObject({
        amount: { amount: '12.345', currency: 'KWD' },
        status: 'captured',
        paidOn: '2026-10-03',
        paymentIntentId: 'pi_1',
      });
      await expect(
        lake.upsert({
          objectType: 'payment',
          externalId: 'pi_2',
          fields: { paymentIntentId: 'pi_2' },
          idempotencyKey: 'k2',
        }),
      ).rejects.toThrow(/read-only|read only/i);
    } finally {
      await lake.close();
    }
  });

  it('read-only creates no table, and refuses a DuckDB file that does not exist', async () => {
    const empty = join(dir, 'empty.duckdb');
    const instance = await DuckDBInstance.create(empty);
    instance.closeSync();
    const lake = (
      await buildConnectors(contractAt(empty), { resolver, systems: ['lake'], readOnly: true })
    ).get('lake')!;
    await lake.close();
    expect(await tables(empty)).toEqual([]);

    const missing = join(dir, 'missing.duckdb');
    await expect(
      buildConnectors(contractAt(missing), { resolver, systems: ['lake'], readOnly: true }),
    ).rejects.toThrow(/system lake: DuckDB file .*missing\.duckdb does not exist/);
  });
});
