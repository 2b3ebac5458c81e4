/**
 * The process the crash test kills: one `once` run of the Shopify → NetSuite customers flow on a
 * SQLite file, with short leases so a killed worker's jobs come back quickly. Secrets come from
 * the environment (the contract names them as `env:` references), exactly as `accord sync` reads them.
 *
 *   node --import tsx test/engine/crash-sync-child.ts <db> <netsuiteUrl> <shopifyUrl> <shopDomain>
 */

import { buildConnectors } from '../../src/connectors/registry.ts';
import { envSecretResolver } from '../../src/contract/index.ts';
import { openEngine } from '../../src/engine/engine.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { simContract } from './sim-contract.ts';

const [db, netsuiteUrl, shopifyUrl, shopDomain] = process.argv.slice(2);
if (!db || !netsuiteUrl || !shopifyUrl || !shopDomain) {
  process.stderr.write('usage: crash-sync-child.ts <db> <netsuiteUrl> <shopifyUrl> <shopDomain>\n');
  process.exit(2);
}
const contract = simContract({ netsuiteUrl, shopifyUrl, shopDomain });
const store = await openSqliteStore(db);
const queue = openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 200 }, maxAttempts: 9, leaseMs: 1_500 });
const connectors = await buildConnectors(contract, { resolver: envSecretResolver() });
const engine = openEngine({
  contract,
  store,
  queue,
  connectors,
  tuning: { lookbackMs: 2_000, batchSize: 25, loops: 3, leaseMs: 1_500, drainTimeoutMs: 60_000 },
});
process.stdout.write('ready\n');
const summary = await engine.runFlow('customers', { once: true });
process.stdout.write(
  `${JSON.stringify({ runId: summary.runId, counts: summary.counts, balanced: summary.balanced })}\n`,
);
await Promise.all([...connectors.values()].map((c) => c.close()));
await store.close();
