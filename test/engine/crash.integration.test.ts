/**
 * Invariant 2 (no duplicates) and 1 (nothing lost) under `kill -9`: a 2,000-customer Shopify →
 * NetSuite run is killed at random moments at least 20 times, restarted each time; at the end
 * NetSuite holds each customer exactly once, every captured change is in a final bucket, every
 * run balances, and the audit chain verifies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../sandbox/shared/simulator-server.ts';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultSubsidiaryScript, type SimRig, seedShopifyCustomers, simRig } from './sim-rig.ts';

const CHILD = fileURLToPath(new URL('./crash-sync-child.ts', import.meta.url));
const RECORDS = 2_000;
const KILLS = 20;

let rig: SimRig;
beforeAll(async () => {
  rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript], latencyMs: { min: 1, max: 4 } } });
  // The test's own engine is not used: the children open the same file.
  await rig.store.close();
});
afterAll(async () => {
  await Promise.allSettled([rig.ns.close(), rig.shop.close()]);
});

type Exit = { code: number | null; signal: string | null; out: string; err: string };
function startChild(): { child: ChildProcess; done: Promise<Exit>; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, rig.dbPath, rig.ns.url, rig.shop.url, rig.shop.storeDomain],
    {
      env: { ...process.env, ...rig.secrets },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on('data', (d) => {
    out += d;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const done = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done, ready };
}

describe('kill -9 during a 2,000-record Shopify → NetSuite run', () => {
  it('ends with each customer in NetSuite exactly once, nothing lost, counts balanced, audit intact', async () => {
    seedShopifyCustomers(rig.shop, RECORDS);
    const random = seededRandom(7);
    let kills = 0;
    let completed = false;
    while (kills < KILLS) {
      const { child, done, ready } = startChild();
      // Kill somewhere in the run: capture, writes in flight, the record transaction…
      const after = 100 + Math.floor(random() * 1_900);
      let timer: NodeJS.Timeout | undefined;
      void ready.then(() => {
        timer = setTimeout(() => child.kill('SIGKILL'), after);
      });
      const exit = await done;
      clearTimeout(timer);
      if (exit.signal === 'SIGKILL') kills += 1;
      else {
        expect(exit.err).toBe('');
        expect(exit.code).toBe(0);
        completed = true;
        break;
      }
    }
    // Finish the work (and always at least one clean run after the last kill).
    for (let i = 0; i < 3; i++) {
      const { done } = startChild();
      const exit = await done;
      expect(exit.code, exit.err).toBe(0);
      if (JSON.parse(exit.out.trim().split('\n').pop() ?? '{}').counts?.captured === 0) break;
    }
    expect(kills + (completed ? 1 : 0)).toBeGreaterThanOrEqual(KILLS);

    const mine = rig.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:'));
    expect(mine).toHaveLength(RECORDS);
    expect(new Set(mine.map((c) => c.externalId)).size).toBe(RECORDS);

    const store = await openSqliteStore(rig.dbPath);
    try {
      const runs = await store.runs.list({ flow: 'customers', limit: 1_000 });
      let captured = 0;
      let pending = 0;
      let written = 0;
      for (const run of runs) {
        expect(runBalance(run.counts).balanced, `run ${run.id}`).toBe(true);
        captured += run.counts.captured;
        pending += run.counts.pending;
        written += run.counts.written;
      }
      expect(pending).toBe(0);
      expect(captured).toBeGreaterThanOrEqual(RECORDS);
      expect(written).toBe(RECORDS);
      expect(await store.deadLetters.list()).toHaveLength(0);
      const audit = await verifyAudit(store);
      expect(audit.ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 600_000);
});
