/**
 * A DuckDB warehouse connector: the shared {@link WarehouseConnector} over a {@link DuckDbAdapter}
 * (one file, one writer). Tables are created in `schema` from the contract's entities.
 *
 * @example
 *   const lake = await createDuckDbConnector({ system: 'lake', path: './lake.duckdb', schema: 'accord', entities });
 *   const { count, sums } = await lake.totals('invoice', 'total');
 */
import { WarehouseConnector, type WarehouseConnectorOptions } from '../warehouse/warehouse-connector.ts';
import { DuckDbAdapter, type DuckDbAdapterOptions } from './duckdb-adapter.ts';

export type DuckDbConnectorOptions = DuckDbAdapterOptions &
  WarehouseConnectorOptions & {
    /** Create the schema and tables on open (default true). */
    ensureTables?: boolean | undefined;
  };

export async function createDuckDbConnector(options: DuckDbConnectorOptions): Promise<WarehouseConnector> {
  const adapter = await DuckDbAdapter.open(options);
  const connector = new WarehouseConnector(adapter, options);
  if (options.ensureTables !== false) {
    await connector.ensureTables().catch(async (error: unknown) => {
      await connector.close();
      throw error;
    });
  }
  return connector;
}
