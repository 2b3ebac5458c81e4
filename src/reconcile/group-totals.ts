/**
 * Counts and money totals per group on each side (memory grows with the number of groups, never
 * with the number of records).
 *
 * A group is the rule's `groupBy` values: `currency` (of the first summed money field), `period`
 * (the month of `periodField`, `2026-10`), or any canonical field (`status`, `subsidiary`). When a
 * rule sums money without grouping by currency, currency is added anyway: a total across
 * currencies means nothing.
 *
 * Which group a record counts in is decided once per match key, when the two sides are paired
 * (record-comparer.ts): the group of the key's source record, so a status mismatch (captured in
 * Stripe, authorised in NetSuite) is one record-level finding in one group instead of a count
 * missing from one group and extra in another, and the groups' counts and findings add up to the
 * overall totals. Exceptions: a key with no source record (an orphan) uses its target record's
 * group; a record whose currency differs from that group's stays in a group of its own currency
 * (money is never summed across currencies; the currency difference is a `value` finding).
 *
 * @example
 *   const totals = new GroupTotals(plan);
 *   totals.addRecord('source', ['USD', 'captured'], ['10.00']);
 *   totals.results(tolerance); // [{ group: { currency: 'USD', status: 'captured' }, source: { count: 1, … }, … }]
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
  /** Record-level findings of the group's keys (each finding counts in exactly one group). */
  findings: number;
  /** Allowed absolute difference of each sum: the currency's tolerance × records in the group. */
  allowed: string;
  withinTolerance: boolean;
}

interface Accumulator {
  group: Record<string, string>;
  count: [number, number];
  /** Exact sums as bigints at a fixed scale (see decimal-text.ts). */
  sums: Map<string, [bigint, bigint]>;
  findings: number;
}

export class GroupTotals {
  private readonly groups = new Map<string, Accumulator>();
  private readonly tree = new Map<string, unknown>();
  /** The group dimensions, in the order of every `dims` array. */
  readonly dimensions: readonly string[];

  constructor(private readonly plan: ReconcilePlan) {
    const needsCurrency =
      plan.sums.some((s) => plan.fieldKinds[s] === 'money') && !plan.groupBy.includes('currency');
    this.dimensions = needsCurrency ? ['currency', ...plan.groupBy] : plan.groupBy;
  }

  /** The record's group values, one per {@link dimensions} entry. */
  dimensionValues(view: RecordView): string[] {
    return this.dimensions.map((d) => this.dimensionValue(d, view));
  }

  /** The record's summed values, one per `plan.sums` entry (decimal text, or null). */
  summedValues(view: RecordView): (string | null)[] {
    return this.plan.sums.map((f) => view.money[f]?.amount ?? view.values[f] ?? null);
  }

  /**
   * Counts one record in the group `dims` (one value per dimension) and adds its summed values
   * (`sums[i]` for `plan.sums[i]`, decimal text; null or unreadable ones are not summed).
   */
  addRecord(role: SideRole, dims: readonly string[], sums: readonly (string | null)[]): void {
    const acc = this.accumulator(dims);
    const i = role === 'source' ? 0 : 1;
    acc.count[i] += 1;
    const fields = this.plan.sums;
    for (let f = 0; f < fields.length; f++) {
      const text = sums[f] ?? null;
      if (text === null) continue;
      const units = scaledUnits(text);
      // Not a plain decimal (already a value finding) or beyond ten decimals: not summed.
      if (units === undefined) continue;
      let pair = acc.sums.get(fields[f]!);
      if (!pair) {
        pair = [0n, 0n];
        acc.sums.set(fields[f]!, pair);
      }
      pair[i] += units;
    }
  }

  /** Counts a record-level finding in the group `dims`, so groups show where the findings are. */
  addFinding(dims: readonly string[]): void {
    this.accumulator(dims).findings += 1;
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
    const acc = this.accumulator(this.dimensions.map((d) => group[d] ?? ''));
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
      // Emptied by the pushdown moving its suspect records to their keys' groups: not a group.
      if (acc.count[0] === 0 && acc.count[1] === 0 && acc.findings === 0) continue;
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
        label: groupLabel(this.dimensions.map((d) => acc.group[d] ?? '')),
        source: { count: acc.count[0], sums: sums(0) },
        target: { count: acc.count[1], sums: sums(1) },
        difference: { count: acc.count[0] - acc.count[1], sums: differences },
        findings: acc.findings,
        allowed: formatDecimal(allowed),
        withinTolerance: within,
      });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  /** The group's accumulator, found by its values (through the same tree as addRecord). */
  private accumulator(dims: readonly string[]): Accumulator {
    let level: Map<string, unknown> = this.tree;
    for (let d = 0; d < dims.length; d++) {
      const value = dims[d]!;
      let next = level.get(value);
      if (next === undefined) {
        next = d === dims.length - 1 ? this.newGroup(dims) : new Map<string, unknown>();
        level.set(value, next);
      }
      if (d === dims.length - 1) return next as Accumulator;
      level = next as Map<string, unknown>;
    }
    return this.groups.get('') ?? this.newGroup(dims);
  }

  private newGroup(dims: readonly string[]): Accumulator {
    const group: Record<string, string> = {};
    this.dimensions.forEach((dim, i) => {
      group[dim] = dims[i] ?? '';
    });
    const acc: Accumulator = { group, count: [0, 0], sums: new Map(), findings: 0 };
    this.groups.set(dims.join('\u001f'), acc);
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

/** `USD · 2026-10 · captured`; `—` for an empty value, `all` without dimensions. */
export function groupLabel(dims: readonly string[]): string {
  return dims.map((v) => v || '—').join(' · ') || 'all';
}
