/**
 * A contract between two in-memory systems (`shop` → `erp`) and an engine on a temporary SQLite
 * store, for the pipeline's unit tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MemoryConnector,
  type MemoryConnectorOptions,
} from '../../src/connectors/memory/memory-connector.ts';
import { type Contract, parseContract } from '../../src/contract/index.ts';
import { type Engine, type EngineOptions, openEngine } from '../../src/engine/engine.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { openSqliteQueue, type SqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

export function customersContract(
  options: {
    direction?: 'one-way' | 'two-way';
    onNonOwnerChange?: 'flag' | 'revert';
    onNoMatch?: string;
    conflict?: string;
    /** Adds a shop-owned `phone` field, with this `normalise` when one is given. */
    phone?: { normalise?: string[] };
  } = {},
): Contract {
  const phone = options.phone;
  const phoneField = phone
    ? `\n      phone: { kind: string${phone.normalise ? `, normalise: [${phone.normalise.join(', ')}]` : ''} }`
    : '';
  const phonePath = phone ? '\n          phone: phone' : '';
  const text = `
accord: 1
name: memory-test
systems:
  shop: { kind: shopify, connection: { shop: t.myshopify.com, accessToken: env:T }, limits: { concurrency: 2 } }
  erp:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
    limits: { concurrency: 3 }
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: ${options.onNonOwnerChange ?? 'revert'}
  errors: { retries: 2, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    owner: shop
    fields:
      email: { kind: email${options.conflict ? `, conflict: ${options.conflict}` : ''} }
      name: { kind: string${options.conflict ? `, conflict: ${options.conflict}` : ''} }
      tier: { kind: enum, values: [gold, silver]${options.conflict ? `, conflict: ${options.conflict}` : ''} }
      credit: { kind: money${options.conflict ? `, conflict: ${options.conflict}` : ''} }
      terms: { kind: string, owner: erp${options.conflict ? `, conflict: ${options.conflict}` : ''} }${phoneField}
    mappings:
      shop:
        record: Customer
        id: id
        fields:
          email: { path: email, transform: [trim] }
          name: profile.name
          tier: { path: tier, map: { GOLD: gold, SILVER: silver } }
          credit: { path: credit.amount, currency: credit.currency }
          terms: terms${phonePath}
      erp:
        record: customer
        id: id
        externalId: externalId
        fields:
          email: email
          name: companyName
          tier: { path: custentity_tier.refName, map: { Gold: gold, Silver: silver } }
          credit: { path: creditLimit, currency: currency.refName }
          terms: terms.refName${phonePath}
flows:
  customers:
    entity: customer
    from: shop
    to: erp
    direction: ${options.direction ?? 'one-way'}
    trigger: { schedule: every 15m }
    owner: integrations
    match:
      keys: [external-id, { field: email, normalise: [trim, lowercase] }]
      onNoMatch: ${options.onNoMatch ?? 'create'}
      onMultipleMatches: review
reconciliation:
  customers: { flows: [customers], schedule: "0 5 * * *", count: true }
`;
  const parsed = parseContract(text, 'memory-test.yaml');
  if (!parsed.ok) throw new Error(`test contract: ${JSON.stringify(parsed.errors)}`);
  return parsed.contract;
}

export interface MemoryRig {
  shop: MemoryConnector;
  erp: MemoryConnector;
  store: SqliteStore;
  queue: SqliteQueue;
  engine: Engine;
  events: EngineEvent[];
  close(): Promise<void>;
}

/** An engine over the given in-memory systems and a temporary SQLite store. */
export async function memoryEngine(
  contract: Contract,
  connectors: Record<string, MemoryConnector>,
  engineOptions: Partial<EngineOptions> = {},
): Promise<{ store: SqliteStore; queue: SqliteQueue; engine: Engine; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-engine-'));
  const store = await openSqliteStore(join(dir, 'accord.db'));
  const queue = openSqliteQueue(store, { backoff: { baseMs: 1, capMs: 5 }, maxAttempts: 3 });
  const engine = openEngine({
    contract,
    store,
    queue,
    connectors,
    tuning: { lookbackMs: 0, drainTimeoutMs: 10_000 },
    ...engineOptions,
  });
  return {
    store,
    queue,
    engine,
    async close() {
      await engine.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function memoryRig(
  contract: Contract,
  options: { erp?: Partial<MemoryConnectorOptions>; engine?: Partial<EngineOptions> } = {},
): Promise<MemoryRig> {
  const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
  const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite', ...options.erp });
  const { store, queue, engine, close } = await memoryEngine(contract, { shop, erp }, options.engine);
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { shop, erp, store, queue, engine, events, close };
}
