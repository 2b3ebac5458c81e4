/**
 * Reconciliation at scale: 1,000,000 Stripe-shaped payment intents against 1,000,000 lake rows,
 * with 1,000 planted differences across the categories (missing, orphan, duplicate, value, status)
 * and, on every KWD row, a half-fils drift that is within tolerance and must NOT be reported.
 * Both of reconcile()'s methods run, each checked for exactness against the planted set, each
 * beside the same comparison as plain DuckDB SQL (a full outer join plus a duplicate check of both
 * sides — see `plainJoin` for why both — and the group totals, over the same data already loaded
 * into in-memory DuckDB tables):
 *
 * - the SQL pushdown (src/reconcile/sql-comparer.ts): the same data as two tables of ONE DuckDB
 *   file, opened read-only through the registry. Timed in turn with the plain join, five rounds
 *   each (BENCH_ROUNDS), the best of each compared and every run's CPU seconds printed. It runs in
 *   a child process of its own (BENCH_PHASE=sql) so its RSS is not what the hash path left behind.
 * - the hash buckets (src/reconcile/record-comparer.ts): generated streams behind the connector
 *   port, paged like a warehouse scan, compared in bounded memory (spilling to disk).
 *
 * Which method the headline reports (`method`, `seconds`, `cpu_seconds`, `peak_rss_mb`, `found`,
 * `false_positives`): the pushdown. The issue lets us choose the method for large local sources,
 * and `accord reconcile` pushes a rule down whenever both sides are tables of one database, so the
 * pushdown is what comparing 1M vs 1M local records costs; the hash buckets are what a rule costs
 * when a side is an API (no SQL, no promised order). Their figures stay in the JSON under their own
 * names (`hash_seconds`, `hash_cpu_seconds`, `hash_peak_rss_mb`, `hash_found`,
 * `hash_false_positives`, `hash_vs_duckdb`). Until 2026-11-28 (third session) the headline was the hash buckets.
 * `peak_rss_mb` is the SQL phase's RSS while the pushdown ran: an upper bound, as that process also
 * holds the plain join's in-memory tables (`rss_before_rounds_mb`); the pushdown alone, in a
 * process of its own over the same file, peaked at 425 MB for one run (542 MB for five).
 *
 * The plain join runs twice per round: over the in-memory tables (`duckdb_seconds`) and over the
 * very file tables the pushdown reads, through its own read-only connection, the ledger's status
 * words mapped as the contract maps them (`duckdb_same_tables_seconds`). Both ratios are printed
 * and in the JSON. The goal (ours ≤ 1.5× the plain join) is judged on
 * `pushdown_vs_duckdb`, the in-memory one: the fastest the plain query gets, and the ratio reported
 * since the first run, so the yardstick does not move with what we build;
 * `pushdown_vs_duckdb_same_tables` separates what is ours from what the file's storage costs.
 * In the third session the plain queries' duplicate check was corrected to cover both sides (it
 * checked the lake only); the lake-only variant is still timed and reported as
 * `duckdb_one_side_dups_seconds` / `pushdown_vs_duckdb_one_side_dups`. Quiet machine (load 0.7-1.0),
 * before the correction: 1.50×, 1.47×, 1.52×, 1.52×, 1.52×, 1.37×; with both sides checked, two
 * trial runs 1.33×, 1.25×, then the full bench (load 0.8-1.3): pushdown 0.33 s (CPU 0.59 s), plain
 * join 0.275 s (CPU 0.51 s) = 1.21×; lake-only 0.212 s = 1.57×; over the file tables 1.15×; hash
 * buckets 5.7 s wall / 6.6 s CPU / 773 MB; all exact.
 *
 * Measured on 2 shared cores (another session's benchmarks on the other core), all exact:
 * - 2026-11-28, load 3.8: hash buckets 10.3 s wall / 11.5 s CPU (both streams' generation
 *   included) / 579 MB, plain DuckDB best 0.36 s (CPU 0.64 s), pushdown 0.76 s (CPU 1.40 s), 2.1×.
 *   With the larger young generation (bin/young-generation.mjs) and the per-side totals, load
 *   10-14: hash buckets 12.1 s / 11.5 s CPU / 692 MB; plain join 0.43 s (CPU 0.78 s), pushdown
 *   0.75 s (CPU 1.30 s): 1.72×. A quiet-machine run (load 1.0): 12.2 s / 13.2 s CPU, pushdown 1.91×.
 * - 2026-11-28 (third session), suspects from one aggregate over the join (sql-comparer.ts) and the hash buckets'
 *   agreeing-pair path (record-comparer.ts), five runs back to back at load 3.4-4.4 (two other
 *   benchmarks on the machine): pushdown best 0.58 / 0.31 / 0.55 / 0.77 / 0.59 s (CPU 0.58 / 0.59 /
 *   0.66 / 0.68 / 0.65 s) against the plain join's 0.43 / 0.22 / 0.40 / 0.44 / 0.37 s (CPU 0.43 /
 *   0.39 / 0.50 / 0.43 / 0.42 s): 1.33×, 1.42×, 1.36×, 1.76×, 1.61× (over the file tables 1.23-1.53×).
 *   The goal holds in three of five; under this load the wall ratio swings with whichever query
 *   the other benchmarks slow down, so CPU seconds are printed beside it. Peak RSS 809-869 MB,
 *   of which the process held ~455 MB before the first round. Hash buckets 6.2-7.3 s wall,
 *   6.1-6.6 s CPU, 500-769 MB. Before these two changes, same machine, load 0.9: pushdown 0.45 s
 *   against 0.21 s (2.07×), hash buckets 6.4 s / 7.4 s CPU.
 * - Then with the DuckDB adapter reading results column by column (~13 ms less per pushdown), three
 *   runs at load 3.2-4.7: pushdown 0.32 / 0.51 / 0.32 s (CPU 0.57 / 0.59 / 0.57 s) against
 *   0.24 / 0.41 / 0.22 s (CPU 0.42 / 0.49 / 0.39 s): 1.36×, 1.25×, 1.44× (over the file tables
 *   1.32×, 1.38×, 1.35×); peak RSS 805-829 MB (~460 MB before the rounds). Hash buckets 7.0 / 6.7 /
 *   8.6 s wall, 6.5 / 6.6 / 6.4 s CPU, 536-701 MB. All exact, both methods.
 *
 * Run: `npm run bench -- reconcile` (BENCH_RECORDS to change the size).
 */

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Connector, ScanRequest, SystemRecord } from '../src/connectors/connector.ts';
import { buildConnectors } from '../src/connectors/registry.ts';
import { contractFromFile } from '../src/contract/test-contracts.ts';
import { reconcile } from '../src/reconcile/reconcile.ts';
import { planReconciliation } from '../src/reconcile/reconcile-plan.ts';
import { LEDGER_STATUS, ledgerContract } from '../test/reconcile/ledger-contract.ts';
import { PAYMENTS_CONTRACT } from '../test/reconcile/payments-fixture.ts';

