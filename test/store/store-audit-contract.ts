/**
 * The audit trail through the store port: part of the store contract, called from
 * `describeStoreContract`.
 */
import { expect, it } from 'vitest';
import { appendAudit, traceAudit, verifyAudit } from '../../src/audit/audit-log.ts';
import { Money } from '../../src/model/money.ts';
import type { Store } from '../../src/store/store.ts';

export function describeStoreAuditContract(fresh: () => Promise<Store>): void {
  it('chains audit events, verifies the chain and traces one field in order', async () => {
    const store = await fresh();
    const written = (field: string, oldValue: unknown, newValue: unknown, sourceVersion: string) => ({
      kind: 'field-written' as const,
      system: 'netsuite',
      entity: 'customer',
      recordId: '1042',
      recordKey: 'c@x.test',
      field,
      oldValue,
      newValue,
      runId: 'r1',
      flow: 'crm',
      rule: 'owner',
      sourceSystem: 'hubspot',
      sourceVersion,
    });
    const events = await store.transaction((tx) =>
      appendAudit(tx, [
        written('email', null, 'c@x.test', 'v1'),
        written('creditLimit', null, Money.of('1500.00', 'EUR'), 'v1'),
      ]),
    );
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    await store.transaction((tx) =>
      appendAudit(tx, {
        kind: 'operator-action',
        actor: 'ana',
        action: 'flow.pause',
        detail: { flow: 'crm' },
      }),
    );
    await store.transaction((tx) => appendAudit(tx, written('email', 'c@x.test', 'd@x.test', 'v2')));
    const trace = await traceAudit(store, { entity: 'customer', recordKey: 'c@x.test', field: 'email' });
    expect(trace.map((e) => [e.seq, e.oldValue, e.newValue, e.sourceVersion])).toEqual([
      [1, null, 'c@x.test', 'v1'],
      [4, 'c@x.test', 'd@x.test', 'v2'],
    ]);
    expect(
      (await traceAudit(store, { entity: 'customer', recordKey: 'c@x.test', field: 'creditLimit' }))[0]
        ?.newValue,
    ).toEqual({ amount: '1500.00', currency: 'EUR' });
    const check = await verifyAudit(store, 2);
    expect(check).toMatchObject({ ok: true, events: 4, head: { seq: 4 } });
  });

  it('serialises concurrent transactions, so concurrent audit appends still form one chain', async () => {
    const store = await fresh();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.links.put({
            entity: 'item',
            flow: 'items',
            a: { system: 'shopify', id: String(i) },
            b: { system: 'netsuite', id: `ns${i}` },
            matchedBy: 'created',
          });
          await new Promise((r) => setImmediate(r));
          return appendAudit(tx, {
            kind: 'field-written',
            entity: 'item',
            recordKey: String(i),
            field: 'sku',
            newValue: `SKU-${i}`,
          });
        }),
      ),
    );
    expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 20 });
  });
}
