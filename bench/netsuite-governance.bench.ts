/**
 * How much of NetSuite's account concurrency pool the connector turns into work.
 *
 *   npm run bench -- netsuite-governance          (BENCH_RECORDS=500 for a quick look)
 *
 * Two runs against the simulator (pool of 5, 20 ms held inside the pool per request):
 * 1. alone: upsert 5,000 customers; the ceiling is pool / latency = 250 requests/s. Reports the
 *    fraction achieved (goal ≥ 0.95), 429s as a share of requests (goal ≤ 1 %), and records lost
 *    (must be 0, counted in the simulator);
 * 2. shared: the same while simulated other integrations hold 0–3 slots at random; the ceiling
 *    is the capacity they leave free, measured by sampling the simulator's pool every 5 ms
 *    (goal ≥ 0.90 of it).
 * Each upsert is three requests (read by external id, PUT by external id, read back); every one
 * counts. A write the connector gives up on is retried as the engine would (retryable errors
 * only), so "lost" means lost for good.
 *
 * The simulator runs in a child process (BENCH_INPROCESS=1 keeps it in this one): NetSuite is a
 * remote server, and on a small shared machine one event loop serving both sides measures mostly
 * itself. A baseline — five bare signed GETs in a loop, no connector — is printed first: it is the
 * most any client can reach on this machine at this moment. Last line: one JSON object of figures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from '../sandbox/netsuite/index.ts';
import { createNetSuiteConnector } from '../src/connectors/netsuite/netsuite-connector.ts';
import { signTba } from '../src/connectors/netsuite/tba-signer.ts';
import { isRetryable, toError } from '../src/model/errors.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000);
const POOL = 5;
const LATENCY_MS = 20;
const WORKERS = 16;
const OTHERS = { maxSlots: 3, holdMs: { min: 20, max: 200 } };

/** What the bench needs from a simulator, wherever it runs. */
interface BenchSim {
  url: string;
  accountId: string;
  tba: NetSuiteSimulator['tba'];
  setOthers(on: boolean): Promise<void>;
  /** Starts sampling slots held by others; the returned function stops and gives the average. */
  sampleOthers(): Promise<() => Promise<number>>;
  rejected(): Promise<number>;
  stored(prefix: string): Promise<number>;
  close(): Promise<void>;
}

type Command =
  | { cmd: 'others'; on: boolean }
  | { cmd: 'sample-start' }
  | { cmd: 'sample-stop' }
  | { cmd: 'rejected' }
  | { cmd: 'stored'; prefix: string }
  | { cmd: 'close' };

/** Serves one simulator over IPC (the child side). */
async function serveSimulator(seed: number): Promise<void> {
  const sim = await startNetSuiteSimulator({ concurrency: POOL, latencyMs: LATENCY_MS, seed });
  let samples = 0;
  let total = 0;
  let sampler: NodeJS.Timeout | undefined;
  const reply = (value: unknown) => process.send!({ value });
  process.on('message', async (message: Command) => {
    switch (message.cmd) {
      case 'others':
        sim.setOtherIntegrations(message.on ? OTHERS : undefined);
        return reply(true);
      case 'sample-start':
        samples = 0;
        total = 0;
        sampler = setInterval(() => {
          samples += 1;
          total += sim.pool.heldByOthers();
        }, 5);
        return reply(true);
      case 'sample-stop':
        clearInterval(sampler);
        return reply(samples > 0 ? total / samples : 0);
      case 'rejected':
        return reply(sim.pool.rejected());
      case 'stored':
        return reply(
          sim.records('customer').filter((r) => String(r.externalId).startsWith(message.prefix)).length,
        );
      case 'close':
        await sim.close();
        reply(true);
        process.exit(0);
    }
  });
  process.send!({ ready: { url: sim.url, accountId: sim.accountId, tba: sim.tba } });
}

