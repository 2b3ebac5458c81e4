/**
 * A PostgreSQL warehouse connector: the shared {@link WarehouseConnector} over a
 * {@link PostgresAdapter}. Tables are created in `schema` from the contract's entities.
 *
 * @example
 *   const dwh = await createPostgresConnector({
 *     system: 'dwh', host: '127.0.0.1', database: 'analytics', user: 'accord',
 *     schema: 'accord', entities: [invoiceEntity], concurrency: 4,
 *   });
 *   await dwh.bulkLoad('invoice', invoices);
 */
import { WarehouseConnector, type WarehouseConnectorOptions } from '../warehouse/warehouse-connector.ts';
import { PostgresAdapter, type PostgresAdapterOptions } from './postgres-adapter.ts';

export type PostgresConnectorOptions = PostgresAdapterOptions &
  WarehouseConnectorOptions & {
    /** Create the schema and tables on connect (default true). */
    ensureTables?: boolean | undefined;
  };

export async function createPostgresConnector(
  options: PostgresConnectorOptions,
): Promise<WarehouseConnector> {
  const adapter = await PostgresAdapter.connect(options);
  const connector = new WarehouseConnector(adapter, options);
  if (options.ensureTables !== false) {
    await connector.ensureTables().catch(async (error: unknown) => {
      await connector.close();
      throw error;
    });
  }
  return connector;
}
