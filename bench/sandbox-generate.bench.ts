/**
 * `npm run bench -- sandbox-generate`: generates a 1,000,000-record business (scenario `full`)
 * straight to NDJSON files in a temporary directory, then deletes it. Prints wall time, records
 * per second and peak RSS (sampled every 50 ms), and ends with one JSON line.
 * Goals: ≤ 60 s and ≤ 2 GB on the shared 2-core machine. Other engineers' work shares those two
 * cores, so wall time varies run to run; CPU time is printed beside it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBusinessToDirectory } from '../sandbox/generator/business.ts';

const scale = Number(process.env.SANDBOX_SCALE ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'accord-sandbox-generate-'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

// The generator runs synchronously, and Node fires no timer while it does: the 50 ms sampler only
// covers set-up and tear-down, so the generator's progress hook (every 10,000 orders) samples too.
await new Promise((resolve) => setTimeout(resolve, 60));
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
let result: ReturnType<typeof generateBusinessToDirectory>;
let seconds: number;
let cpu: NodeJS.CpuUsage;
let bytes = 0;
try {
  result = generateBusinessToDirectory({ seed: 20261128, scale, scenario: 'full' }, dir, {
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
  });
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
  cpu = process.cpuUsage(cpuStart);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  for (const file of result.files) bytes += statSync(join(dir, file)).size;
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}

const figures = {
  records: result.summary.records,
  seconds: Number(seconds.toFixed(2)),
  cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
  records_per_second: Math.round(result.summary.records / seconds),
  peak_rss_mb: Math.round(peakRss / 1048576),
  output_mb: Math.round(bytes / 1048576),
  orders: result.summary.orders,
  customers: result.summary.customers,
  disagreements: result.manifest.disagreements.length,
  goal_seconds: 60,
  goal_peak_rss_mb: 2048,
};
console.log(
  `generated ${figures.records} records (${figures.orders} orders, ${figures.customers} customers) in ${figures.seconds} s wall, ${figures.cpu_seconds} s CPU`,
);
console.log(
  `${figures.records_per_second} records/s, peak RSS ${figures.peak_rss_mb} MB, ${figures.output_mb} MB written, ${figures.disagreements} disagreements in the manifest`,
);
console.log('machine: 2 cores shared with other engineers; wall time varies with their load');
console.log(JSON.stringify(figures));
