/**
 * `accord sandbox up`, as a library: one seeded business (generated, or reused from the folder)
 * served by every simulator on loopback — NetSuite, five Shopify shops, Stripe, Salesforce,
 * HubSpot and the WMS — with an env file of their sandbox-only credentials and a ready contract.
 * State lives in `<dir>/state/` snapshots: `snapshot()` writes them, the next start restores them,
 * `reset()` drops them and reloads the generated data (same ports, same credentials).
 *
 * @example
 *   const sandbox = await startSandbox({ dir: 'accord-sandbox', seed: 7, scale: 2_000 });
 *   await fetch(`${sandbox.systems.wms.url}/v1/orders`, { headers: { 'X-API-Key': sandbox.systems.wms.credentials.apiKey } });
 *   await sandbox.close();
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type BusinessSummary,
  generateBusinessToDirectory,
  type Manifest,
  REGIONS,
  readBusinessSummary,
  type ScenarioName,
} from '../generator/index.ts';
import type { HubSpotSimulator } from '../hubspot/hubspot-simulator.ts';
import type { NetSuiteSimulator } from '../netsuite/index.ts';
import type { SalesforceSimulator } from '../salesforce/salesforce-simulator.ts';
import type { ShopifySimulator } from '../shopify/index.ts';
import type { StripeSimulator } from '../stripe/stripe-simulator.ts';
import type { WmsSimulator } from '../wms/wms-simulator.ts';
import { envFileText, sandboxContract } from './sandbox-contract.ts';
import {
  readSandboxState,
  type SandboxParameters,
  sandboxPaths,
  writeSandboxState,
} from './sandbox-files.ts';
import type { DataSource, RunningSystem, StartContext, SystemDriver } from './sandbox-system.ts';
import { hubspotDriver, salesforceDriver } from './systems/crm.ts';
import { netsuiteDriver } from './systems/netsuite.ts';
import { shopifyDriver } from './systems/shopify.ts';
import { stripeDriver } from './systems/stripe.ts';
import { wmsDriver } from './systems/wms.ts';

export { readSandboxState, type SandboxStateFile, sandboxPaths } from './sandbox-files.ts';
export type { RunningSystem } from './sandbox-system.ts';

export const SANDBOX_DEFAULTS: SandboxParameters = { seed: 1, scale: 10_000, scenario: 'full' };

export interface SandboxOptions {
  dir: string;
  seed?: number;
  scale?: number;
  scenario?: ScenarioName;
  /** Port per system name (`netsuite`, `shopify`, `shopify-eu`, …, `stripe`, `salesforce`, `hubspot`, `wms`); default: the ports of the last run, else any free one. */
  ports?: Partial<Record<string, number>>;
  /** Progress lines (generation, loading). */
  onProgress?: (message: string) => void;
  /** The pid recorded in the state file (the CLI's serving process). */
  pid?: number;
}

export interface SandboxSystems {
  netsuite: RunningSystem<NetSuiteSimulator>;
  shopify: RunningSystem<ShopifySimulator>;
  'shopify-eu': RunningSystem<ShopifySimulator>;
  'shopify-uk': RunningSystem<ShopifySimulator>;
  'shopify-jp': RunningSystem<ShopifySimulator>;
  'shopify-kw': RunningSystem<ShopifySimulator>;
  stripe: RunningSystem<StripeSimulator>;
  salesforce: RunningSystem<SalesforceSimulator>;
  hubspot: RunningSystem<HubSpotSimulator>;
  wms: RunningSystem<WmsSimulator>;
}

export interface Sandbox {
  readonly dir: string;
  readonly parameters: SandboxParameters;
  /** Live: replaced by `reset()` (same names, ports and credentials). */
  readonly systems: SandboxSystems;
  readonly envFile: string;
  readonly contractFile: string;
  readonly manifestFile: string;
  readonly manifest: Manifest;
  readonly summary: BusinessSummary;
  /** Which systems started from a snapshot (the rest from the generated data). */
  readonly restored: readonly string[];
  /** Writes every simulator's state under `<dir>/state/`. */
  snapshot(): Promise<void>;
  /** Back to the seeded state: snapshots dropped, every simulator reloaded from the generated data. */
  reset(): Promise<void>;
  /** Stops every simulator (after a snapshot when asked). */
  close(options?: { snapshot?: boolean }): Promise<void>;
}

const DRIVERS: SystemDriver[] = [
  netsuiteDriver,
  ...REGIONS.map((r) => shopifyDriver(r)),
  stripeDriver,
  salesforceDriver,
  hubspotDriver,
  wmsDriver,
] as SystemDriver[];

const sameParameters = (a: SandboxParameters, b: SandboxParameters) =>
  a.seed === b.seed && a.scale === b.scale && a.scenario === b.scenario;

