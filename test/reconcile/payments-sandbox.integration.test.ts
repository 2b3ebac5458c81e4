/**
 * Stripe → NetSuite payments and refunds on the seeded sandbox (seed 7, scale 2,000, scenario
 * full), through the real connectors and simulators, with the demo's contract: payments-daily
 * reports exactly the manifest's payment cases — the intents Stripe only authorised that NetSuite
 * booked as paid (a status and an amount finding each), the payments of orders NetSuite never got
 * (missing) and the bank transfers Stripe never saw (orphans) — and no currency spelled
 * "Kuwaiti Dinar" against "KWD". The flows then book what they can: every captured payment already
 * in NetSuite is unchanged, the intents of orders NetSuite lacks are dead letters naming the
 * missing customer, and refunds are written, after which refunds-daily agrees.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/orchestrator/index.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import type { Contract } from '../../src/contract/index.ts';
import { openEngine } from '../../src/engine/engine.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type DemoSandbox, keysOf, openDemoSandbox } from './demo-sandbox-kit.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-payments-sb-'));
let sandbox: Sandbox;
let contract: Contract;
let connectors: Map<string, Connector>;
let run: DemoSandbox['run'];
let kit: DemoSandbox | undefined;

const ndjson = (file: string) =>
  readFileSync(join(sandbox.dir, 'data', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  kit = await openDemoSandbox(dir, ['stripe', 'netsuite']);
  ({ sandbox, contract, connectors, run } = kit);
}, 180_000);

afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('payments and refunds on the seeded sandbox', () => {
  it("payments-daily reports the manifest's payment cases and nothing else", async () => {
    const result = await run('payments-daily');
    const uncaptured = sandbox.manifest.disagreements
      .filter((d) => d.category === 'uncaptured-marked-paid')
      .map((d) => `stripe:${d.keys.stripe}`)
      .sort();
    expect(uncaptured.length).toBeGreaterThan(0);
    expect(keysOf(result.findings, 'status')).toEqual(uncaptured);
    for (const f of result.findings.filter((x) => x.category === 'status')) {
      expect([f.source.value, f.target.value]).toEqual(['authorized', 'captured']);
    }
    // The amount differs too (nothing captured in Stripe); no currency disagrees anywhere.
    expect(keysOf(result.findings, 'value')).toEqual(uncaptured);
    expect(
      result.findings.filter((f) => f.field !== undefined && f.field !== 'amount' && f.category === 'value'),
    ).toEqual([]);
    expect(JSON.stringify(result.findings)).not.toMatch(/dinar|dollar|euro|yen|pound/i);

    // Intents of orders NetSuite never got: the missing and the discontinued-mid-sync orders.
    const unbooked = new Set(
      sandbox.manifest.disagreements
        .filter((d) => d.entity === 'salesOrder' && d.field === 'exists')
        .map((d) => d.keys.shopify),
    );
    const missing = ndjson('stripe/payment_intents.ndjson')
      .filter((pi) => unbooked.has((pi.metadata as Record<string, string>).shopify_order_id))
      .map((pi) => `stripe:${String(pi.id)}`)
      .sort();
    expect(keysOf(result.findings, 'missing')).toEqual(missing);
    // NetSuite payments by bank transfer are not Stripe's.
    const bank = ndjson('netsuite/customerPayment.ndjson')
      .map((p) => String(p.externalId))
      .filter((eid) => eid.startsWith('bank-'))
      .sort();
    expect(keysOf(result.findings, 'orphan')).toEqual(bank);
    expect(result.findings).toHaveLength(2 * uncaptured.length + missing.length + bank.length);
  }, 120_000);

  it('the flows book what NetSuite can hold, and refunds-daily then agrees', async () => {
    const store = await openSqliteStore(join(dir, 'accord.db'));
    const engine = openEngine({ contract, store, queue: openSqliteQueue(store), connectors });
    try {
      const payments = await engine.runFlow('payments', { once: true });
      expect(payments.balanced).toBe(true);
      // Every captured payment is already booked; the authorised-only ones are not the flow's.
      expect(payments.counts.written).toBe(0);
      const unbooked = sandbox.manifest.disagreements.filter(
        (d) => d.entity === 'salesOrder' && d.field === 'exists',
      ).length;
      expect(payments.deadLetters).toBe(unbooked);
      const letters = await store.deadLetters.list({ flow: 'payments' });
      for (const letter of letters) expect(letter.reason).toMatch(/Customer/);
      for (const letter of letters) expect(letter.reason).not.toMatch(/undefined/);

      const refunds = await engine.runFlow('refunds', { once: true });
      expect(refunds.deadLetters).toBe(0);
      expect(refunds.counts.written).toBe(refunds.counts.captured);
      const after = await run('refunds-daily');
      expect(after.findings).toEqual([]);
      expect(after.agree).toBe(true);
    } finally {
      await engine.close();
      await store.close();
    }
  }, 180_000);
});
