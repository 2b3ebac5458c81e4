import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { describeWarehouseBehaviour } from '../warehouse/warehouse-behaviour.ts';
import { WarehouseConnector } from '../warehouse/warehouse-connector.ts';
import { testEntities, warehouseContractFixture } from '../warehouse/warehouse-test-kit.ts';
import { DuckDbAdapter } from './duckdb-adapter.ts';

async function openDuckDb() {
  const dir = await mkdtemp(join(tmpdir(), 'accord-duckdb-'));
  const adapter = await DuckDbAdapter.open({ system: 'lake', path: join(dir, 'lake.duckdb') });
  const connector = new WarehouseConnector(adapter, { schema: 'accord', entities: testEntities });
  await connector.ensureTables();
  return { adapter, connector, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

// injectFault is omitted: DuckDB is an in-process library with no wire to break. Its error
// classification is shown by the behaviour suite (constraint and conversion errors).
describeConnectorContract('duckdb', async () => {
  const { adapter, connector, cleanup } = await openDuckDb();
  return warehouseContractFixture(connector, {
    secrets: [],
    maxSessionsSeen: () => adapter.maxSessionsSeen(),
    cleanup,
  });
});

describeWarehouseBehaviour('duckdb', async () => {
  const { adapter, connector, cleanup } = await openDuckDb();
  return {
    connector,
    schema: 'accord',
    exec: (sql) => adapter.withSession((s) => s.query(sql)),
    cleanup: async () => {
      await connector.close();
      await cleanup();
    },
  };
});