/** Generates the business into `<dir>/data` unless the same seed, scale and scenario are there already. */
async function ensureData(
  dir: string,
  wanted: SandboxParameters,
  onProgress: (m: string) => void,
): Promise<boolean> {
  const paths = sandboxPaths(dir);
  if (existsSync(join(paths.data, 'summary.json'))) {
    const have = readBusinessSummary(paths.data);
    if (
      sameParameters({ seed: have.seed, scale: have.scale, scenario: have.scenario as ScenarioName }, wanted)
    ) {
      onProgress(`reusing the generated business in ${paths.data}`);
      return false;
    }
  }
  onProgress(
    `generating seed ${wanted.seed}, scale ${wanted.scale}, scenario ${wanted.scenario} into ${paths.data}`,
  );
  await rm(paths.data, { recursive: true, force: true });
  await rm(paths.state, { recursive: true, force: true });
  const { summary } = generateBusinessToDirectory(
    { seed: wanted.seed, scale: wanted.scale, scenario: wanted.scenario },
    paths.data,
    { onProgress: (records) => onProgress(`generated ${records} records`) },
  );
  onProgress(`generated ${summary.records} records`);
  return true;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const dir = resolve(options.dir);
  const paths = sandboxPaths(dir);
  const progress = options.onProgress ?? (() => {});
  await mkdir(dir, { recursive: true });
  const previous = readSandboxState(dir);
  const parameters: SandboxParameters = {
    seed: options.seed ?? previous?.seed ?? SANDBOX_DEFAULTS.seed,
    scale: options.scale ?? previous?.scale ?? SANDBOX_DEFAULTS.scale,
    scenario: options.scenario ?? previous?.scenario ?? SANDBOX_DEFAULTS.scenario,
  };
  const regenerated = await ensureData(dir, parameters, progress);
  await mkdir(paths.state, { recursive: true });
  const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as Manifest;
  const summary = readBusinessSummary(paths.data);
  const snapshotFile = (name: string) => join(paths.state, `${name}.json`);

  const credentials: Record<string, Record<string, string>> = {};
  const ports: Record<string, number> = {};
  for (const driver of DRIVERS) {
    credentials[driver.name] =
      (!regenerated && previous?.systems[driver.name]?.credentials) || driver.newCredentials();
    ports[driver.name] = options.ports?.[driver.name] ?? previous?.systems[driver.name]?.port ?? 0;
  }

  let running: Record<string, RunningSystem> = {};
  const restored: string[] = [];
  const startAll = async (fromSnapshots: boolean) => {
    const started: Record<string, RunningSystem> = {};
    try {
      for (const driver of DRIVERS) {
        const file = snapshotFile(driver.name);
        const fromSnapshot = fromSnapshots && existsSync(file);
        if (fromSnapshot) restored.push(driver.name);
        progress(`starting ${driver.name}${fromSnapshot ? ' from its snapshot' : ''}`);
        const source: DataSource = fromSnapshot
          ? { kind: 'snapshot', file }
          : { kind: 'generated', dir: paths.data };
        const context: StartContext = {
          port: ports[driver.name] ?? 0,
          credentials: credentials[driver.name] ?? {},
          source,
        };
        try {
          started[driver.name] = await driver.start(context);
        } catch (error) {
          // The last run's port was taken meanwhile: any free one will do (the env file and the
          // contract are rewritten below). A port the caller asked for is not silently changed.
          const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
          if (!taken || context.port === 0 || options.ports?.[driver.name] !== undefined) throw error;
          progress(`port ${context.port} is taken; ${driver.name} listens on another one`);
          started[driver.name] = await driver.start({ ...context, port: 0 });
        }
        ports[driver.name] = started[driver.name]!.port;
      }
    } catch (error) {
      await Promise.allSettled(Object.values(started).map((s) => s.close()));
      throw error;
    }
    running = started;
  };
  await startAll(true);

  const env: Record<string, string> = {};
  for (const system of Object.values(running)) Object.assign(env, system.env);
  await writeFile(paths.envFile, envFileText(env), { mode: 0o600 });
  await writeFile(paths.contractFile, sandboxContract(dir, running, env));
  await writeSandboxState(dir, {
    format: 'accord-sandbox/1',
    ...parameters,
    ...(options.pid !== undefined ? { pid: options.pid } : {}),
    systems: Object.fromEntries(
      Object.values(running).map((s) => [
        s.name,
        { url: s.url, port: s.port, credentials: { ...s.credentials } },
      ]),
    ),
  });

  const snapshot = async () => {
    await mkdir(paths.state, { recursive: true });
    for (const system of Object.values(running)) {
      const file = snapshotFile(system.name);
      await system.snapshot(`${file}.tmp`);
      await rename(`${file}.tmp`, file);
    }
  };
  const closeAll = async () => {
    await Promise.allSettled(Object.values(running).map((s) => s.close()));
  };

  return {
    dir,
    parameters,
    get systems() {
      return running as unknown as SandboxSystems;
    },
    envFile: paths.envFile,
    contractFile: paths.contractFile,
    manifestFile: paths.manifest,
    manifest,
    summary,
    restored,
    snapshot,
    async reset() {
      await closeAll();
      await rm(paths.state, { recursive: true, force: true });
      await mkdir(paths.state, { recursive: true });
      restored.length = 0;
      await startAll(false);
    },
    async close(closeOptions = {}) {
      if (closeOptions.snapshot) await snapshot();
      await closeAll();
    },
  };
}
