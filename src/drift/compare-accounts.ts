/**
 * Describes each system in two environments through their connectors and compares them.
 *
 * @example
 *   const results = await compareAccounts({ contract, from: { name: 'sandbox', connectors: sb },
 *     to: { name: 'production', connectors: prod } });
 *   results.every((r) => r.mirrors);
 */
import type { Contract } from '../contract/model.ts';
import { compareEnvironments, type EnvironmentComparison } from './compare-environments.ts';
import { contractDependencies } from './contract-dependencies.ts';
import type { ConnectorsBySystem } from './drift-service.ts';
import { toSnapshotSchema } from './snapshot-schema.ts';

export interface AccountSet {
  name: string;
  connectors: ConnectorsBySystem;
}

export async function compareAccounts(input: {
  contract: Contract;
  from: AccountSet;
  to: AccountSet;
  /** Default: every system with a connector on both sides. */
  systems?: readonly string[] | undefined;
}): Promise<EnvironmentComparison[]> {
  const deps = contractDependencies(input.contract);
  const systems =
    input.systems ??
    Object.keys(input.contract.systems).filter((s) => input.from.connectors[s] && input.to.connectors[s]);
  const results: EnvironmentComparison[] = [];
  for (const system of systems) {
    const a = input.from.connectors[system];
    const b = input.to.connectors[system];
    if (!a || !b)
      throw new Error(`system "${system}" needs a connector in both ${input.from.name} and ${input.to.name}`);
    const [sa, sb] = await Promise.all([a.describe(), b.describe()]);
    results.push(
      compareEnvironments({
        system,
        deps: deps.get(system),
        from: { name: input.from.name, schema: toSnapshotSchema(system, sa) },
        to: { name: input.to.name, schema: toSnapshotSchema(system, sb) },
      }),
    );
  }
  return results;
}
