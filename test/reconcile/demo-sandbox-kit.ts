/**
 * For the reconciliation tests on the seeded sandbox: the demo's business (seed 7, scale 2,000,
 * scenario full) and contract, with connectors to the systems a test reads, and the finding
 * helpers those tests share.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../../sandbox/orchestrator/index.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { type Contract, envSecretResolver, loadContract } from '../../src/contract/index.ts';
import { writeDemoContract } from '../../src/demo/demo-contract.ts';
import { parseEnvFile } from '../../src/demo/sandbox-part.ts';
import type { ReconcileFinding } from '../../src/reconcile/finding.ts';
import { reconcile } from '../../src/reconcile/reconcile.ts';
import { planReconciliation } from '../../src/reconcile/reconcile-plan.ts';
import type { ReconcileResult } from '../../src/reconcile/reconcile-result.ts';

export interface DemoSandbox {
  sandbox: Sandbox;
  contract: Contract;
  connectors: Map<string, Connector>;
  /** Reconciles one rule of the demo contract, reading both systems directly. */
  run(rule: string): Promise<ReconcileResult>;
  close(): Promise<void>;
}

export async function openDemoSandbox(dir: string, systems: readonly string[]): Promise<DemoSandbox> {
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox'), seed: 7, scale: 2_000, scenario: 'full' });
  const { file } = await writeDemoContract(sandbox.contractFile, dir);
  const loaded = await loadContract(file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const contract = loaded.contract;
  const connectors = await buildConnectors(contract, {
    resolver: envSecretResolver(parseEnvFile(readFileSync(sandbox.envFile, 'utf8'))),
    systems: [...systems],
  });
  return {
    sandbox,
    contract,
    connectors,
    run: (rule) =>
      reconcile({ plan: planReconciliation(contract, rule), connectors: Object.fromEntries(connectors) }),
    async close() {
      await Promise.allSettled([...connectors.values()].map((c) => c.close()));
      await sandbox.close();
    },
  };
}

/** The keys of one category of findings, sorted. */
export const keysOf = (findings: readonly ReconcileFinding[], category: string) =>
  findings
    .filter((f) => f.category === category)
    .map((f) => f.key)
    .sort();
