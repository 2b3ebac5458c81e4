/**
 * Opening a contract's systems for the drift and impact commands, through the connector registry
 * (the same builders `accord sync` uses, so drift reads exactly the systems the engine writes).
 *
 * @example
 *   const opened = await openConnectors(contract, envSecretResolver());
 *   try { await checkDrift({ contract, store, connectors: opened.connectors }); } finally { await opened.close(); }
 */
import type { Connector } from '../connectors/connector.ts';
import { buildConnectors } from '../connectors/registry.ts';
import type { Contract } from '../contract/model.ts';
import type { SecretResolver } from '../contract/secret-ref.ts';
import { UserInputError } from '../model/errors.ts';

export interface OpenedConnectors {
  connectors: Record<string, Connector>;
  /** Systems not opened, with why: reported, never silently skipped. */
  skipped: { system: string; reason: string }[];
  close(): Promise<void>;
}

/** Connectors for the named systems (default: every system of the contract). */
export async function openConnectors(
  contract: Contract,
  resolver: SecretResolver,
  systems: readonly string[] = Object.keys(contract.systems),
): Promise<OpenedConnectors> {
  for (const name of systems) {
    if (!contract.systems[name])
      throw new UserInputError(`system "${name}" is not declared in ${contract.file}`);
  }
  // Drift and impact read schemas and scan by id: no SuiteQL timestamps are compared, so a
  // NetSuite account's time zone only matters when the contract states it.
  const overrides: Record<string, Record<string, string>> = {};
  for (const name of systems) {
    const system = contract.systems[name]!;
    if (system.kind === 'netsuite' && system.connection.timeZone === undefined)
      overrides[name] = { timeZone: 'UTC' };
  }
  const built = await buildConnectors(contract, { resolver, systems, overrides });
  const connectors = Object.fromEntries(built);
  return {
    connectors,
    skipped: [],
    close: async () => {
      await Promise.allSettled(Object.values(connectors).map((c) => c.close()));
    },
  };
}
