/**
 * `npm run bench -- engine`: 100,000 changes through the whole pipeline — capture (jobs + cursor in
 * one transaction per page), normalise, match (external id), decide per field, write, and record
 * (baselines, link, audit events, job completion, run counts in one transaction per batch) — with
 * in-process, zero-latency systems (`MemoryConnector`), so what is measured is the engine and its
 * SQLite store, not a network. Prints records/s and peak RSS; ends with one JSON line.
 *
 *   BENCH_RECORDS=20000 npm run bench -- engine   # a smaller run
 *   BENCH_BATCH=500 BENCH_LOOPS=2 …                # other batch sizes / concurrent batch loops
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryConnector } from '../src/connectors/memory/memory-connector.ts';
import { parseContract } from '../src/contract/index.ts';
import { DEFAULT_TUNING, openEngine } from '../src/engine/engine.ts';
import { openSqliteQueue } from '../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
// The engine's own defaults unless told otherwise: the bench measures what `accord sync` runs.
const BATCH = Number(process.env.BENCH_BATCH ?? DEFAULT_TUNING.batchSize);
const LOOPS = Number(process.env.BENCH_LOOPS ?? DEFAULT_TUNING.loops);

const contract = parseContract(
  `
accord: 1
name: engine-bench
systems:
  shop: { kind: shopify, connection: { shop: b.myshopify.com, accessToken: env:T } }
  erp:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
teams:
  t: { alert: log }
alerts:
  log: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 3, backoff: { initial: 1s, max: 1m }, deadLetter: true }
entities:
  customer:
    owner: shop
    fields:
      email: { kind: email }
      name: { kind: string }
      tier: { kind: enum, values: [gold, silver] }
    mappings:
      shop:
        record: Customer
        id: id
        fields: { email: email, name: profile.name, tier: { path: tier, map: { GOLD: gold, SILVER: silver } } }
      erp:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, name: companyName, tier: { path: tier.refName, map: { Gold: gold, Silver: silver } } }
flows:
  customers:
    entity: customer
    from: shop
    to: erp
    direction: one-way
    trigger: { schedule: every 5m }
    owner: t
    match: { keys: [external-id], onNoMatch: create, onMultipleMatches: review }
reconciliation:
  customers: { flows: [customers], schedule: "0 5 * * *", count: true }
`,
  'engine-bench.yaml',
);
if (!contract.ok) throw new Error(JSON.stringify(contract.errors));

/**
 * CPU seconds per thread of this process (Linux /proc), busiest first: the main thread runs the
 * pipeline, the recorder thread the record step. On a shared machine these move far less with
 * the load than wall time does, and the busier of the two bounds what an idle 2-core machine can do.
 */
function threadCpuSeconds(
  since: Map<number, number> = new Map(),
): { name: string; tid: number; seconds: number }[] {
  const tick = 100; // USER_HZ on Linux
  const out: { name: string; tid: number; seconds: number }[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / tick - (since.get(Number(tid)) ?? 0);
    out.push({ name: Number(tid) === process.pid ? 'main' : name, tid: Number(tid), seconds });
  }
  return out.sort((a, b) => b.seconds - a.seconds);
}

const dir = mkdtempSync(join(tmpdir(), 'accord-engine-bench-'));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
try {
  const store = await openSqliteStore(join(dir, 'accord.db'));
  const queue = openSqliteQueue(store);
  const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
  const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
  for (let i = 1; i <= RECORDS; i++) {
    shop.put('Customer', {
      email: `c${i}@example.com`,
      profile: { name: `Customer ${i}` },
      tier: i % 2 ? 'GOLD' : 'SILVER',
    });
  }
  const rssBeforeRun = process.memoryUsage().rss;
  const engine = openEngine({
    contract: contract.contract,
    store,
    queue,
    connectors: { shop, erp },
    tuning: { lookbackMs: 0, batchSize: BATCH, loops: LOOPS, pageSize: 5_000, progressIntervalMs: 1_000 },
  });
  const started = performance.now();
  // CPU time too: on a shared machine wall-clock figures swing with the load average; the CPU the
  // process itself spent (user + system) is what our changes move.
  const cpuStart = process.cpuUsage();
  const threadsAtStart = new Map(threadCpuSeconds().map((t) => [t.tid, t.seconds]));
  let captureMs = 0;
  const summary = await engine.runFlow('customers', {
    once: true,
    onProgress: (p) => {
      if (p.phase !== 'capturing' && captureMs === 0) captureMs = performance.now() - started;
      process.stderr.write(
        `  ${p.phase} ${p.processed}/${p.counts.captured} ${p.recordsPerSecond.toFixed(0)} rec/s\n`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const threads = threadCpuSeconds(threadsAtStart).slice(0, 3);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const perSecond = Math.round(RECORDS / seconds);
  console.log(
    `records:           ${RECORDS} (written ${summary.counts.written}, balanced ${summary.balanced})`,
  );
  console.log(
    `elapsed:           ${seconds.toFixed(2)} s (capture phase ended after ≈ ${(captureMs / 1000).toFixed(2)} s)`,
  );
  console.log(`records/s:         ${perSecond} (goal ≥ 20,000)`);
  console.log(
    `CPU:               ${cpuSeconds.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}) = ${Math.round(RECORDS / cpuSeconds)} records per CPU-second`,
  );
  console.log(
    `busiest threads:   ${threads.map((t) => `${t.name} ${t.seconds.toFixed(2)} s`).join(', ')} (CPU during the run)`,
  );
  console.log(
    `load average:      ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`target writes:     ${erp.writes}`);
  // With `node --expose-gc`: what is still reachable after the run (the two in-memory systems hold
  // every record they store; the engine itself keeps nothing per record).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    console.log(`heap after run+GC: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
  }
  console.log(
    `peak RSS:          ${(peakRss / 2 ** 20).toFixed(0)} MB (${(rssBeforeRun / 2 ** 20).toFixed(0)} MB before the run, with the source system's records loaded)`,
  );
  await store.close();
  console.log(
    JSON.stringify({
      records: RECORDS,
      written: summary.counts.written,
      balanced: summary.balanced,
      seconds: Number(seconds.toFixed(2)),
      records_per_s: perSecond,
      peak_rss_mb: Math.round(peakRss / 2 ** 20),
      rss_before_run_mb: Math.round(rssBeforeRun / 2 ** 20),
      cpu_seconds: Number(cpuSeconds.toFixed(2)),
      records_per_cpu_s: Math.round(RECORDS / cpuSeconds),
      main_thread_cpu_s: Number((threads.find((t) => t.name === 'main')?.seconds ?? 0).toFixed(2)),
      busiest_other_thread_cpu_s: Number((threads.find((t) => t.name !== 'main')?.seconds ?? 0).toFixed(2)),
      load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    }),
  );
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