const N = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PLANT_EVERY = Math.max(1, Math.floor(N / 1000));
const CATEGORIES = ['missing', 'orphan', 'duplicate', 'value', 'status'] as const;
const CURRENCIES = ['usd', 'eur', 'jpy', 'kwd'] as const;
const MINOR: Record<string, number> = { usd: 2, eur: 2, jpy: 0, kwd: 3 };
const PAGE = 10_000;
/** Rounds of the plain joins and the pushdown, in turn (the best of each is compared). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BASE_SECONDS = Date.UTC(2026, 9, 1) / 1000;

interface Row {
  id: string;
  currency: string;
  minor: bigint;
  status: string;
  created: number;
}

/** Payment i, deterministic. */
function payment(i: number): Row {
  const currency = CURRENCIES[i % 4]!;
  let minor = BigInt(500 + ((i * 7919) % 200_000));
  if (currency === 'kwd') minor -= minor % 10n;
  return {
    id: `pi_${i}`,
    currency,
    minor,
    status: i % 7 === 1 ? 'requires_capture' : 'succeeded',
    created: BASE_SECONDS + ((i * 53) % (61 * 86_400)),
  };
}

function decimalOf(minor: bigint, places: number): string {
  if (places === 0) return minor.toString();
  const text = minor.toString().padStart(places + 1, '0');
  return `${text.slice(0, -places)}.${text.slice(-places)}`;
}

