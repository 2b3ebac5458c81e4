/**
 * Builds one {@link Connector} per contract system from its kind and its connection settings,
 * resolved late (`env:` references are read now, at connect time, not when the contract loads).
 * Every connector owns its limiter, so the cap in `limits.concurrency` is enforced per system.
 *
 * Tests and the demo point connectors at simulators through the same settings: `baseUrl` (NetSuite,
 * Shopify, WMS, HubSpot, Stripe), `instanceUrl` (Salesforce), `host`/`port` (PostgreSQL), `path` (DuckDB).
 * A kind without a connector gets a clear "not available" error.
 *
 * @example
 *   const connectors = await buildConnectors(contract, { resolver: envSecretResolver() });
 *   const engine = openEngine({ contract, store, queue, connectors });
 */
import type { Contract, SecretResolver, SystemDef } from '../contract/index.ts';
import { resolveConnection } from '../contract/index.ts';
import { UserInputError } from '../model/errors.ts';
import type { Connector, SystemKind } from './connector.ts';
import { ConnectionSettings } from './registry/connection-settings.ts';
import { CONNECTOR_BUILDERS } from './registry/connector-builders.ts';

export interface BuildConnectorsOptions {
  resolver: SecretResolver;
  /** Only these systems (default: every system in the contract). */
  systems?: readonly string[] | undefined;
  /** Settings that override the contract's per system (e.g. a simulator's URL). */
  overrides?: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>> | undefined;
  /**
   * Open for reading only (reconciliation, drift): warehouses create no tables and open their
   * database read-only. API connectors have no such mode; a reader simply never writes.
   */
  readOnly?: boolean | undefined;
}

/** What a builder receives: the system as declared and its resolved settings. */
export interface ConnectorBuildInput {
  contract: Contract;
  system: SystemDef;
  settings: ConnectionSettings;
  readOnly?: boolean | undefined;
}

export type ConnectorBuilder = (input: ConnectorBuildInput) => Connector | Promise<Connector>;

export async function buildConnectors(
  contract: Contract,
  options: BuildConnectorsOptions,
): Promise<Map<string, Connector>> {
  const names = options.systems ?? Object.keys(contract.systems);
  const errors: string[] = [];
  const resolved: { system: SystemDef; settings: ConnectionSettings }[] = [];
  for (const name of names) {
    const system = contract.systems[name];
    if (!system) {
      errors.push(`system ${name} is not in contract ${contract.name}`);
      continue;
    }
    const r = resolveConnection(system, options.resolver);
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    resolved.push({
      system,
      settings: new ConnectionSettings(name, { ...r.settings, ...options.overrides?.[name] }),
    });
  }
  if (errors.length > 0) throw new UserInputError(`cannot connect:\n  ${errors.join('\n  ')}`);
  const connectors = new Map<string, Connector>();
  try {
    for (const { system, settings } of resolved) {
      connectors.set(
        system.name,
        await buildConnector({ contract, system, settings, readOnly: options.readOnly }),
      );
    }
  } catch (error) {
    await Promise.allSettled([...connectors.values()].map((c) => c.close()));
    throw error;
  }
  return connectors;
}

export function buildConnector(input: ConnectorBuildInput): Connector | Promise<Connector> {
  const builder = CONNECTOR_BUILDERS[input.system.kind as SystemKind];
  if (!builder) {
    throw new UserInputError(
      `system ${input.system.name}: no connector is available for kind "${input.system.kind}" in this build ` +
        `(available: ${Object.keys(CONNECTOR_BUILDERS).join(', ')})`,
    );
  }
  return builder(input);
}
