/**
 * Test fixtures shared by the PostgreSQL and DuckDB integration tests: the canonical entities the
 * tests create tables from, and the connector-contract fixture built over any warehouse
 * connector. Used only by `*.integration.test.ts` files.
 *
 * @example
 *   describeConnectorContract('duckdb', async () => warehouseContractFixture(await open(), cleanup));
 */
import type { ConnectorFixture } from '../../../test/connectors/connector-contract.ts';
import type { WarehouseConnector } from './warehouse-connector.ts';
import type { WarehouseEntity } from './warehouse-entity.ts';

export const customerEntity: WarehouseEntity = {
  name: 'customer',
  fields: [
    { name: 'companyName', kind: 'string', required: true },
    { name: 'email', kind: 'email' },
    { name: 'status', kind: 'enum', values: ['active', 'inactive', 'on-hold'] },
    { name: 'balance', kind: 'money' },
    { name: 'creditLimit', kind: 'decimal' },
    { name: 'since', kind: 'date' },
    { name: 'lastOrderAt', kind: 'datetime' },
    { name: 'vip', kind: 'boolean' },
    { name: 'orderCount', kind: 'integer' },
    { name: 'parent', kind: 'reference', references: 'customer' },
    { name: 'addresses', kind: 'lines' },
  ],
};

/** An invoice keeping every version (SCD type 2). */
export const invoiceHistoryEntity: WarehouseEntity = {
  name: 'invoice',
  history: true,
  fields: [
    { name: 'number', kind: 'string', required: true },
    { name: 'status', kind: 'enum', values: ['open', 'paid', 'void'] },
    { name: 'total', kind: 'money', required: true },
    { name: 'lines', kind: 'lines' },
  ],
};

/** A plain fact table for the 100,000-row bulk load. */
export const salesOrderEntity: WarehouseEntity = {
  name: 'salesOrder',
  fields: [
    { name: 'orderNumber', kind: 'string', required: true },
    { name: 'customer', kind: 'reference', references: 'customer' },
    { name: 'status', kind: 'enum', values: ['pending', 'fulfilled', 'cancelled'] },
    { name: 'total', kind: 'money', required: true },
    { name: 'orderedOn', kind: 'date' },
    { name: 'lineCount', kind: 'integer' },
  ],
};

export const testEntities = [customerEntity, invoiceHistoryEntity, salesOrderEntity];

export function warehouseContractFixture(
  connector: WarehouseConnector,
  options: {
    secrets: readonly string[];
    /** Sessions the database driver had checked out at once (not the connector's own count). */
    maxSessionsSeen: () => number;
    cleanup: () => Promise<void>;
  },
): ConnectorFixture {
  return {
    connector,
    objectType: 'customer',
    sample: (n) => ({
      companyName: `Company ${n}`,
      email: `buyer${n}@example.test`,
      status: 'active',
      balance: { amount: `${n}.25`, currency: 'EUR' },
      orderCount: n,
    }),
    change: (n) => ({ companyName: `Company ${n} (renamed)` }),
    // The database itself refuses it: the enum's CHECK constraint.
    invalid: () => ({ companyName: 'Bad Status Ltd', status: 'bankrupt' }),
    matchField: 'email',
    matchValue: (n) => `buyer${n}@example.test`,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap: connector.stats().concurrencyCap,
    maxInFlightSeen: options.maxSessionsSeen,
    secrets: options.secrets,
    close: async () => {
      await connector.close();
      await options.cleanup();
    },
  };
}