const DAYS = new Map<number, string>();
/** The payment's date, one string per day (generating the input should not dominate the figures). */
function dateOf(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  let date = DAYS.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    DAYS.set(day, date);
  }
  return date;
}

const STATUS: Record<string, string> = { requires_capture: 'authorized', succeeded: 'captured' };
const planted = (i: number) =>
  i % PLANT_EVERY === PLANT_EVERY - 1 ? CATEGORIES[Math.floor(i / PLANT_EVERY) % 5] : undefined;

/** The lake rows for payment i (none, one, or two), with its planted difference. */
function lakeRows(
  i: number,
): { id: string; pi: string; amount: string; currency: string; status: string; paidOn: string }[] {
  const p = payment(i);
  const category = planted(i);
  if (category === 'missing') return [];
  let amount = decimalOf(p.minor, MINOR[p.currency]!);
  if (p.currency === 'kwd') amount = decimalOf(p.minor + 4n, 3); // half a fils: within tolerance
  if (category === 'value')
    amount = decimalOf(
      p.minor + (p.currency === 'jpy' ? 1n : p.currency === 'kwd' ? 20n : 2n),
      MINOR[p.currency]!,
    );
  let status = STATUS[p.status]!;
  if (category === 'status') status = status === 'captured' ? 'authorized' : 'captured';
  const row = {
    id: `stripe:${p.id}`,
    pi: p.id,
    amount,
    currency: p.currency.toUpperCase(),
    status,
    paidOn: dateOf(p.created),
  };
  const rows = [row];
  if (category === 'duplicate') rows.push({ ...row, id: `stripe:${p.id}:again` });
  if (category === 'orphan') rows.push({ ...row, id: `manual:orphan_${i}`, pi: `pi_orphan_${i}` });
  return rows;
}

/** A generated stream behind the connector port: pages like a warehouse scan. */
function streamConnector(system: string, page: (from: number, to: number) => SystemRecord[]): Connector {
  const unsupported = () => Promise.reject(new Error('bench stream: read-only scan'));
  return {
    system,
    kind: 'duckdb',
    capabilities: { upsertByExternalId: false, idempotencyKeys: false, webhooks: false, bulkLoad: false },
    readChanges: () => ({ [Symbol.asyncIterator]: () => ({ next: unsupported }) }),
    async *scan(_request: ScanRequest) {
      for (let from = 0; from < N; from += PAGE) {
        yield page(from, Math.min(N, from + PAGE));
        // A real scan awaits I/O between pages; yield so both sides interleave.
        await new Promise((r) => setImmediate(r));
      }
    },
    get: unsupported,
    getByExternalId: unsupported,
    findByField: unsupported,
    upsert: unsupported,
    describe: unsupported,
    stats: () => ({ requests: 0, inFlight: 0, maxInFlight: 0, concurrencyCap: 1, rateLimited: 0 }),
    close: async () => {},
  };
}

