/**
 * Dead letters, review items, schema snapshots and flow state: part of the store contract, called
 * from `describeStoreContract`.
 */
import { expect, it } from 'vitest';
import { IllegalTransition } from '../../src/store/state-machine.ts';
import type { Store } from '../../src/store/store.ts';

export function describeStoreOperationsContract(fresh: () => Promise<Store>): void {
  it('opens dead letters with secrets redacted and moves them only along their state machine', async () => {
    const store = await fresh();
    const letter = await store.deadLetters.open({
      flow: 'orders',
      recordKey: 'shopify:1001',
      jobId: 12,
      jobKey: 'orders:1001:v3',
      payload: { id: 1001, total: '99.00' },
      request: {
        method: 'PUT',
        url: '/salesOrder/eid:1001',
        headers: { Authorization: 'Bearer s3cr3t', 'Content-Type': 'application/json' },
      },
      response: {
        status: 400,
        body: { 'o:errorCode': 'INVALID_CONTENT', detail: 'custbody_region is mandatory' },
      },
      reason: 'NetSuite refused the order: custbody_region is mandatory',
      classification: 'VALIDATION_REJECTED',
      attempts: 1,
    });
    expect(letter.state).toBe('open');
    expect(JSON.stringify(letter)).not.toContain('s3cr3t');
    expect(letter.request).toMatchObject({
      headers: { Authorization: '[redacted]', 'Content-Type': 'application/json' },
    });
    expect((await store.deadLetters.list({ state: 'open' })).map((d) => d.id)).toEqual([letter.id]);
    await expect(store.deadLetters.resolve(letter.id, { by: 'ana', reason: ' ' })).rejects.toThrow(
      /reason is empty/,
    );
    const retried = await store.deadLetters.markRetried(letter.id, {
      by: 'ana',
      reason: 'field added to mapping',
    });
    expect(retried).toMatchObject({
      state: 'retried',
      resolution: { by: 'ana', reason: 'field added to mapping' },
    });
    const resolved = await store.deadLetters.resolve(letter.id, { by: 'ana', reason: 'replay succeeded' });
    expect(resolved.state).toBe('resolved');
    const err = await store.deadLetters
      .markRetried(letter.id, { by: 'ana', reason: 'again' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IllegalTransition);
    expect(err).toMatchObject({ from: 'resolved', to: 'retried' });
    expect(await store.deadLetters.list({ state: 'open' })).toEqual([]);
  });

  it('asks each review question once and records the decision once', async () => {
    const store = await fresh();
    const input = {
      kind: 'ambiguous-match' as const,
      flow: 'crm',
      entity: 'customer',
      recordKey: 'hubspot:7',
      candidates: [
        { system: 'netsuite', id: '1' },
        { system: 'netsuite', id: '2' },
      ],
    };
    const first = await store.reviews.open(input);
    const again = await store.reviews.open(input);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, item: { id: first.item.id } });
    const decided = await store.reviews.decide(first.item.id, { decision: { link: '2' }, by: 'ana' });
    expect(decided).toMatchObject({ state: 'decided', decision: { link: '2' }, decidedBy: 'ana' });
    await expect(
      store.reviews.decide(first.item.id, { decision: { link: '1' }, by: 'bo' }),
    ).rejects.toMatchObject({
      from: 'decided',
      to: 'decided',
    });
    expect((await store.reviews.open(input)).created).toBe(true);
    const conflict = await store.reviews.open({
      ...input,
      kind: 'conflict',
      field: 'email',
      candidates: ['a', 'b'],
    });
    expect(conflict.item.field).toBe('email');
    expect(await store.reviews.list({ state: 'open', kind: 'conflict' })).toHaveLength(1);
  });

  it('keeps schema snapshots and their approval, and flow pause state with its reason', async () => {
    const store = await fresh();
    const s1 = await store.schemaSnapshots.add({
      system: 'netsuite',
      schema: { customer: ['email'] },
      takenAt: '2026-11-01T00:00:00.000Z',
    });
    await store.schemaSnapshots.add({
      system: 'netsuite',
      schema: { customer: ['email', 'phone'] },
      takenAt: '2026-11-02T00:00:00.000Z',
    });
    expect((await store.schemaSnapshots.latest('netsuite'))?.schema).toEqual({
      customer: ['email', 'phone'],
    });
    expect(await store.schemaSnapshots.latest('netsuite', { approvedOnly: true })).toBeUndefined();
    await store.schemaSnapshots.approve(s1.id, 'ana');
    expect(await store.schemaSnapshots.latest('netsuite', { approvedOnly: true })).toMatchObject({
      id: s1.id,
      approved: true,
      approvedBy: 'ana',
    });
    expect(await store.schemaSnapshots.list('netsuite')).toHaveLength(2);

    expect(await store.flows.get('orders')).toEqual({ flow: 'orders', paused: false });
    await expect(store.flows.pause('orders', { reason: '', by: 'ana' })).rejects.toThrow(/say why/);
    expect(
      await store.flows.pause('orders', { reason: 'NetSuite upgrade tonight', by: 'ana' }),
    ).toMatchObject({ paused: true, reason: 'NetSuite upgrade tonight' });
    expect((await store.flows.resume('orders', { by: 'ana' })).paused).toBe(false);
  });
}
