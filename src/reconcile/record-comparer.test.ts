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