const stripe = streamConnector('stripe', (from, to) => {
  const out: SystemRecord[] = [];
  for (let i = from; i < to; i++) {
    const p = payment(i);
    out.push({
      objectType: 'payment_intent',
      id: p.id,
      modifiedAt: '2026-10-01T00:00:00.000Z',
      fields: {
        id: p.id,
        object: 'payment_intent',
        amount_received: Number(p.minor),
        currency: p.currency,
        status: p.status,
        created: p.created,
      },
    });
  }
  return out;
});
const lake = streamConnector('lake', (from, to) => {
  const out: SystemRecord[] = [];
  for (let i = from; i < to; i++) {
    for (const r of lakeRows(i)) {
      out.push({
        objectType: 'payment',
        id: r.id,
        modifiedAt: '2026-10-01T00:00:00.000Z',
        fields: {
          amount: { amount: r.amount, currency: r.currency },
          status: r.status,
          paidOn: r.paidOn,
          paymentIntentId: r.pi,
        },
      });
    }
  }
  return out;
});

if (process.env.BENCH_GENERATE_ONLY) {
  // The cost of producing the two streams alone, to subtract from the figures below.
  const cpu = process.cpuUsage();
  let n = 0;
  for (const c of [stripe, lake]) for await (const page of c.scan({ objectType: 'x' })) n += page.length;
  const used = process.cpuUsage(cpu);
  console.log(`generating ${n} records: CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`);
  process.exit(0);
}

// Exactness: every planted difference found, nothing else.
const expected = new Set<string>();
for (let i = PLANT_EVERY - 1; i < N; i += PLANT_EVERY) {
  const category = planted(i)!;
  const key = category === 'orphan' ? `pi_orphan_${i}` : `pi_${i}`;
  expected.add(
    `${category}|${key}|${category === 'value' ? 'amount' : category === 'status' ? 'status' : ''}`,
  );
}
const findingKey = (f: { category: string; key?: string | undefined; field?: string | undefined }) =>
  `${f.category}|${f.key}|${f.field ?? ''}`;

