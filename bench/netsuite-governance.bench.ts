/**
 * How much of NetSuite's account concurrency pool the connector turns into work.
 *
 *   npm run bench -- netsuite-governance
 *
 * Two runs against the simulator (pool of 5, 20 ms held inside the pool per request):
 * 1. alone: upsert 5,000 customers; the ceiling is pool / latency = 250 requests/s. Reports the
 *    fraction achieved (goal ≥ 0.95), 429s as a share of requests (goal ≤ 1 %), and records lost
 *    (must be 0, counted in the simulator);
 * 2. shared: the same while simulated other integrations hold 0–3 slots at random; the ceiling
 *    is the capacity they leave free, measured by sampling the pool (goal ≥ 0.90 of it).
 * Each upsert is three requests (read by external id, PUT by external id, read back); every one
 * of them counts. A write the connector gives up on is retried as the engine would (retryable
 * errors only), so "lost" means lost for good. Last line: one JSON object of the figures.
 */
import { performance } from 'node:perf_hooks';
import { SEEDED, startNetSuiteSimulator } from '../sandbox/netsuite/index.ts';
import { createNetSuiteConnector } from '../src/connectors/netsuite/netsuite-connector.ts';
import { isRetryable, toError } from '../src/model/errors.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000);
const POOL = 5;
const LATENCY_MS = 20;
const WORKERS = 16;

interface RunResult {
  seconds: number;
  requests: number;
  rejected: number;
  lost: number;
  requestsPerSecond: number;
  capacityPerSecond: number;
  utilisation: number;
  engineRetries: number;
  othersAverage: number;
  cpuSeconds: number;
}

async function run(label: string, shared: boolean): Promise<RunResult> {
  const sim = await startNetSuiteSimulator({
    concurrency: POOL,
    latencyMs: LATENCY_MS,
    seed: shared ? 7 : 3,
  });
  const connector = createNetSuiteConnector({
    system: 'netsuite-bench',
    accountId: sim.accountId,
    timeZone: 'America/Los_Angeles',
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
    concurrency: POOL,
  });
  // Warm up (connection pool, governance limit, JIT) before the clock starts.
  await connector.upsert({
    objectType: 'customer',
    externalId: `${label}-warmup`,
    fields: { companyName: 'Warm-up', subsidiary: { id: SEEDED.subsidiaries.us } },
    idempotencyKey: `${label}-warmup`,
  });
  if (shared) sim.setOtherIntegrations({ maxSlots: 3, holdMs: { min: 20, max: 200 } });
  const before = connector.stats();
  const rejectedBefore = sim.pool.rejected();

  // Sample the pool to know what the other integrations really left free.
  let samples = 0;
  let othersTotal = 0;
  const sampler = setInterval(() => {
    samples += 1;
    othersTotal += sim.pool.heldByOthers();
  }, 5);

  let next = 0;
  let engineRetries = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (;;) {
        const n = next++;
        if (n >= RECORDS) return;
        for (let attempt = 1; ; attempt++) {
          try {
            await connector.upsert({
              objectType: 'customer',
              externalId: `${label}-${n}`,
              fields: {
                companyName: `Bench ${label} ${n}`,
                email: `bench-${n}@example.test`,
                subsidiary: { id: SEEDED.subsidiaries.us },
              },
              idempotencyKey: `${label}-${n}:v1`,
            });
            break;
          } catch (thrown) {
            const error = toError(thrown);
            if (!isRetryable(error) || attempt >= 5) {
              console.error(`  gave up on ${label}-${n}: ${error.message}`);
              break;
            }
            engineRetries += 1;
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  sim.setOtherIntegrations(undefined);

  const after = connector.stats();
  const requests = after.requests - before.requests;
  const rejected = after.rateLimited - before.rateLimited;
  const stored = new Set(
    sim
      .records('customer')
      .map((r) => String(r.externalId))
      .filter((eid) => eid.startsWith(`${label}-`) && eid !== `${label}-warmup`),
  );
  const lost = RECORDS - stored.size;
  const othersAverage = samples > 0 ? othersTotal / samples : 0;
  const capacityPerSecond = ((POOL - othersAverage) * 1000) / LATENCY_MS;
  const requestsPerSecond = requests / seconds;
  const result: RunResult = {
    seconds,
    requests,
    rejected,
    lost,
    requestsPerSecond,
    capacityPerSecond,
    utilisation: requestsPerSecond / capacityPerSecond,
    engineRetries,
    othersAverage,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  console.log(
    [
      `${label}: ${RECORDS} upserts, ${requests} requests in ${seconds.toFixed(2)} s`,
      `  achieved ${requestsPerSecond.toFixed(1)} req/s of ${capacityPerSecond.toFixed(1)} available` +
        (shared ? ` (others held ${othersAverage.toFixed(2)} of ${POOL} slots on average)` : '') +
        ` → utilisation ${result.utilisation.toFixed(3)}`,
      `  429s: ${rejected} (${((100 * rejected) / Math.max(1, requests)).toFixed(2)} % of requests; simulator counted ${
        sim.pool.rejected() - rejectedBefore
      })`,
      `  lost: ${lost} (stored ${stored.size} of ${RECORDS}); engine-level retries: ${engineRetries}`,
      `  client CPU: ${result.cpuSeconds.toFixed(2)} s over ${seconds.toFixed(2)} s wall (${(
        (100 * result.cpuSeconds) / seconds
      ).toFixed(0)} % of one core; simulator runs in the same process)`,
      `  limiter window at the end: ${connector.limiter.stats().limit} (cap ${connector.limiter.stats().cap}); max in flight ${after.maxInFlight}`,
    ].join('\n'),
  );
  await connector.close();
  await sim.close();
  return result;
}

const alone = await run('alone', false);
const shared = await run('shared', true);
const figures = {
  records: RECORDS,
  pool: POOL,
  latency_ms: LATENCY_MS,
  utilisation: Number(alone.utilisation.toFixed(4)),
  rejected_pct: Number(((100 * alone.rejected) / Math.max(1, alone.requests)).toFixed(3)),
  lost: alone.lost + shared.lost,
  requests_per_s: Number(alone.requestsPerSecond.toFixed(1)),
  shared_utilisation: Number(shared.utilisation.toFixed(4)),
  shared_rejected_pct: Number(((100 * shared.rejected) / Math.max(1, shared.requests)).toFixed(3)),
  shared_others_avg_slots: Number(shared.othersAverage.toFixed(3)),
  shared_requests_per_s: Number(shared.requestsPerSecond.toFixed(1)),
  cpu_share_alone: Number((alone.cpuSeconds / alone.seconds).toFixed(3)),
  cpu_share_shared: Number((shared.cpuSeconds / shared.seconds).toFixed(3)),
};
console.log(JSON.stringify(figures));
