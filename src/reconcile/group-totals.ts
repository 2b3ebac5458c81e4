/**
 * Counts and money totals per group on each side, accumulated record by record as the systems are
 * read (memory grows with the number of groups, never with the number of records).
 *
 * A group is the rule's `groupBy` values: `currency` (of the first summed money field), `period`
 * (the month of `periodField`, `2026-10`), or any canonical field (`status`, `subsidiary`). When a
 * rule sums money without grouping by currency, currency is added anyway: a total across
 * currencies means nothing.
 *
 * @example
 *   const totals = new GroupTotals(plan);
 *   totals.add('source', view);
 *   totals.results(tolerance); // [{ group: { currency: 'USD' }, source: { count: 3, sums: { amount: '30' } }, … }]
 */
import { formatDecimal, parseDecimal } from '../model/decimal.ts';
import { fromScaledUnits, scaledUnits } from './decimal-text.ts';
import type { ReconcilePlan, SideRole } from './reconcile-plan.ts';
import type { RecordView } from './record-view.ts';
import type { Tolerance } from './tolerance.ts';

export interface SideTotals {
  count: number;
  sums: Record<string, string>;
}

export interface GroupResult {
  /** Dimension → value (`''` when the record had none). */
  group: Record<string, string>;
  /** A stable label: `USD · 2026-10 · paid`. */
  label: string;
  source: SideTotals;
  target: SideTotals;
  /** source − target, per summed field. */
  difference: { count: number; sums: Record<string, string> };
  /** Allowed absolute difference of each sum: the currency's tolerance × records in the group. */
  allowed: string;
  withinTolerance: boolean;
}

interface Accumulator {
  group: Record<string, string>;
  count: [number, number];
  /** Exact sums as bigints at a fixed scale (see decimal-text.ts). */
  sums: Map<string, [bigint, bigint]>;
}

export class GroupTotals {
  private readonly groups = new Map<string, Accumulator>();
  private readonly tree = new Map<string, unknown>();
  private readonly dimensions: readonly string[];

  constructor(private readonly plan: ReconcilePlan) {
    const needsCurrency =
      plan.sums.some((s) => plan.fieldKinds[s] === 'money') && !plan.groupBy.includes('currency');
    this.dimensions = needsCurrency ? ['currency', ...plan.groupBy] : plan.groupBy;
  }

  add(role: SideRole, view: RecordView): void {
    // One Map level per dimension, so finding a record's group builds no string.
    let level: Map<string, unknown> = this.tree;
    let acc: Accumulator | undefined;
    const dims = this.dimensions;
    for (let d = 0; d < dims.length; d++) {
      const value = this.dimensionValue(dims[d]!, view);
      let next = level.get(value);
      if (next === undefined) {
        next = d === dims.length - 1 ? this.newGroup(view) : new Map<string, unknown>();
        level.set(value, next);
      }
      if (d === dims.length - 1) acc = next as Accumulator;
      else level = next as Map<string, unknown>;
    }
    if (acc === undefined) {
      acc = this.groups.get('') ?? this.newGroup(view);
    }
    const i = role === 'source' ? 0 : 1;
    acc.count[i] += 1;
    for (const field of this.plan.sums) {
      const text = view.money[field]?.amount ?? view.values[field] ?? null;
      if (text === null) continue;
      const units = scaledUnits(text);
      // Not a plain decimal (already a value finding) or beyond ten decimals: not summed.
      if (units === undefined) continue;
      let pair = acc.sums.get(field);
      if (!pair) {
        pair = [0n, 0n];
        acc.sums.set(field, pair);
      }
      pair[i] += units;
    }
  }

  /**
   * Adds a group's count and sums computed elsewhere (the SQL pushdown's GROUP BY): `group` holds
   * every dimension's value, `sums` decimal texts (`null` when nothing was summed).
   */
  addTotals(
    role: SideRole,
    group: Readonly<Record<string, string>>,
    count: number,
    sums: Readonly<Record<string, string | null>>,
  ): void {
    const id = this.dimensions.map((d) => group[d] ?? '').join('\u001f');
    let acc = this.groups.get(id);
    if (!acc) {
      acc = {
        group: Object.fromEntries(this.dimensions.map((d) => [d, group[d] ?? ''])),
        count: [0, 0],
        sums: new Map(),
      };
      this.groups.set(id, acc);
    }
    const i = role === 'source' ? 0 : 1;
    acc.count[i] += count;
    for (const field of this.plan.sums) {
      const text = sums[field] ?? null;
      const units = text === null ? undefined : scaledUnits(text);
      if (units === undefined) continue;
      let pair = acc.sums.get(field);
      if (!pair) {
        pair = [0n, 0n];
        acc.sums.set(field, pair);
      }
      pair[i] += units;
    }
  }

  results(tolerance: Tolerance): GroupResult[] {
    const out: GroupResult[] = [];
    for (const acc of this.groups.values()) {
      const currency = acc.group.currency ?? '';
      const records = Math.max(acc.count[0], acc.count[1]);
      const allowed = tolerance.of(currency).times(records);
      const sums = (i: 0 | 1) =>
        Object.fromEntries(this.plan.sums.map((f) => [f, fromScaledUnits(acc.sums.get(f)?.[i] ?? 0n)]));
      const differences: Record<string, string> = {};
      let within = !this.plan.rule.count || acc.count[0] === acc.count[1];
      for (const field of this.plan.sums) {
        const pair = acc.sums.get(field) ?? [0n, 0n];
        const diff = fromScaledUnits(pair[0] - pair[1]);
        differences[field] = diff;
        if (parseDecimal(diff).abs().gt(allowed)) within = false;
      }
      out.push({
        group: acc.group,
        label: this.dimensions.map((d) => acc.group[d] || '—').join(' · ') || 'all',
        source: { count: acc.count[0], sums: sums(0) },
        target: { count: acc.count[1], sums: sums(1) },
        difference: { count: acc.count[0] - acc.count[1], sums: differences },
        allowed: formatDecimal(allowed),
        withinTolerance: within,
      });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  private newGroup(view: RecordView): Accumulator {
    const group: Record<string, string> = {};
    for (const dim of this.dimensions) group[dim] = this.dimensionValue(dim, view);
    const acc: Accumulator = { group, count: [0, 0], sums: new Map() };
    this.groups.set(this.dimensions.map((d) => group[d]).join('\u001f'), acc);
    return acc;
  }

  private dimensionValue(dim: string, view: RecordView): string {
    if (dim === 'currency') {
      for (const field of this.plan.sums) {
        const money = view.money[field];
        if (money) return money.currency;
      }
      return '';
    }
    if (dim === 'period') {
      const value = this.plan.periodField ? view.values[this.plan.periodField] : null;
      return value ? value.slice(0, 7) : '';
    }
    const value = view.values[dim];
    return value ?? '';
  }
}
