import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.ts';
import { ValidationRejected } from '../../src/model/errors.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { customersContract, type MemoryRig, memoryRig } from './memory-fixture.ts';

let rig: MemoryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const customer = (n: number, extra: Record<string, unknown> = {}) => ({
  email: `c${n}@example.com`,
  profile: { name: `Customer ${n}` },
  tier: 'GOLD',
  credit: { amount: '100.50', currency: 'USD' },
  ...extra,
});

describe('pipeline (in-memory systems)', () => {
  it('creates each record once, balances the counts, and a second run writes nothing', async () => {
    rig = await memoryRig(customersContract());
    for (let i = 1; i <= 25; i++) rig.shop.put('Customer', customer(i));
    const first = await rig.engine.runFlow('customers', { once: true });
    expect(first.counts).toMatchObject({ captured: 25, written: 25, pending: 0, deadLettered: 0 });
    expect(first.balanced).toBe(true);
    expect(rig.erp.records('customer')).toHaveLength(25);
    const ns = rig.erp.records('customer').find((r) => r.externalId === 'shop:1');
    expect(ns?.fields).toMatchObject({
      email: 'c1@example.com',
      companyName: 'Customer 1',
      custentity_tier: { refName: 'Gold' },
      creditLimit: '100.5',
      currency: { refName: 'USD' },
    });

    const writes = rig.erp.writes;
    const second = await rig.engine.runFlow('customers', { once: true });
    expect(second.counts.captured).toBe(0);
    expect(rig.erp.writes).toBe(writes);
    const audit = await verifyAudit(rig.store);
    expect(audit.ok).toBe(true);
    // 25 records × 4 shop-owned fields (terms is erp's and absent)
    expect(audit.events).toBe(100);
  });

  it('propagates an owner change and records who set it (audit trace)', async () => {
    rig = await memoryRig(customersContract());
    const c = rig.shop.put('Customer', customer(1));
    await rig.engine.runFlow('customers', { once: true });
    rig.shop.put('Customer', { profile: { name: 'Renamed Ltd' } }, c.id);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 1, written: 1 });
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe('Renamed Ltd');
    const trace = await rig.store.audit.find({
      entity: 'customer',
      recordKey: `shop:${c.id}`,
      field: 'name',
    });
    expect(trace.map((e) => e.newValue)).toEqual(['Customer 1', 'Renamed Ltd']);
    expect(trace[1]).toMatchObject({
      rule: 'owner-changed',
      sourceSystem: 'shop',
      system: 'erp',
      runId: run.runId,
    });
  });

  it('sends an unknown enum value to review, never a default, and applies the decision', async () => {
    rig = await memoryRig(customersContract());
    rig.shop.put('Customer', customer(1, { tier: 'PLATINUM' }));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 1, inReview: 1, written: 0 });
    expect(rig.erp.records('customer')).toHaveLength(0);
    const [item] = await rig.store.reviews.list({ state: 'open' });
    expect(item).toMatchObject({ kind: 'unknown-enum', field: 'tier', candidates: ['PLATINUM'] });
    expect(rig.events.some((e) => e.type === 'review')).toBe(true);

    await rig.engine.applyReviewDecision(item!.id, { value: 'silver' }, { by: 'ann' });
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer')[0]?.fields.custentity_tier).toEqual({ refName: 'Silver' });
    const after = await rig.store.runs.get(run.runId);
    expect(after?.counts).toMatchObject({ captured: 1, inReview: 0, written: 1, pending: 0 });
    expect((await verifyAudit(rig.store)).ok).toBe(true);
  });

  it('never guesses between two matches: ambiguous → review', async () => {
    rig = await memoryRig(customersContract());
    rig.erp.put('customer', { email: 'dup@example.com', companyName: 'A' });
    rig.erp.put('customer', { email: 'DUP@example.com ', companyName: 'B' });
    rig.shop.put('Customer', customer(1, { email: 'dup@example.com' }));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 1, inReview: 1 });
    const [item] = await rig.store.reviews.list({ kind: 'ambiguous-match' });
    expect(item?.candidates).toHaveLength(2);
    expect(rig.erp.writes).toBe(0);
  });

  it('matches by a normalised key and links instead of creating', async () => {
    rig = await memoryRig(customersContract());
    const existing = rig.erp.put('customer', { email: 'match@example.com', companyName: 'Old' });
    rig.shop.put('Customer', customer(1, { email: ' match@example.com' }));
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer')).toHaveLength(1);
    const link = await rig.store.links.find('customer', { system: 'erp', id: existing.id }, 'shop');
    expect(link).toMatchObject({ matchedBy: 'key', matchKey: 'email' });
  });

  it('ownership holds: a non-owner edit in the target is reverted, never propagated', async () => {
    rig = await memoryRig(customersContract({ onNonOwnerChange: 'revert' }));
    const c = rig.shop.put('Customer', customer(1));
    await rig.engine.runFlow('customers', { once: true });
    const target = rig.erp.records('customer')[0]!;
    rig.erp.put('customer', { companyName: 'Edited in ERP' }, target.id);
    rig.shop.put('Customer', { email: 'new@example.com' }, c.id);
    await rig.engine.runFlow('customers', { once: true });
    const after = rig.erp.records('customer')[0]!;
    expect(after.fields).toMatchObject({ companyName: 'Customer 1', email: 'new@example.com' });
    const reverted = await rig.store.audit.find({
      entity: 'customer',
      recordKey: `shop:${c.id}`,
      field: 'name',
    });
    expect(reverted.at(-1)?.rule).toBe('non-owner-change-reverted');
  });

  it('a non-owner edit under `flag` opens a review and is not propagated', async () => {
    rig = await memoryRig(customersContract({ onNonOwnerChange: 'flag' }));
    const c = rig.shop.put('Customer', customer(1));
    await rig.engine.runFlow('customers', { once: true });
    const target = rig.erp.records('customer')[0]!;
    rig.erp.put('customer', { companyName: 'Edited in ERP' }, target.id);
    rig.shop.put('Customer', { email: 'new@example.com' }, c.id);
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe('Edited in ERP');
    const flagged = await rig.store.reviews.list({ kind: 'conflict' });
    expect(flagged[0]).toMatchObject({ field: 'name' });
  });

  it('a permanent rejection is dead-lettered with the reason and the request, replayed after the fix', async () => {
    let reject = true;
    rig = await memoryRig(customersContract(), {
      erp: {
        beforeWrite: (req) => {
          if (reject)
            throw new ValidationRejected(
              `erp refused customer ${req.externalId}: Please enter a value for Terms`,
              { status: 400, vendorCode: 'USER_ERROR' },
              { system: 'erp' },
            );
        },
      },
    });
    rig.shop.put('Customer', customer(1));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 1, deadLettered: 1, written: 0, pending: 0 });
    const [dl] = await rig.store.deadLetters.list({ state: 'open' });
    expect(dl?.reason).toContain('Please enter a value for Terms');
    expect(dl?.classification).toBe('VALIDATION_REJECTED');
    expect(dl?.request).toMatchObject({ system: 'erp', objectType: 'customer', externalId: 'shop:1' });
    expect(rig.events.find((e) => e.type === 'dead-letter')).toMatchObject({
      flow: 'customers',
      deadLetterId: dl!.id,
    });

    reject = false;
    await rig.engine.replayDeadLetter(dl!.id, { by: 'ann', reason: 'terms default added' });
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer')).toHaveLength(1);
    const counts = (await rig.store.runs.get(run.runId))!.counts;
    expect(counts).toMatchObject({ captured: 1, deadLettered: 0, written: 1, pending: 0 });
    expect(runBalance(counts).balanced).toBe(true);
  });

  it('bad data gets a clear dead letter naming system, record and field', async () => {
    rig = await memoryRig(customersContract());
    rig.shop.put('Customer', customer(1, { email: 'not-an-email' }));
    await rig.engine.runFlow('customers', { once: true });
    const [dl] = await rig.store.deadLetters.list();
    expect(dl?.reason).toMatch(/shop Customer 1: email: "not-an-email" is not an email address/);
    expect(rig.erp.writes).toBe(0);
  });

  it('--dry-run decides and reports what would be written, and changes nothing', async () => {
    rig = await memoryRig(customersContract());
    rig.shop.put('Customer', customer(1));
    const dry = await rig.engine.runFlow('customers', { once: true, dryRun: true });
    expect(dry.plannedWrites).toHaveLength(1);
    expect(dry.plannedWrites?.[0]).toMatchObject({
      system: 'erp',
      externalId: 'shop:1',
      fields: { email: 'c1@example.com' },
    });
    expect(rig.erp.writes).toBe(0);
    expect(await rig.store.runs.list()).toHaveLength(0);
    expect(await rig.queue.stats()).toMatchObject({ byState: { pending: 0 } });
  });

  it('honours a paused flow and the pre-run check; the run record says why', async () => {
    rig = await memoryRig(customersContract(), {
      engine: { preRunCheck: async () => ({ paused: true, reason: 'drift: custentity_tier was removed' }) },
    });
    rig.shop.put('Customer', customer(1));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.status).toBe('paused');
    expect(rig.erp.writes).toBe(0);
    expect((await rig.store.runs.get(run.runId))?.note).toContain('drift: custentity_tier was removed');
  });
});
