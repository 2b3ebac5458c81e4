/**
 * The engine's drift gate: a clean check is reused within `maxAgeMs` (no describe requests), a
 * pause is never cached, and a watch-mode run re-checks between polls and stops when drift
 * appears mid-run.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { NetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { approveDrift, driftGate } from '../../src/drift/index.ts';
import type { PreRunCheck } from '../../src/engine/engine-events.ts';
import { ManualClock } from '../../src/store/clock.ts';
import type { Store } from '../../src/store/store.ts';
import { customersContract, type MemoryRig, memoryRig } from '../engine/memory-fixture.ts';
import { BASE_FIELDS, connectorFor, contract, openStore, startAccount } from './drift-fixtures.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function approved(): Promise<{ sim: NetSuiteSimulator; store: Store }> {
  const sim = await startAccount(BASE_FIELDS);
  const store = await openStore();
  open.push(sim, store);
  await approveDrift({ contract: contract(), store, connectors: { netsuite: connectorFor(sim) }, by: 'ana' });
  return { sim, store };
}

describe('driftGate', () => {
  test('reuses a clean check within maxAgeMs and describes again after it', async () => {
    const { sim, store } = await approved();
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const gate = driftGate({
      contract: contract(),
      store,
      connectors: { netsuite: connectorFor(sim) },
      maxAgeMs: 60_000,
      clock,
    });
    const requests = () => sim.server.inspect.requests().length;

    expect((await gate('customers')).paused).toBe(false);
    const afterFirst = requests();
    expect(afterFirst).toBeGreaterThan(0); // it did describe the account

    clock.advance(59_000);
    expect((await gate('customers')).paused).toBe(false);
    expect(requests()).toBe(afterFirst); // reused: not one request

    clock.advance(2_000);
    expect((await gate('customers')).paused).toBe(false);
    expect(requests()).toBeGreaterThan(afterFirst);
  });

  test('never caches a pause: a describe failure is reported each time, and clears when the system answers', async () => {
    const { sim, store } = await approved();
    const gate = driftGate({ contract: contract(), store, connectors: { netsuite: connectorFor(sim) } });
    sim.server.faults.push({ kind: 'server-error', count: 1000 });
    const first = await gate('orders');
    expect(first).toMatchObject({ paused: true, announce: true });
    expect(first.reason).toContain('cannot check drift');
    sim.server.faults.length = 0;
    expect((await gate('orders')).paused).toBe(false);
    expect((await store.flows.get('orders')).paused).toBe(false);
  });
});

describe('watch mode with a pre-run check', () => {
  let rig: MemoryRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  test('re-checks between polls and stops the run, interrupted with the reason, when drift appears', async () => {
    let calls = 0;
    // A check that finds drift on its third call (the second poll): stands in for a field renamed mid-run.
    const check: PreRunCheck = async () => {
      calls += 1;
      return calls >= 3
        ? {
            paused: true,
            reason: 'drift: erp customer.custentity_tier was removed or renamed',
            announce: true,
          }
        : { paused: false };
    };
    rig = await memoryRig(customersContract(), { engine: { preRunCheck: check } });
    rig.shop.put('Customer', {
      email: 'c1@example.com',
      profile: { name: 'Customer 1' },
      tier: 'GOLD',
      credit: { amount: '10.00', currency: 'EUR' },
    });
    const run = await rig.engine.runFlow('customers', { once: false, pollIntervalMs: 10 });
    expect(calls).toBe(3);
    expect(run.status).toBe('interrupted');
    expect(run.note).toBe('paused: drift: erp customer.custentity_tier was removed or renamed');
    expect(run.counts).toMatchObject({ captured: 1, written: 1, pending: 0 });
    expect(run.balanced).toBe(true);
    expect(await rig.store.runs.get(run.runId)).toMatchObject({ status: 'interrupted', note: run.note });
    expect(rig.events.filter((e) => e.type === 'flow-paused')).toEqual([
      expect.objectContaining({ flow: 'customers', runId: run.runId }),
    ]);
  });
});
