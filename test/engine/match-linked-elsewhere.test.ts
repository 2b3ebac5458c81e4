/**
 * A target record already linked to (or, in the same batch, matched by) a different source record
 * is never matched again by a key: the second source record goes to review naming both records and
 * the existing link, and nothing is written for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBalance } from '../../src/store/run-counts.ts';
import { customersContract, type MemoryRig, memoryRig } from './memory-fixture.ts';

let rig: MemoryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const customer = (name: string, email: string) => ({
  email,
  profile: { name },
  tier: 'GOLD',
  credit: { amount: '10.00', currency: 'USD' },
});

interface MatchDetail {
  reason: string;
  existingLink?: { source: { system: string; id: string }; target: { system: string; id: string } };
}

describe('match: a target linked to another source record', () => {
  it('a key match on a record linked in an earlier run goes to review, never a write', async () => {
    rig = await memoryRig(customersContract());
    const target = rig.erp.put('customer', { email: 'shared@example.com', companyName: 'Old' });
    const first = rig.shop.put('Customer', customer('First', 'shared@example.com'));
    await rig.engine.runFlow('customers', { once: true });
    expect(await rig.store.links.find('customer', { system: 'erp', id: target.id }, 'shop')).toMatchObject({
      matchedBy: 'key',
    });
    const writesBefore = rig.erp.writes;

    const second = rig.shop.put('Customer', customer('Second', 'SHARED@example.com '));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 1, written: 0, inReview: 1, deadLettered: 0 });
    expect(runBalance(run.counts).balanced).toBe(true);
    expect(rig.erp.writes).toBe(writesBefore);
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe('First');

    const [item] = await rig.store.reviews.list({ kind: 'ambiguous-match' });
    if (!item) throw new Error('no review item for the second record');
    expect(item.recordKey).toBe(`shop:${second.id}`);
    expect(item.candidates).toEqual([
      expect.objectContaining({ system: 'erp', id: target.id, linkedTo: { system: 'shop', id: first.id } }),
    ]);
    const detail = item.detail as MatchDetail;
    expect(detail.reason).toContain(`erp customer ${target.id}`);
    expect(detail.reason).toContain(`shop ${first.id}`);
    expect(detail.reason).toContain(`shop ${second.id}`);
    expect(detail.existingLink).toMatchObject({
      source: { system: 'shop', id: first.id },
      target: { system: 'erp', id: target.id },
    });

    // A reviewer choosing the linked record anyway cannot steal it: asked again, still no write.
    await rig.engine.applyReviewDecision(item.id, { match: target.id }, { by: 'ann' });
    const replay = await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.writes).toBe(writesBefore);
    expect(await rig.store.deadLetters.list()).toHaveLength(0);
    expect(runBalance(replay.counts).balanced).toBe(true);
    const again = await rig.store.reviews.list({ kind: 'ambiguous-match', state: 'open' });
    expect(again).toHaveLength(1);
    expect((again[0]?.detail as MatchDetail | undefined)?.reason).toContain('a review decision');
  });

  it('two source records matching one target in the same batch: one links, the other goes to review', async () => {
    rig = await memoryRig(customersContract());
    const target = rig.erp.put('customer', { email: 'shared@example.com', companyName: 'Old' });
    const a = rig.shop.put('Customer', customer('Søren', 'shared@example.com'));
    const b = rig.shop.put('Customer', customer('Nguyễn', 'Shared@example.com'));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 2, written: 1, inReview: 1, deadLettered: 0 });
    expect(runBalance(run.counts).balanced).toBe(true);
    expect(rig.erp.records('customer')).toHaveLength(1);
    expect(rig.erp.writes).toBe(1);
    expect(await rig.store.deadLetters.list()).toHaveLength(0);

    const link = await rig.store.links.find('customer', { system: 'erp', id: target.id }, 'shop');
    const winner = link?.a.system === 'shop' ? link.a.id : link?.b.id;
    expect([a.id, b.id]).toContain(winner);
    const loser = winner === a.id ? b.id : a.id;
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe(winner === a.id ? 'Søren' : 'Nguyễn');

    const [item] = await rig.store.reviews.list({ kind: 'ambiguous-match' });
    if (!item) throw new Error('no review item for the second record');
    expect(item.recordKey).toBe(`shop:${loser}`);
    expect(item.candidates).toEqual([
      expect.objectContaining({ system: 'erp', id: target.id, linkedTo: { system: 'shop', id: winner } }),
    ]);
    expect((item.detail as MatchDetail).reason).toContain(`shop ${winner}`);
    expect(await rig.store.links.find('customer', { system: 'shop', id: loser }, 'erp')).toBeUndefined();
  });
});