async function childSimulator(seed: number): Promise<BenchSim> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ACCORD_BENCH_SIM_SEED: String(seed) },
    execArgv: ['--import', 'tsx'],
  });
  const [hello] = (await once(child, 'message')) as [{ ready: Pick<BenchSim, 'url' | 'accountId' | 'tba'> }];
  let queue = Promise.resolve<unknown>(undefined);
  const ask = <T>(command: Command): Promise<T> => {
    const next = queue.then(async () => {
      child.send(command);
      const [answer] = (await once(child, 'message')) as [{ value: T }];
      return answer.value;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    ...hello.ready,
    setOthers: async (on) => {
      await ask({ cmd: 'others', on });
    },
    sampleOthers: async () => {
      await ask({ cmd: 'sample-start' });
      return () => ask<number>({ cmd: 'sample-stop' });
    },
    rejected: () => ask<number>({ cmd: 'rejected' }),
    stored: (prefix) => ask<number>({ cmd: 'stored', prefix }),
    close: async () => {
      await ask({ cmd: 'close' }).catch(() => undefined);
    },
  };
}

async function inProcessSimulator(seed: number): Promise<BenchSim> {
  const sim = await startNetSuiteSimulator({ concurrency: POOL, latencyMs: LATENCY_MS, seed });
  return {
    url: sim.url,
    accountId: sim.accountId,
    tba: sim.tba,
    setOthers: async (on) => sim.setOtherIntegrations(on ? OTHERS : undefined),
    sampleOthers: async () => {
      let samples = 0;
      let total = 0;
      const sampler = setInterval(() => {
        samples += 1;
        total += sim.pool.heldByOthers();
      }, 5);
      return async () => {
        clearInterval(sampler);
        return samples > 0 ? total / samples : 0;
      };
    },
    rejected: async () => sim.pool.rejected(),
    stored: async (prefix) =>
      sim.records('customer').filter((r) => String(r.externalId).startsWith(prefix)).length,
    close: () => sim.close(),
  };
}

const startSim = (seed: number) =>
  process.env.BENCH_INPROCESS === '1' ? inProcessSimulator(seed) : childSimulator(seed);

/** Five bare signed GETs in a loop, no connector: what this machine allows right now. */
async function baseline(): Promise<number> {
  const sim = await startSim(1);
  const url = `${sim.url}/services/rest/record/v1/customer/${SEEDED.customers.acme}`;
  const credentials = { accountId: sim.accountId, ...sim.tba };
  const loop = async (ms: number) => {
    let count = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: POOL }, async () => {
        while (performance.now() - started < ms) {
          const res = await fetch(url, {
            headers: { authorization: signTba({ method: 'GET', url }, credentials) },
          });
          await res.text();
          count += 1;
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };
  await loop(1_000); // warm-up: connections, JIT on both sides
  const perSecond = await loop(4_000);
  await sim.close();
  return perSecond;
}

interface RunResult {
  seconds: number;
  requests: number;
  rejected: number;
  lost: number;
  requestsPerSecond: number;
  capacityPerSecond: number;
  utilisation: number;
  othersAverage: number;
  cpuShare: number;
}

async function run(label: string, shared: boolean): Promise<RunResult> {
  const sim = await startSim(shared ? 7 : 3);
  const connector = createNetSuiteConnector({
    system: 'netsuite-bench',
    accountId: sim.accountId,
    timeZone: 'America/Los_Angeles',
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
    concurrency: POOL,
    ...(process.env.BENCH_PROBE_WINDOWS
      ? { adaptive: { probeWindows: Number(process.env.BENCH_PROBE_WINDOWS) } }
      : {}),
  });
  // Warm up (connections, the governance limit read, JIT) before the clock starts.
  await connector.upsert({
    objectType: 'customer',
    externalId: `warmup-${label}`,
    fields: { companyName: 'Warm-up', subsidiary: { id: SEEDED.subsidiaries.us } },
    idempotencyKey: `warmup-${label}`,
  });
  if (shared) await sim.setOthers(true);
  const before = connector.stats();
  const rejectedBefore = await sim.rejected();
  const stopSampling = await sim.sampleOthers();

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
  const othersAverage = await stopSampling();
  if (shared) await sim.setOthers(false);

  const after = connector.stats();
  const requests = after.requests - before.requests;
  const rejected = after.rateLimited - before.rateLimited;
  const stored = await sim.stored(`${label}-`);
  const lost = RECORDS - stored;
  const capacityPerSecond = ((POOL - othersAverage) * 1000) / LATENCY_MS;
  const requestsPerSecond = requests / seconds;
  const cpuShare = (cpu.user + cpu.system) / 1e6 / seconds;
  const result: RunResult = {
    seconds,
    requests,
    rejected,
    lost,
    requestsPerSecond,
    capacityPerSecond,
    utilisation: requestsPerSecond / capacityPerSecond,
    othersAverage,
    cpuShare,
  };
  console.log(
    [
      `${label}: ${RECORDS} upserts, ${requests} requests in ${seconds.toFixed(2)} s`,
      `  achieved ${requestsPerSecond.toFixed(1)} req/s of ${capacityPerSecond.toFixed(1)} available` +
        (shared ? ` (others held ${othersAverage.toFixed(2)} of ${POOL} slots on average)` : '') +
        ` → utilisation ${result.utilisation.toFixed(3)}`,
      `  429s: ${rejected} (${((100 * rejected) / Math.max(1, requests)).toFixed(2)} % of requests; the simulator sent ${
        (await sim.rejected()) - rejectedBefore
      })`,
      `  lost: ${lost} (stored ${stored} of ${RECORDS}); engine-level retries: ${engineRetries}`,
      `  client CPU: ${(100 * cpuShare).toFixed(0)} % of one core; limiter window at the end ${
        connector.limiter.stats().limit
      } (cap ${connector.limiter.stats().cap}); most in flight ${after.maxInFlight}`,
    ].join('\n'),
  );
  await connector.close();
  await sim.close();
  return result;
}

if (process.env.ACCORD_BENCH_SIM_SEED) {
  await serveSimulator(Number(process.env.ACCORD_BENCH_SIM_SEED));
} else {
  const where = process.env.BENCH_INPROCESS === '1' ? 'in this process' : 'in a child process';
  const floor = await baseline();
  const ceiling = (POOL * 1000) / LATENCY_MS;
  console.log(
    `baseline (simulator ${where}): 5 bare signed GETs in a loop reach ${floor.toFixed(1)} req/s = ${(
      floor / ceiling
    ).toFixed(3)} of ${ceiling} — the most any client gets on this machine now`,
  );
  const alone = await run('alone', false);
  const shared = await run('shared', true);
  const figures = {
    records: RECORDS,
    pool: POOL,
    latency_ms: LATENCY_MS,
    simulator: process.env.BENCH_INPROCESS === '1' ? 'in-process' : 'child-process',
    baseline_utilisation: Number((floor / ceiling).toFixed(4)),
    utilisation: Number(alone.utilisation.toFixed(4)),
    utilisation_of_baseline: Number((alone.requestsPerSecond / floor).toFixed(4)),
    rejected_pct: Number(((100 * alone.rejected) / Math.max(1, alone.requests)).toFixed(3)),
    lost: alone.lost + shared.lost,
    requests_per_s: Number(alone.requestsPerSecond.toFixed(1)),
    shared_utilisation: Number(shared.utilisation.toFixed(4)),
    shared_rejected_pct: Number(((100 * shared.rejected) / Math.max(1, shared.requests)).toFixed(3)),
    shared_others_avg_slots: Number(shared.othersAverage.toFixed(3)),
    shared_requests_per_s: Number(shared.requestsPerSecond.toFixed(1)),
    client_cpu_share: Number(alone.cpuShare.toFixed(3)),
    shared_client_cpu_share: Number(shared.cpuShare.toFixed(3)),
  };
  console.log(JSON.stringify(figures));
}
