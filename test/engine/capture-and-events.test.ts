import { afterEach, describe, expect, it } from 'vitest';
import { RateLimited } from '../../src/model/errors.ts';
import { customersContract, type MemoryRig, memoryRig } from './memory-fixture.ts';

let rig: MemoryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const customer = (n: number) => ({
  email: `c${n}@example.com`,
  profile: { name: `Customer ${n}` },
  tier: 'GOLD',
  credit: { amount: '10.00', currency: 'EUR' },
});

describe('capture paths and engine events', () => {
  it('a webhook event and a poll of the same version are one change, counted once', async () => {
    rig = await memoryRig(customersContract());
    const record = rig.shop.put('Customer', customer(1));
    const event = { eventId: 'evt_1', topic: 'customers/update', objectType: 'Customer', record };
    expect(await rig.engine.ingestWebhookEvents('customers', 'shop', [event])).toBe(1);
    expect(await rig.engine.ingestWebhookEvents('customers', 'shop', [event])).toBe(0);
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts.captured).toBe(0); // the poll saw the same version: no new change
    expect(rig.erp.records('customer')).toHaveLength(1);
    const runs = await rig.store.runs.list({ flow: 'customers' });
    const total = runs.reduce((n, r) => n + r.counts.captured, 0);
    const written = runs.reduce((n, r) => n + r.counts.written, 0);
    expect({ total, written }).toEqual({ total: 1, written: 1 });
  });

  it('two versions stamped in the same second are two changes (whole-second systems lose nothing)', async () => {
    rig = await memoryRig(customersContract());
    const first = rig.shop.put('Customer', customer(1));
    const second = { ...first, fields: { ...first.fields, profile: { name: 'Renamed in the same second' } } };
    const event = (record: typeof first, id: string) => ({
      eventId: id,
      topic: 'customers/update',
      objectType: 'Customer',
      record,
    });
    expect(await rig.engine.ingestWebhookEvents('customers', 'shop', [event(first, 'e1')])).toBe(1);
    await rig.engine.runFlow('customers', { once: true });
    expect(await rig.engine.ingestWebhookEvents('customers', 'shop', [event(second, 'e2')])).toBe(1);
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer')[0]?.fields.companyName).toBe('Renamed in the same second');
  });

  it('refuses a webhook from a system the flow does not read', async () => {
    rig = await memoryRig(customersContract());
    const record = rig.erp.put('customer', { email: 'x@example.com' });
    await expect(
      rig.engine.ingestWebhookEvents('customers', 'erp', [
        { eventId: 'e', topic: 't', objectType: 'customer', record },
      ]),
    ).rejects.toThrow(/does not capture changes from erp/);
  });

  it('an unknown flow is a clear error and changes nothing', async () => {
    rig = await memoryRig(customersContract());
    await expect(rig.engine.runFlow('custmers', { once: true })).rejects.toThrow(
      /flow "custmers" is not in contract memory-test \(flows: customers\)/,
    );
    expect(await rig.store.runs.list()).toHaveLength(0);
  });

  it('a system refusing every request for rate is reported as stalled; the changes end dead-lettered, counted', async () => {
    rig = await memoryRig(customersContract(), {
      erp: {
        beforeWrite: () => {
          throw new RateLimited(
            'erp refused: concurrency limit exceeded',
            10,
            { status: 429 },
            { system: 'erp' },
          );
        },
      },
    });
    for (let i = 1; i <= 30; i++) rig.shop.put('Customer', customer(i));
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.counts).toMatchObject({ captured: 30, deadLettered: 30, pending: 0 });
    expect(run.balanced).toBe(true);
    expect(rig.events.some((e) => e.type === 'stalled' && e.system === 'erp')).toBe(true);
    const [dl] = await rig.store.deadLetters.list({ limit: 1 });
    expect(dl).toMatchObject({ classification: 'RATE_LIMITED', attempts: 3 });
  });

  it('an ambiguous match decided by a person links to the chosen record and updates it', async () => {
    rig = await memoryRig(customersContract());
    const a = rig.erp.put('customer', { email: 'dup@example.com', companyName: 'A' });
    rig.erp.put('customer', { email: 'dup@example.com', companyName: 'B' });
    const c = rig.shop.put('Customer', { ...customer(1), email: 'dup@example.com' });
    const run = await rig.engine.runFlow('customers', { once: true });
    const [item] = await rig.store.reviews.list({ kind: 'ambiguous-match' });
    await rig.engine.applyReviewDecision(item!.id, { match: a.id }, { by: 'ann' });
    await rig.engine.runFlow('customers', { once: true });
    expect(rig.erp.records('customer').find((r) => r.id === a.id)?.fields.companyName).toBe('Customer 1');
    expect(await rig.store.links.find('customer', { system: 'shop', id: c.id }, 'erp')).toMatchObject({
      matchedBy: 'review',
    });
    expect((await rig.store.runs.get(run.runId))?.counts).toMatchObject({
      captured: 1,
      inReview: 0,
      written: 1,
      pending: 0,
    });
    const actions = await rig.store.audit.find({ entity: 'customer', recordKey: `shop:${c.id}` });
    expect(actions.some((e) => e.kind === 'operator-action' && e.actor === 'ann')).toBe(true);
  });
});

describe('watch mode', () => {
  it('keeps capturing until stopped, then finishes the run interrupted with balanced counts', async () => {
    rig = await memoryRig(customersContract());
    rig.shop.put('Customer', customer(1));
    const stop = new AbortController();
    const running = rig.engine.runFlow('customers', { once: false, pollIntervalMs: 20, signal: stop.signal });
    const waitFor = async (n: number) => {
      for (let i = 0; i < 500 && rig!.erp.records('customer').length < n; i++)
        await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor(1);
    rig.shop.put('Customer', customer(2));
    await waitFor(2);
    stop.abort();
    const run = await running;
    expect(rig.erp.records('customer')).toHaveLength(2);
    expect(run.status).toBe('interrupted');
    expect(run.counts).toMatchObject({ captured: 2, written: 2, pending: 0 });
    expect(run.balanced).toBe(true);
  });
});