/** The hash buckets over the two generated streams (any two connectors), in this process. */
async function hashPhase() {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const plan = planReconciliation(contractFromFile(PAYMENTS_CONTRACT), 'payments-daily');
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const memoryBytes = Number(process.env.BENCH_MEMORY_MB ?? 64) * 1048576;
  const result = await reconcile({ plan, connectors: { stripe, lake }, comparer: { memoryBytes } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  // CPU seconds beside wall time: the machine is shared, so wall time swings with its load.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const found = new Set(result.findings.map(findingKey));
  const hits = [...expected].filter((s) => found.has(s)).length;
  const falsePositives = [...found].filter((s) => !expected.has(s)).length;

  console.log(
    `reconcile: ${N.toLocaleString('en')} stripe vs ${result.target.records.toLocaleString('en')} lake records in ${seconds.toFixed(2)} s (${Math.round((N + result.target.records) / seconds).toLocaleString('en')} records/s), ${result.method}`,
  );
  console.log(
    `CPU ${cpuSeconds.toFixed(2)} s (user+system, includes generating both streams) · load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    `peak RSS ${(peakRss / 1048576).toFixed(0)} MB · planted ${expected.size} · found ${hits} · false positives ${falsePositives} · groups ${result.groups.length}`,
  );
  console.log(result.summary);
  return { result, seconds, cpuSeconds, peakRss, hits, falsePositives };
}

/**
 * The plain DuckDB joins and the pushdown, in a process of its own (this bench, BENCH_PHASE=sql),
 * so the pushdown's peak RSS is its own and not what the hash buckets left to the allocator.
 */
async function sqlPhase() {
  // The same comparison in plain DuckDB SQL, over the same data loaded into tables (load not timed).
  const dir = await mkdtemp(join(tmpdir(), 'accord-reconcile-bench-'));
  const writeCsv = async (file: string, header: string, rows: (i: number) => string[]) => {
    const out = createWriteStream(file);
    out.write(`${header}\n`);
    for (let i = 0; i < N; i++) {
      const lines = rows(i);
      if (lines.length > 0 && !out.write(`${lines.join('\n')}\n`))
        await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  };
  await writeCsv(join(dir, 's.csv'), 'id,amount,currency,status,paid_on', (i) => {
    const p = payment(i);
    return [
      `${p.id},${decimalOf(p.minor, MINOR[p.currency]!)},${p.currency.toUpperCase()},${STATUS[p.status]},${dateOf(p.created)}`,
    ];
  });
  await writeCsv(join(dir, 't.csv'), 'id,pi,amount,currency,status,paid_on', (i) =>
    lakeRows(i).map((r) => `${r.id},${r.pi},${r.amount},${r.currency},${r.status},${r.paidOn}`),
  );
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(
    `CREATE TABLE s AS SELECT id, CAST(amount AS DECIMAL(18,3)) AS amount, currency, status, paid_on FROM read_csv('${join(dir, 's.csv')}', header=true, all_varchar=true)`,
  );
  await conn.run(
    `CREATE TABLE t AS SELECT id, pi, CAST(amount AS DECIMAL(18,3)) AS amount, currency, status, paid_on FROM read_csv('${join(dir, 't.csv')}', header=true, all_varchar=true)`,
  );
  /** Wall and CPU seconds of `work` (CPU includes DuckDB's worker threads: same process). */
  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const value = await work();
    const used = process.cpuUsage(cpu);
    return {
      value,
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      cpu: (used.user + used.system) / 1e6,
    };
  }
  // The duplicate check covers BOTH sides, as reconcile's does (a key twice in the ledger is a
  // finding as much as one twice in the lake). Until the third session it checked the lake only —
  // not the same comparison, and cheaper by one aggregate over the ledger; that variant is still
  // timed (`oneSideDups`) and reported as duckdb_one_side_dups_* so the change is visible.
  const plainJoin = async (oneSideDups = false) => {
    const differences = await conn.runAndReadAll(`
    SELECT count(*) AS n FROM s FULL OUTER JOIN t ON s.id = t.pi
    WHERE s.id IS NULL OR t.pi IS NULL OR s.status <> t.status OR s.paid_on <> t.paid_on OR s.currency <> t.currency
       OR abs(s.amount - t.amount) > CASE s.currency WHEN 'KWD' THEN 0.005 ELSE 0 END`);
    const duplicates = await conn.runAndReadAll(
      oneSideDups
        ? 'SELECT count(*) - count(DISTINCT pi) AS n FROM t'
        : 'SELECT (SELECT count(*) - count(DISTINCT id) FROM s) + (SELECT count(*) - count(DISTINCT pi) FROM t) AS n',
    );
    await conn.runAndReadAll(`
    SELECT currency, status, substr(paid_on, 1, 7) AS period, count(*), sum(amount) FROM s GROUP BY ALL
    UNION ALL SELECT currency, status, substr(paid_on, 1, 7), count(*), sum(amount) FROM t GROUP BY ALL`);
    return Number(differences.getRowObjectsJS()[0]?.n) + Number(duplicates.getRowObjectsJS()[0]?.n);
  };

  // The same data as two warehouse tables of ONE DuckDB file (a ledger with its own status words
  // and the lake), opened read-only through the registry: reconcile() pushes the comparison down
  // into DuckDB (sql-comparer.ts). Loading is not timed, as for the baseline.
  const financePath = join(dir, 'finance.duckdb');
  const ledgerPlanContract = ledgerContract(await readFile(PAYMENTS_CONTRACT, 'utf8'), financePath);
  for (const system of ['ledger', 'lake']) {
    const built = await buildConnectors(ledgerPlanContract, { resolver: () => undefined, systems: [system] });
    await Promise.all([...built.values()].map((c) => c.close()));
  }
  {
    const load = await DuckDBInstance.create(financePath);
    const c = await load.connect();
    const states = Object.entries(LEDGER_STATUS)
      .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
      .join(' ');
    await c.run(`INSERT INTO accord.ledger_payment BY NAME SELECT id AS _accord_key, TIMESTAMPTZ '2026-10-01 00:00:00+00' AS _accord_modified_at,
      CAST(amount AS DECIMAL(38,10)) AS amount, currency AS amount_currency, CASE status ${states} END AS state,
      CAST(paid_on AS DATE) AS paid_on, id AS payment_intent_id FROM read_csv('${join(dir, 's.csv')}', header=true, all_varchar=true)`);
    await c.run(`INSERT INTO accord.payment BY NAME SELECT id AS _accord_key, TIMESTAMPTZ '2026-10-01 00:00:00+00' AS _accord_modified_at,
      CAST(amount AS DECIMAL(38,10)) AS amount, currency AS amount_currency, status,
      CAST(paid_on AS DATE) AS paid_on, pi AS payment_intent_id FROM read_csv('${join(dir, 't.csv')}', header=true, all_varchar=true)`);
    c.closeSync();
    load.closeSync();
  }
  const finance = Object.fromEntries(
    await buildConnectors(ledgerPlanContract, {
      resolver: () => undefined,
      systems: ['ledger', 'lake'],
      readOnly: true,
    }),
  );
  // The same plain queries over the very tables the pushdown reads, through the same read-only
  // connection (its DECIMAL(38,10) amounts, DATE days, the ledger's own status words mapped by a
  // CASE as the contract maps them): what the file's storage costs, apart from what is ours.
  const sameTables = finance.lake as unknown as {
    pushdownTable(objectType: string): { query(sql: string): Promise<Record<string, string | null>[]> };
  };
  const fileQuery = (sql: string) => sameTables.pushdownTable('payment').query(sql);
  const ledgerWords = Object.entries(LEDGER_STATUS)
    .map(([k, v]) => `WHEN '${v}' THEN '${k}'`)
    .join(' ');
  const plainJoinSameTables = async () => {
    const differences = await fileQuery(`
    SELECT count(*) AS n FROM accord.ledger_payment s FULL OUTER JOIN accord.payment t ON s.payment_intent_id = t.payment_intent_id
    WHERE s.payment_intent_id IS NULL OR t.payment_intent_id IS NULL OR (CASE s.state ${ledgerWords} END) <> t.status
       OR s.paid_on <> t.paid_on OR s.amount_currency <> t.amount_currency
       OR abs(s.amount - t.amount) > CASE s.amount_currency WHEN 'KWD' THEN 0.005 ELSE 0 END`);
    const duplicates = await fileQuery(
      `SELECT (SELECT count(*) - count(DISTINCT payment_intent_id) FROM accord.ledger_payment)
        + (SELECT count(*) - count(DISTINCT payment_intent_id) FROM accord.payment) AS n`,
    );
    await fileQuery(`
    SELECT amount_currency, state, date_trunc('month', paid_on) AS period, count(*), sum(amount) FROM accord.ledger_payment GROUP BY ALL
    UNION ALL SELECT amount_currency, status, date_trunc('month', paid_on), count(*), sum(amount) FROM accord.payment GROUP BY ALL`);
    return Number(differences[0]?.n) + Number(duplicates[0]?.n);
  };
  // The machine is shared: the plain joins and the pushdown run in turn, three times each, so all
  // see the same load; the best of each is compared (and printed with its CPU seconds).
  const ledgerPlan = planReconciliation(ledgerPlanContract, 'payments-daily');
  const plainRuns: Awaited<ReturnType<typeof timed<number>>>[] = [];
  const oneSideRuns: Awaited<ReturnType<typeof timed<number>>>[] = [];
  const sameRuns: Awaited<ReturnType<typeof timed<number>>>[] = [];
  const pushRuns: Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof reconcile>>>>>[] = [];
  // The pushdown's memory: this process's RSS sampled while it runs, an upper bound (the process
  // also holds the plain join's in-memory tables, and what loading the CSVs left to the allocator).
  const rssBeforeRounds = process.memoryUsage().rss;
  let pushdownRss = 0;
  let sampling = false;
  const pushdownSampler = setInterval(() => {
    if (sampling) pushdownRss = Math.max(pushdownRss, process.memoryUsage().rss);
  }, 20);
  for (let run = 0; run < ROUNDS; run++) {
    plainRuns.push(await timed(() => plainJoin()));
    oneSideRuns.push(await timed(() => plainJoin(true)));
    sameRuns.push(await timed(plainJoinSameTables));
    sampling = true;
    pushRuns.push(await timed(() => reconcile({ plan: ledgerPlan, connectors: finance })));
    pushdownRss = Math.max(pushdownRss, process.memoryUsage().rss);
    sampling = false;
  }
  clearInterval(pushdownSampler);
  const best = <T extends { seconds: number }>(runs: T[]) =>
    runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const plainBest = best(plainRuns);
  const oneSideBest = best(oneSideRuns);
  const sameBest = best(sameRuns);
  const pushBest = best(pushRuns);
  const duckdbSeconds = plainBest.seconds;
  const sameTablesSeconds = sameBest.seconds;
  const pushdownSeconds = pushBest.seconds;
  const pushed = pushBest.value;
  conn.closeSync();
  db.closeSync();
  const runsText = (runs: { seconds: number; cpu: number }[]) =>
    runs.map((r) => `${r.seconds.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s)`).join(', ');
  console.log(
    `duckdb full outer join (data preloaded): best ${duckdbSeconds.toFixed(2)} s of ${runsText(plainRuns)}; ${plainBest.value} difference rows`,
  );
  console.log(
    `  the same with the lake's duplicates only (the yardstick until the third session): best ${oneSideBest.seconds.toFixed(2)} s of ${runsText(oneSideRuns)}`,
  );
  console.log(
    `duckdb full outer join over the pushdown's own file tables: best ${sameTablesSeconds.toFixed(2)} s of ${runsText(sameRuns)}; ${sameBest.value} difference rows`,
  );
  await Promise.all(Object.values(finance).map((c) => c.close()));
  await rm(dir, { recursive: true, force: true });
  const pushedFound = new Set(pushed.findings.map(findingKey));
  const pushedHits = [...expected].filter((x) => pushedFound.has(x)).length;
  const pushedFalse = [...pushedFound].filter((x) => !expected.has(x)).length;
  console.log(
    `${pushed.method} (both tables in one DuckDB file, read-only): best ${pushdownSeconds.toFixed(2)} s of ${runsText(pushRuns)} · found ${pushedHits} of ${expected.size} · false positives ${pushedFalse} · pushdown / duckdb = ${(pushdownSeconds / duckdbSeconds).toFixed(2)}× (the goal's ratio) · pushdown / duckdb over the same file tables = ${(pushdownSeconds / sameTablesSeconds).toFixed(2)}×`,
  );
  console.log(pushed.summary);
  return {
    method: pushed.method,
    records: N + pushed.target.records,
    seconds: pushdownSeconds,
    cpu: pushBest.cpu,
    peakRss: pushdownRss,
    rssBeforeRounds,
    processPeakRss: process.resourceUsage().maxRSS * 1024,
    found: pushedHits,
    falsePositives: pushedFalse,
    duckdbSeconds,
    duckdbCpu: plainBest.cpu,
    oneSideDupsSeconds: oneSideBest.seconds,
    sameTablesSeconds,
    sameTablesCpu: sameBest.cpu,
  };
}

const FIGURES = 'reconcile-bench-sql-figures ';
type SqlFigures = Awaited<ReturnType<typeof sqlPhase>>;

/** Runs {@link sqlPhase} in a child process: its lines pass through, its figures come back. */
function sqlPhaseInChild(): Promise<SqlFigures> {
  const script = join(import.meta.dirname, '..', 'bin', 'bench.mjs');
  const child = spawn(process.execPath, [...process.execArgv, script, 'reconcile'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PHASE: 'sql', ACCORD_NODE_TUNED: '1' },
  });
  let figures: SqlFigures | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(FIGURES)) figures = JSON.parse(line.slice(FIGURES.length)) as SqlFigures;
    else console.log(line);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      figures ? resolve(figures) : reject(new Error(`the SQL phase exited with ${code} and no figures`)),
    );
  });
}

