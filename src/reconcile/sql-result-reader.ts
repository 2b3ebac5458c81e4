/**
 * Reads the result of a comparison pushed down into SQL (see sql-comparer.ts) into the same
 * {@link GroupTotals} and {@link RecordComparer} the hash-bucket path feeds: totals rows become
 * group counts and sums, and each suspect row becomes a record seen through the very same viewer,
 * so findings, categories and wording are identical by construction.
 *
 * The result's rows, every column as text, are told apart by `accord_side`: `totals` (agreeing
 * pairs over the join, in the source record's group), `totals:source` / `totals:target` (a side's
 * records in their own groups), and `source` / `target` (a suspect record: the table's columns,
 * and with per-side totals its own group and summed values, see sql-totals.ts).
 *
 * @example
 *   readPushdownRows(rows, { plan, s, t, totals: sqlTotals }, comparer, groupTotals, read);
 */
import { KEY } from '../connectors/warehouse/table-layout.ts';
import { decodeFields, isoInstant } from '../connectors/warehouse/value-codec.ts';
import type { Row } from '../connectors/warehouse/warehouse-adapter.ts';
import type { GroupTotals } from './group-totals.ts';
import type { ReconcilePlan, SideRole } from './reconcile-plan.ts';
import type { RecordComparer } from './record-comparer.ts';
import { compileViewer } from './record-view.ts';
import type { SideSql } from './sql-side.ts';
import type { SqlTotals } from './sql-totals.ts';

export interface PushdownResultShape {
  plan: ReconcilePlan;
  s: SideSql;
  t: SideSql;
  totals: SqlTotals;
}

export function readPushdownRows(
  rows: readonly Row[],
  shape: PushdownResultShape,
  comparer: RecordComparer,
  totals: GroupTotals,
  read: Record<SideRole, number>,
): void {
  const { plan, s, t } = shape;
  const { dims, perSide } = shape.totals;
  const views = {
    source: compileViewer(plan, s.side),
    target: compileViewer(plan, t.side),
  };
  const groupOf = (row: Row) =>
    Object.fromEntries(
      dims.map((d, i) => {
        const value = row[`accord_d${i}`] ?? '';
        return [d, d === 'period' ? value.slice(0, 7) : value];
      }),
    );
  const sumsOf = (row: Row, role: SideRole, negate = false) =>
    Object.fromEntries(
      plan.sums.map((f, i) => {
        const value = row[`${role === 'source' ? 'accord_ss' : 'accord_ts'}${i}`] ?? null;
        return [f, value === null || !negate ? value : value.startsWith('-') ? value.slice(1) : `-${value}`];
      }),
    );
  for (const row of rows) {
    if (row.accord_side === 'totals') {
      // Agreeing pairs: one record on each side, in the source record's group.
      const count = Number(row.accord_n ?? '0');
      for (const role of ['source', 'target'] as const) {
        totals.addTotals(role, groupOf(row), count, sumsOf(row, role));
        read[role] += count;
      }
      continue;
    }
    if (row.accord_side === 'totals:source' || row.accord_side === 'totals:target') {
      // Every record of one side, in its own group.
      const role = row.accord_side === 'totals:source' ? 'source' : 'target';
      const count = Number(row.accord_n ?? '0');
      totals.addTotals(role, groupOf(row), count, sumsOf(row, role));
      read[role] += count;
      continue;
    }
    const side = row.accord_side === 'source' ? s : t;
    const key = row[KEY]!;
    const record = {
      objectType: side.side.objectType,
      id: key,
      externalId: key,
      modifiedAt: isoInstant(row._accord_modified_at!),
      fields: decodeFields(side.table.layout, row),
    };
    const role = side.side.role;
    // The comparer counts suspect records in their key's group, as on the hash-bucket path;
    // with per-side totals the record was already counted (and read) in its own group: moved.
    if (perSide) totals.addTotals(role, groupOf(row), -1, sumsOf(row, role, true));
    else read[role] += 1;
    comparer.add(role, views[role](record));
  }
}
