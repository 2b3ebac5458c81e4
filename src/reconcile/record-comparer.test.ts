import { describe, expect, it } from 'vitest';
import { contractFromFile } from '../contract/test-contracts.ts';
import { planReconciliation } from './reconcile-plan.ts';
import { RecordComparer } from './record-comparer.ts';
import type { RecordView } from './record-view.ts';
import { Tolerance } from './tolerance.ts';

const plan = planReconciliation(
  contractFromFile('test/reconcile/fixtures/payments.accord.yaml'),
  'payments-daily',
);
const tolerance = new Tolerance(plan.rule.tolerance);

function view(
  id: string,
  key: string | undefined,
  amount: string,
  currency: string,
  status: string | null,
): RecordView {
  return {
    id,
    key,
    values: { amount, status, paidOn: '2026-10-03', paymentIntentId: key ?? null },
    money: { amount: { amount, currency } },
  };
}

describe('RecordComparer', () => {
  for (const memoryBytes of [Number.POSITIVE_INFINITY, 1]) {
    it(`reports duplicates on either side, unkeyed records and values with awkward text (${memoryBytes === 1 ? 'spilling every record' : 'in memory'})`, async () => {
      const comparer = new RecordComparer(plan, tolerance, { partitions: 3, memoryBytes });
      const awkward = 'captured\nsee note ␞ \u001e \u0015';
      comparer.add('source', view('pi_1', 'pi_1', '10', 'USD', 'captured'));
      comparer.add('source', view('pi_1b', 'pi_1', '10', 'USD', 'captured'));
      comparer.add('target', view('t1', 'pi_1', '10', 'USD', 'captured'));
      comparer.add('source', view('pi_2', 'pi_2', '1.23', 'KWD', 'captured'));
      comparer.add('target', view('t2', 'pi_2', '1.234', 'KWD', awkward));
      comparer.add('target', view('t2b', 'pi_2', '1.234', 'KWD', null));
      comparer.add('target', view('t3', undefined, '5', 'EUR', 'captured'));
      const findings = await comparer.finish();
      expect(findings.map((f) => [f.category, f.key ?? '', f.source.id ?? '', f.target.id ?? ''])).toEqual([
        ['duplicate', 'pi_1', 'pi_1b', 't1'],
        ['duplicate', 'pi_2', 'pi_2', 't2b'],
        ['status', 'pi_2', 'pi_2', 't2'],
        ['unkeyed', '', '', 't3'],
      ]);
      expect(findings.find((f) => f.category === 'status')!.target.value).toBe(awkward);
      expect(comparer.spills > 0).toBe(memoryBytes === 1);
    });
  }
});

describe('grouping of a key (the source record decides)', () => {
  it('counts a status mismatch in one group, and the groups add up to the overall totals', async () => {
    const comparer = new RecordComparer(plan, tolerance, { partitions: 2 });
    comparer.add('source', view('pi_1', 'pi_1', '10', 'USD', 'captured'));
    comparer.add('target', view('t1', 'pi_1', '10', 'USD', 'authorized'));
    comparer.add('source', view('pi_2', 'pi_2', '5', 'USD', 'authorized'));
    comparer.add('target', view('t2', 'pi_2', '5', 'USD', 'authorized'));
    comparer.add('target', view('t9', 'pi_9', '7', 'USD', 'authorized')); // orphan: its own group
    comparer.add('source', view('pi_3', 'pi_3', '3', 'USD', 'captured'));
    comparer.add('target', view('t3', 'pi_3', '3', 'EUR', 'captured')); // another currency
    const findings = await comparer.finish();
    const groups = comparer.totals.results(tolerance);
    const status = findings.find((f) => f.category === 'status')!;
    const captured = groups.find((g) => g.label === 'USD · captured · 2026-10')!;
    expect(status.group).toBe(captured.label);
    // Both records of the mismatch sit in the source's group: its count and sum agree.
    expect(captured.source.count).toBe(2);
    expect(captured.target.count).toBe(1);
    expect(groups.find((g) => g.label === 'EUR · captured · 2026-10')!.target.count).toBe(1);
    expect(groups.find((g) => g.label === 'USD · authorized · 2026-10')).toMatchObject({
      source: { count: 1 },
      target: { count: 2 },
      findings: 1,
    });
    const sum = (pick: (g: (typeof groups)[number]) => number) => groups.reduce((n, g) => n + pick(g), 0);
    expect(sum((g) => g.source.count)).toBe(3);
    expect(sum((g) => g.target.count)).toBe(4);
    expect(sum((g) => g.findings)).toBe(findings.length);
    expect(findings.map((f) => [f.category, f.key, f.group])).toEqual([
      ['orphan', 'pi_9', 'USD · authorized · 2026-10'],
      ['status', 'pi_1', 'USD · captured · 2026-10'],
      ['value', 'pi_3', 'USD · captured · 2026-10'],
    ]);
  });
});

describe('agreeing pairs (counted without a finding)', () => {
  it('counts each side in the source record’s group, a record of another currency in its own', async () => {
    // Amount not compared: a pair may agree on every compared field and still differ in currency.
    const unpriced = { ...plan, compared: plan.compared.filter((f) => f.name !== 'amount') };
    const comparer = new RecordComparer(unpriced, tolerance, { partitions: 2 });
    comparer.add('source', view('pi_1', 'pi_1', '10', 'USD', 'captured'));
    comparer.add('target', view('t1', 'pi_1', '12', 'USD', 'captured'));
    comparer.add('source', view('pi_2', 'pi_2', '3', 'USD', 'captured'));
    comparer.add('target', view('t2', 'pi_2', '3', 'EUR', 'captured'));
    expect(await comparer.finish()).toEqual([]);
    const groups = comparer.totals.results(tolerance);
    expect(
      groups.map((g) => [g.label, g.source.count, g.target.count, g.source.sums, g.target.sums]),
    ).toEqual([
      ['EUR · captured · 2026-10', 0, 1, { amount: '0' }, { amount: '3' }],
      ['USD · captured · 2026-10', 2, 1, { amount: '13' }, { amount: '12' }],
    ]);
  });
});
