/**
 * NetSuite and Shopify simulators, the connectors the registry builds for them, and an engine on
 * a temporary SQLite store — the rig of the engine's integration tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type NetSuiteSimulator,
  type NetSuiteSimulatorOptions,
  startNetSuiteSimulator,
} from '../../sandbox/netsuite/index.ts';
import { type ShopifySimulator, startShopifySimulator } from '../../sandbox/shopify/shopify-simulator.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import type { SecretResolver } from '../../src/contract/index.ts';
import { type Engine, type EngineOptions, openEngine } from '../../src/engine/engine.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { openSqliteQueue, type SqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type SimContractOptions, simContract } from './sim-contract.ts';

export interface SimRig {
  ns: NetSuiteSimulator;
  shop: ShopifySimulator;
  dir: string;
  dbPath: string;
  contractOptions: SimContractOptions;
  secrets: Record<string, string>;
  resolver: SecretResolver;
  store: SqliteStore;
  queue: SqliteQueue;
  connectors: Map<string, Connector>;
  engine: Engine;
  events: EngineEvent[];
  close(): Promise<void>;
}

export async function simRig(
  options: {
    netsuite?: NetSuiteSimulatorOptions;
    contract?: Partial<SimContractOptions>;
    engine?: Partial<EngineOptions>;
    open?: boolean;
  } = {},
): Promise<SimRig> {
  const ns = await startNetSuiteSimulator({ concurrency: 5, ...options.netsuite });
  const shop = await startShopifySimulator({ plan: 'plus' });
  const dir = mkdtempSync(join(tmpdir(), 'accord-engine-sim-'));
  const dbPath = join(dir, 'accord.db');
  const secrets: Record<string, string> = {
    NS_CONSUMER_KEY: ns.tba.consumerKey,
    NS_CONSUMER_SECRET: ns.tba.consumerSecret,
    NS_TOKEN_ID: ns.tba.tokenId,
    NS_TOKEN_SECRET: ns.tba.tokenSecret,
    SHOPIFY_TOKEN: shop.accessToken,
    SHOPIFY_WEBHOOK_SECRET: shop.apiSecret,
  };
  const resolver: SecretResolver = (ref) => secrets[ref.name];
  const contractOptions: SimContractOptions = {
    netsuiteUrl: ns.url,
    shopifyUrl: shop.url,
    shopDomain: shop.storeDomain,
    ...options.contract,
  };
  const contract = simContract(contractOptions);
  const store = await openSqliteStore(dbPath);
  const queue = openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 200 }, maxAttempts: 9 });
  const connectors = await buildConnectors(contract, { resolver });
  const engine = openEngine({
    contract,
    store,
    queue,
    connectors,
    tuning: { lookbackMs: 2_000, drainTimeoutMs: 60_000, batchSize: 50 },
    ...options.engine,
  });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return {
    ns,
    shop,
    dir,
    dbPath,
    contractOptions,
    secrets,
    resolver,
    store,
    queue,
    connectors,
    engine,
    events,
    async close() {
      await engine.close();
      await Promise.allSettled([...connectors.values()].map((c) => c.close()));
      await store.close();
      await ns.close();
      await shop.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Seeds `n` Shopify customers; returns their ids. */
export function seedShopifyCustomers(shop: ShopifySimulator, n: number, from = 1): string[] {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) {
    const r = shop.store.createCustomer({
      email: `buyer${i}@example.com`,
      firstName: `Buyer`,
      lastName: `Number ${i}`,
      phone: null,
    });
    if (!r.customer) throw new Error(`seed customer ${i}: ${JSON.stringify(r.userErrors)}`);
    ids.push(String(r.customer.id));
  }
  return ids;
}

/** A script that gives every inbound customer the US subsidiary (mandatory in OneWorld). */
export const defaultSubsidiaryScript = {
  scriptId: 'customscript_default_subsidiary',
  recordTypes: ['customer'],
  events: ['create' as const],
  beforeSubmit: (ctx: { newRecord: Record<string, unknown> }) => {
    if (!ctx.newRecord.subsidiary) ctx.newRecord.subsidiary = { id: '104' };
  },
};
