/**
 * Reconciliation against real parts — the Stripe simulator over HTTP and a DuckDB lake — with
 * disagreements planted by a seeded fixture: it finds every planted one and nothing else, at
 * several seeds and sizes, including KWD amounts half a fils apart and JPY amounts (both agree).
 */
import { describe, expect, it } from 'vitest';
import type { ReconcileFinding } from '../../src/reconcile/finding.ts';
import { linkHintFrom, reconcile } from '../../src/reconcile/reconcile.ts';
import { planReconciliation } from '../../src/reconcile/reconcile-plan.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { buildPaymentsFixture, type Planted } from './payments-fixture.ts';

const signature = (f: Pick<ReconcileFinding, 'category' | 'key' | 'field'> | Planted) =>
  `${f.category}|${f.key ?? ''}|${f.field ?? ''}`;

describe('reconcile: Stripe payments against a DuckDB lake', () => {
  for (const [seed, payments] of [
    [3, 40],
    [17, 90],
  ] as const) {
    it(`finds exactly the planted disagreements (seed ${seed}, ${payments} payments)`, async () => {
      const fixture = await buildPaymentsFixture({ seed, payments });
      try {
        const plan = planReconciliation(fixture.contract, 'payments-daily');
        // Small buckets and a tiny memory budget, so the spill path is what is tested.
        const result = await reconcile({
          plan,
          connectors: fixture.connectors,
          pageSize: 25,
          comparer: { partitions: 8, memoryBytes: 2_000 },
        });
        expect(result.findings.map(signature).sort()).toEqual(fixture.planted.map(signature).sort());
        expect(result.agree).toBe(false);
        expect(result.method).toMatch(/spilled/);
        expect(result.summary).toMatch(/DO NOT agree/);
        const value = result.findings.find((f) => f.category === 'value')!;
        expect(value.source.id).toBe(value.key);
        expect(value.target.id).toBe(`stripe:${value.key}`);
        expect(value.source.value).not.toBe(value.target.value);
      } finally {
        await fixture.close();
      }
    });
  }

  it('says the books agree when nothing was planted (KWD within tolerance, JPY exact)', async () => {
    const fixture = await buildPaymentsFixture({ seed: 5, payments: 24, plant: false });
    try {
      const result = await reconcile({
        plan: planReconciliation(fixture.contract, 'payments-daily'),
        connectors: fixture.connectors,
      });
      expect(result.findings).toEqual([]);
      expect(result.agree).toBe(true);
      expect(result.summary).toMatch(/the books agree — 24 stripe vs 24 lake/);
      const kwd = result.groups.filter((g) => g.group.currency === 'KWD');
      expect(kwd.length).toBeGreaterThan(0);
      // The lake's KWD totals differ (half a fils per record) yet sit inside the tolerance.
      expect(kwd.some((g) => g.difference.sums.amount !== '0')).toBe(true);
      expect(kwd.every((g) => g.withinTolerance)).toBe(true);
      const jpy = result.groups.filter((g) => g.group.currency === 'JPY');
      expect(jpy.every((g) => g.difference.sums.amount === '0' && !g.source.sums.amount!.includes('.'))).toBe(
        true,
      );
    } finally {
      await fixture.close();
    }
  });

  it('limits a run to one month with --period', async () => {
    const fixture = await buildPaymentsFixture({ seed: 9, payments: 12, plant: false });
    try {
      const plan = planReconciliation(fixture.contract, 'payments-daily');
      const result = await reconcile({ plan, connectors: fixture.connectors, period: '2026-11' });
      expect(result.source.records).toBe(fixture.perMonth['2026-11']);
      expect(result.target.records).toBe(fixture.perMonth['2026-11']);
      expect(result.groups.every((g) => g.group.period === '2026-11')).toBe(true);
    } finally {
      await fixture.close();
    }
  });
});

describe('reconcile --use-links: the engine links as an opt-in hint', () => {
  it('pairs by link; a target record without a link has nothing to pair with', async () => {
    const fixture = await buildPaymentsFixture({ seed: 13, payments: 8, plant: false });
    const store = await openSqliteStore(':memory:');
    try {
      const plan = planReconciliation(fixture.contract, 'payments-daily');
      const lakeIds: string[] = [];
      for await (const page of fixture.connectors.lake!.scan({ objectType: 'payment' })) {
        for (const r of page) lakeIds.push(r.id);
      }
      const [unlinked, ...linked] = lakeIds.sort();
      for (const id of linked) {
        await store.links.put({
          entity: 'payment',
          flow: 'payments-to-lake',
          a: { system: 'stripe', id: id.replace(/^stripe:/, '') },
          b: { system: 'lake', id },
          matchedBy: 'externalId',
        });
      }
      const result = await reconcile({
        plan,
        connectors: fixture.connectors,
        links: linkHintFrom(store.links, plan),
      });
      expect(result.key).toBe('engine links');
      expect(
        result.findings.map((f) => `${f.category}|${f.source.id ?? ''}|${f.target.id ?? ''}`).sort(),
      ).toEqual([`missing|${unlinked!.replace(/^stripe:/, '')}|`, `orphan||${unlinked}`]);
    } finally {
      await store.close();
      await fixture.close();
    }
  });
});