if (process.env.BENCH_PHASE === 'sql') {
  console.log(`${FIGURES}${JSON.stringify(await sqlPhase())}`);
} else {
  const loadAtStart = Number(loadavg()[0]!.toFixed(1));
  const hash = await hashPhase();
  const sql = await sqlPhaseInChild();
  console.log(
    `headline (two tables of one database, as \`accord reconcile\` compares them): ${sql.method} ${sql.seconds.toFixed(2)} s (CPU ${sql.cpu.toFixed(2)} s), ${(sql.seconds / sql.duckdbSeconds).toFixed(2)}× the plain join, peak RSS ${(sql.peakRss / 1048576).toFixed(0)} MB; hash buckets (any two connectors) ${hash.seconds.toFixed(2)} s (CPU ${hash.cpuSeconds.toFixed(2)} s), ${(hash.seconds / sql.duckdbSeconds).toFixed(1)}× the plain join, peak RSS ${(hash.peakRss / 1048576).toFixed(0)} MB · load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'reconcile',
      // The headline is the method reconcile() uses for 1M vs 1M local records in one database
      // (see the comment at the top); the hash buckets' figures follow under hash_*.
      method: sql.method,
      records: sql.records,
      seconds: Number(sql.seconds.toFixed(3)),
      cpu_seconds: Number(sql.cpu.toFixed(3)),
      records_per_s: Math.round(sql.records / sql.seconds),
      peak_rss_mb: Math.round(sql.peakRss / 1048576),
      process_peak_rss_mb: Math.round(sql.processPeakRss / 1048576),
      // What the SQL phase's process held before the first round (the plain join's in-memory
      // tables among it): peak_rss_mb is an upper bound of the pushdown's own memory.
      rss_before_rounds_mb: Math.round(sql.rssBeforeRounds / 1048576),
      planted: expected.size,
      found: sql.found,
      false_positives: sql.falsePositives,
      duckdb_seconds: Number(sql.duckdbSeconds.toFixed(3)),
      duckdb_cpu_seconds: Number(sql.duckdbCpu.toFixed(3)),
      pushdown_vs_duckdb: Number((sql.seconds / sql.duckdbSeconds).toFixed(2)),
      duckdb_one_side_dups_seconds: Number(sql.oneSideDupsSeconds.toFixed(3)),
      pushdown_vs_duckdb_one_side_dups: Number((sql.seconds / sql.oneSideDupsSeconds).toFixed(2)),
      duckdb_same_tables_seconds: Number(sql.sameTablesSeconds.toFixed(3)),
      duckdb_same_tables_cpu_seconds: Number(sql.sameTablesCpu.toFixed(3)),
      pushdown_vs_duckdb_same_tables: Number((sql.seconds / sql.sameTablesSeconds).toFixed(2)),
      rounds: ROUNDS,
      hash_method: hash.result.method,
      hash_records: N + hash.result.target.records,
      hash_seconds: Number(hash.seconds.toFixed(3)),
      hash_cpu_seconds: Number(hash.cpuSeconds.toFixed(3)),
      hash_peak_rss_mb: Math.round(hash.peakRss / 1048576),
      hash_found: hash.hits,
      hash_false_positives: hash.falsePositives,
      hash_vs_duckdb: Number((hash.seconds / sql.duckdbSeconds).toFixed(1)),
      load_average_start: loadAtStart,
      load_average: Number(loadavg()[0]!.toFixed(1)),
      // bin/bench.mjs re-runs this bench with --max-semi-space-size=64, as `accord reconcile` runs.
      node_flags: [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim(),
    }),
  );
}
