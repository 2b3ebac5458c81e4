import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { TransientUpstream, toError } from '../../model/errors.ts';
import { describeWarehouseBehaviour } from '../warehouse/warehouse-behaviour.ts';
import { WarehouseConnector } from '../warehouse/warehouse-connector.ts';
import { testEntities, warehouseContractFixture } from '../warehouse/warehouse-test-kit.ts';
import { PostgresAdapter } from './postgres-adapter.ts';
import { createPostgresConnector } from './postgres-connector.ts';

// The real server CI starts (.ci/run): 127.0.0.1:5432, trust auth, database `test`.
const server = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };
// Trust auth never asks for it, so it is never sent; it must still never show anywhere.
const password = `pg-secret-${randomBytes(6).toString('hex')}`;

async function openPostgres(concurrency: number) {
  const schema = `accord_test_${randomBytes(5).toString('hex')}`;
  const applicationName = `accord-test-${schema}`;
  const adapter = await PostgresAdapter.connect({
    system: 'dwh',
    ...server,
    password,
    concurrency,
    applicationName,
  });
  const connector = new WarehouseConnector(adapter, { schema, entities: testEntities });
  await connector.ensureTables();
  const exec = async (sql: string, params: string[] = []) => {
    const client = new pg.Client(server);
    await client.connect();
    try {
      return (await client.query<Record<string, string | null>>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const dropSchema = async () => {
    await exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  return { adapter, connector, schema, applicationName, exec, dropSchema };
}

// injectFault is omitted: PostgreSQL is the real server, not a simulator. Error classification
// is shown below (a constraint violation, a lost connection, a refused connection).
describeConnectorContract('postgres', async () => {
  const { adapter, connector, dropSchema } = await openPostgres(3);
  return warehouseContractFixture(connector, {
    secrets: [password],
    maxSessionsSeen: () => adapter.maxSessionsSeen(),
    cleanup: dropSchema,
  });
});

describeWarehouseBehaviour('postgres', async () => {
  const { connector, schema, exec, dropSchema } = await openPostgres(4);
  return {
    connector,
    schema,
    exec: (sql) => exec(sql),
    cleanup: async () => {
      await connector.close();
      await dropSchema();
    },
  };
});

describe('postgres error classification', () => {
  it('turns a connection lost mid-statement into TransientUpstream, and the next write succeeds', async () => {
    const { connector, schema, applicationName, exec, dropSchema } = await openPostgres(2);
    const holder = new pg.Client(server);
    await holder.connect();
    try {
      // Hold the record's key lock so the connector's upsert waits inside its transaction…
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [
        `"${schema}"."customer":lost-1`,
      ]);
      const write = connector
        .upsert({
          objectType: 'customer',
          externalId: 'lost-1',
          fields: { companyName: 'Lost' },
          idempotencyKey: 'lost-1',
        })
        .then(() => undefined, toError);
      // …then kill its server process, as a failover or an operator would.
      let killed = 0;
      for (let i = 0; i < 200 && killed === 0; i++) {
        const rows = await holder.query(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [applicationName],
        );
        killed = rows.rowCount ?? 0;
        if (killed === 0) await new Promise((r) => setTimeout(r, 25));
      }
      expect(killed).toBe(1);
      const error = await write;
      expect(error).toBeInstanceOf(TransientUpstream);
      expect((error as TransientUpstream).retryable).toBe(true);
      expect((error as TransientUpstream).system).toBe('dwh');
      await holder.query('SELECT pg_advisory_unlock_all()');
      const retry = await connector.upsert({
        objectType: 'customer',
        externalId: 'lost-1',
        fields: { companyName: 'Lost' },
        idempotencyKey: 'lost-1',
      });
      expect(retry.created).toBe(true);
      expect(await exec(`SELECT count(*)::text AS n FROM "${schema}".customer`)).toEqual([{ n: '1' }]);
    } finally {
      await holder.end();
      await connector.close();
      await dropSchema();
    }
  });

  it('turns a refused connection into TransientUpstream without the password in it', async () => {
    const error = await createPostgresConnector({
      system: 'dwh',
      ...server,
      port: 1, // nothing listens there
      password,
      schema: 'unused',
      entities: testEntities,
    }).then(() => undefined, toError);
    expect(error).toBeInstanceOf(TransientUpstream);
    expect(JSON.stringify({ m: error?.message, s: error?.stack, error })).not.toContain(password);
  });
});
