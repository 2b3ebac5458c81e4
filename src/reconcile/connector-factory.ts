/**
 * Opening the two systems of a reconciliation from the contract. The library takes ready
 * connectors (`reconcile({ connectors })`); the CLI needs them built from the contract's
 * `systems`, which is the connector registry's job (being written on the engine branch). Until it
 * lands this is the minimal factory the CLI needs, for the systems a reconciliation most often
 * reads locally and through plain settings: DuckDB and PostgreSQL warehouses, and Stripe.
 * Everything is opened read-only in spirit: warehouse tables are never created here.
 *
 * @example
 *   const connectors = await openContractConnectors(contract, ['stripe', 'lake'], envSecretResolver(process.env));
 */
import { existsSync } from 'node:fs';
import type { Connector } from '../connectors/connector.ts';
import { DuckDbAdapter } from '../connectors/duckdb/duckdb-adapter.ts';
import { PostgresAdapter } from '../connectors/postgres/postgres-adapter.ts';
import { createStripeConnector } from '../connectors/stripe/stripe-connector.ts';
import type { WarehouseAdapter } from '../connectors/warehouse/warehouse-adapter.ts';
import { WarehouseConnector } from '../connectors/warehouse/warehouse-connector.ts';
import type { WarehouseEntity, WarehouseFieldKind } from '../connectors/warehouse/warehouse-entity.ts';
import type { Contract, SystemDef } from '../contract/model.ts';
import { type ResolvedSetting, resolveConnection } from '../contract/resolve-connection.ts';
import { Secret, type SecretResolver } from '../contract/secret-ref.ts';
import { UserInputError } from '../model/errors.ts';

export type Settings = Readonly<Record<string, ResolvedSetting>>;
export type ConnectorBuilder = (
  system: SystemDef,
  settings: Settings,
  contract: Contract,
) => Promise<Connector>;

function text(settings: Settings, key: string, system: string, fallback?: string): string {
  const value = settings[key];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UserInputError(
      `system ${system}: connection.${key} is required to reconcile it; add it to the contract`,
    );
  }
  return value instanceof Secret ? value.reveal() : String(value);
}

/**
 * The warehouse tables a contract maps: one per entity mapping on this system. The record type
 * is the table (`accord.sales_orders` → `sales_orders`), each field is the first part of its
 * path (its column that name in snake_case), and money columns carry their `_currency` beside them.
 */
export function warehouseEntitiesOf(contract: Contract, system: string): WarehouseEntity[] {
  const out: WarehouseEntity[] = [];
  for (const entity of Object.values(contract.entities)) {
    const mapping = entity.mappings[system];
    if (!mapping) continue;
    const fields = Object.entries(mapping.fields)
      .filter(([name]) => entity.fields[name] && entity.fields[name].kind !== 'lines')
      .map(([name, m]) => {
        const column = m.path.split('.')[0]!;
        const kind = entity.fields[name]!.kind as WarehouseFieldKind;
        // Enums are read as text: a value outside the declared ones is a finding, not a load error.
        return { name: column, kind: kind === 'enum' || kind === 'reference' ? 'string' : kind } as const;
      });
    const unique = [...new Map(fields.map((f) => [f.name, f])).values()];
    out.push({ name: mapping.record, table: mapping.record.split('.').pop()!, fields: unique });
  }
  return out;
}

async function warehouse(
  adapter: WarehouseAdapter,
  settings: Settings,
  system: SystemDef,
  contract: Contract,
): Promise<Connector> {
  return new WarehouseConnector(adapter, {
    schema: text(settings, 'schema', system.name, 'accord'),
    entities: warehouseEntitiesOf(contract, system.name),
  });
}

export const BUILDERS: Readonly<Partial<Record<SystemDef['kind'], ConnectorBuilder>>> = {
  duckdb: async (system, settings, contract) => {
    const path = text(settings, 'path', system.name);
    if (!existsSync(path))
      throw new UserInputError(
        `system ${system.name}: DuckDB file ${path} does not exist; check connection.path`,
      );
    return warehouse(await DuckDbAdapter.open({ system: system.name, path }), settings, system, contract);
  },
  postgres: async (system, settings, contract) => {
    const setting = (key: string) =>
      settings[key] === undefined ? undefined : text(settings, key, system.name);
    const port = setting('port');
    const adapter = await PostgresAdapter.connect({
      system: system.name,
      connectionString: setting('connectionString'),
      host: setting('host'),
      port: port === undefined ? undefined : Number(port),
      database: setting('database'),
      user: setting('user'),
      password: setting('password'),
      concurrency: system.limits.concurrency,
    });
    return warehouse(adapter, settings, system, contract);
  },
  stripe: async (system, settings) => {
    // `baseUrl` as the engine's registry names it (a simulator: http://127.0.0.1:4242), or host/port/protocol.
    const base = settings.baseUrl === undefined ? undefined : new URL(text(settings, 'baseUrl', system.name));
    const host =
      base?.hostname ?? (settings.host === undefined ? undefined : text(settings, 'host', system.name));
    const portText =
      base?.port || (settings.port === undefined ? undefined : text(settings, 'port', system.name));
    const protocol =
      base?.protocol.replace(':', '') ??
      (settings.protocol === undefined ? undefined : text(settings, 'protocol', system.name));
    return createStripeConnector({
      system: system.name,
      apiKey: text(settings, 'apiKey', system.name),
      ...(host === undefined ? {} : { host }),
      ...(portText === undefined ? {} : { port: Number(portText) }),
      ...(protocol === 'http' || protocol === 'https' ? { protocol } : {}),
      ...(system.limits.concurrency === undefined ? {} : { concurrency: system.limits.concurrency }),
    });
  },
};

/** Opens the named systems; closes what was opened when one fails. */
export async function openContractConnectors(
  contract: Contract,
  systems: readonly string[],
  resolver: SecretResolver,
  builders: Readonly<Partial<Record<SystemDef['kind'], ConnectorBuilder>>> = BUILDERS,
): Promise<Record<string, Connector>> {
  const opened: Record<string, Connector> = {};
  try {
    for (const name of systems) {
      const system = contract.systems[name];
      if (!system) throw new UserInputError(`system ${name} is not declared in the contract`);
      const build = builders[system.kind];
      if (!build) {
        throw new UserInputError(
          `system ${name} (${system.kind}): the CLI cannot open it yet (the connector registry has not landed); reconcile it through the library with a ready connector`,
        );
      }
      const resolved = resolveConnection(system, resolver);
      if (!resolved.ok) throw new UserInputError(resolved.errors.join('; '));
      opened[name] = await build(system, resolved.settings, contract);
    }
    return opened;
  } catch (error) {
    await Promise.allSettled(Object.values(opened).map((c) => c.close()));
    throw error;
  }
}
