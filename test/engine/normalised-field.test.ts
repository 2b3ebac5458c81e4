/**
 * A field whose contract says `normalise: [digits-only]` is compared by its digits: a target that
 * formats phone numbers on save (NetSuite applies the account's phone format preference) is not
 * a change — no write, no review — while the same contract without `normalise` shows what it
 * costs. Values are still written exactly as the owner holds them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../src/connectors/connector.ts';
import { customersContract, type MemoryRig, memoryRig } from './memory-fixture.ts';

let rig: MemoryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** NetSuite's US format: `+19845550450` → `+1 (984) 555-0450`. */
function formatPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length === 11 ? `+${d[0]} (${d.slice(1, 4)}) ${d.slice(4, 7)}-${d.slice(7)}` : phone;
}

/** The erp as a server-side script on save: every phone written is stored formatted. */
function formattingErp(sent: Record<string, unknown>[]) {
  return {
    beforeWrite: (_request: WriteRequest, fields: Record<string, unknown>) => {
      sent.push({ ...fields });
      if (typeof fields.phone === 'string') fields.phone = formatPhone(fields.phone);
    },
  };
}

const customer = (extra: Record<string, unknown> = {}) => ({
  email: 'ana@example.com',
  profile: { name: 'Ana Ltd' },
  tier: 'GOLD',
  credit: { amount: '100.00', currency: 'USD' },
  phone: '+19845550450',
  ...extra,
});

describe.each([
  { normalise: ['digits-only'], label: 'with normalise: [digits-only]' },
  { normalise: undefined, label: 'without normalise' },
])('a phone the target formats on save ($label)', ({ normalise }) => {
  const normalised = normalise !== undefined;

  it('is written as the owner holds it; a format-only change in the owner is no change', async () => {
    const sent: Record<string, unknown>[] = [];
    rig = await memoryRig(customersContract({ phone: normalise ? { normalise } : {} }), {
      erp: formattingErp(sent),
    });
    const c = rig.shop.put('Customer', customer());
    const first = await rig.engine.runFlow('customers', { once: true });
    expect(first.counts).toMatchObject({ captured: 1, written: 1 });
    // Never normalised on write: the erp receives the owner's text, and formats it itself.
    expect(sent[0]?.phone).toBe('+19845550450');
    expect(rig.erp.records('customer')[0]?.fields.phone).toBe('+1 (984) 555-0450');

    // The shop's own spelling changes, the digits do not.
    rig.shop.put('Customer', { phone: '+1 984 555 0450' }, c.id);
    const writes = rig.erp.writes;
    const second = await rig.engine.runFlow('customers', { once: true });
    expect(second.balanced).toBe(true);
    if (normalised) {
      expect(second.counts).toMatchObject({ captured: 1, written: 0, unchanged: 1, inReview: 0 });
      expect(rig.erp.writes).toBe(writes);
    } else {
      expect(second.counts).toMatchObject({ captured: 1, written: 1 });
      expect(sent.at(-1)).toEqual({ phone: '+1 984 555 0450' });
    }

    // A real change of digits moves, normalised or not, as the owner spells it.
    rig.shop.put('Customer', { phone: '+19845550999' }, c.id);
    const third = await rig.engine.runFlow('customers', { once: true });
    expect(third.counts).toMatchObject({ captured: 1, written: 1 });
    expect(sent.at(-1)).toEqual({ phone: '+19845550999' });
    expect(rig.erp.records('customer')[0]?.fields.phone).toBe('+1 (984) 555-0999');
    expect(await rig.store.reviews.list({ state: 'open' })).toEqual([]);
  });

  it('a record the target already holds formatted is linked without rewriting the phone', async () => {
    const sent: Record<string, unknown>[] = [];
    rig = await memoryRig(customersContract({ phone: normalise ? { normalise } : {} }), {
      erp: formattingErp(sent),
    });
    // Both systems hold the customer already (matched by email), the erp's phone as it formats it.
    rig.erp.put('customer', {
      email: 'ana@example.com',
      companyName: 'Ana Ltd',
      custentity_tier: { refName: 'Gold' },
      creditLimit: '100.00',
      currency: { refName: 'USD' },
      phone: '+1 (984) 555-0450',
    });
    rig.shop.put('Customer', customer());
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.balanced).toBe(true);
    if (normalised) {
      expect(run.counts).toMatchObject({ captured: 1, written: 0, unchanged: 1 });
      expect(sent).toEqual([]);
    } else {
      // The phone is sent again (the erp formats it back to what it held): a write for nothing.
      expect(run.counts).toMatchObject({ captured: 1, written: 1 });
      expect(sent.at(-1)).toMatchObject({ phone: '+19845550450' });
    }
  });

  it("the phone formatted later in the target (a user's save) is no non-owner change", async () => {
    rig = await memoryRig(
      customersContract({ phone: normalise ? { normalise } : {}, onNonOwnerChange: 'flag' }),
    );
    const c = rig.shop.put('Customer', customer());
    await rig.engine.runFlow('customers', { once: true });
    const erpRecord = rig.erp.records('customer')[0]!;
    expect(erpRecord.fields.phone).toBe('+19845550450');
    // Someone saves the record in the erp: its phone format preference applies.
    rig.erp.put('customer', { phone: '+1 (984) 555-0450' }, erpRecord.id);
    rig.shop.put('Customer', { profile: { name: 'Ana Holdings' } }, c.id);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.balanced).toBe(true);
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe('Ana Holdings');
    const reviews = await rig.store.reviews.list({ state: 'open' });
    if (normalised) {
      expect(reviews).toEqual([]);
    } else {
      // Without normalise the formatting is a non-owner's edit, flagged for a human on every save.
      expect(reviews.map((r) => r.field)).toEqual(['phone']);
      expect(reviews[0]?.detail).toMatchObject({ rule: 'non-owner-change-flagged' });
    }
    expect(rig.erp.records('customer')[0]?.fields.phone).toBe('+1 (984) 555-0450');
  });
});
