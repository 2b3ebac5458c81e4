/**
 * FROM … JOIN … ON for the SuiteQL evaluator: the joined tables' rows become one row per
 * combination, each column under its qualified name (`b.item`, `item.itemid`) and, where no
 * earlier table has a column of that name, unqualified too — so `SELECT itemid FROM
 * InventoryBalance b JOIN item i ON i.id = b.item` and `SELECT i.itemid …` both work.
 *
 * Why a hash join for `a.x = b.y`: the nested loop evaluates the condition rows × rows times;
 * the sandbox's balances × items × locations at scale 100,000 would be ~10^9 evaluations.
 *
 * @example
 *   const rows = joinRows(query, rowsOf, (on, row, columns) => truthy(evaluate(on, row, columns)));
 */
import type { Expr, SuiteQLQuery } from './suiteql-parser.ts';
import { suiteqlError } from './suiteql-parser.ts';
import type { SqlRow, SqlValue } from './suiteql-tables.ts';

export type JoinCondition = (on: Expr, row: SqlRow, columns: Set<string>) => boolean;

function qualified(
  rows: SqlRow[],
  qualifier: string,
  taken: Set<string>,
): { rows: SqlRow[]; columns: string[] } {
  const columns = new Set<string>();
  for (const row of rows) for (const k of row.keys()) columns.add(k);
  const out = rows.map((row) => {
    const q: SqlRow = new Map();
    for (const column of columns) {
      const value = row.get(column) ?? null;
      q.set(`${qualifier}.${column}`, value);
      if (!taken.has(column)) q.set(column, value);
    }
    return q;
  });
  return { rows: out, columns: [...columns] };
}

/** `x.a = y.b` where one side is a column of the joined table: the two key columns. */
function equiJoin(on: Expr, qualifier: string): { left: string; right: string } | undefined {
  if (on.kind !== 'binary' || on.op !== '=' || on.left.kind !== 'column' || on.right.kind !== 'column')
    return undefined;
  const a = on.left.name;
  const b = on.right.name;
  if (b.startsWith(`${qualifier}.`) && !a.startsWith(`${qualifier}.`)) return { left: a, right: b };
  if (a.startsWith(`${qualifier}.`) && !b.startsWith(`${qualifier}.`)) return { left: b, right: a };
  return undefined;
}

const keyOf = (v: SqlValue): string | undefined => (v === null ? undefined : String(v));

/** The rows of `query.table` joined with every `query.joins` table, in order. */
export function joinRows(
  query: SuiteQLQuery,
  rowsOf: (table: string) => SqlRow[] | undefined,
  matches: JoinCondition,
): SqlRow[] {
  const base = rowsOf(query.table);
  if (!base) throw suiteqlError(`Record '${query.table}' was not found.`);
  const taken = new Set<string>();
  const first = qualified(base, query.alias ?? query.table, taken);
  for (const c of first.columns) taken.add(c);
  let rows = first.rows;
  const columns = new Set(rows.flatMap((r) => [...r.keys()]));
  for (const join of query.joins) {
    const qualifier = join.alias ?? join.table;
    const raw = rowsOf(join.table);
    if (!raw) throw suiteqlError(`Record '${join.table}' was not found.`);
    const right = qualified(raw, qualifier, taken);
    for (const c of right.columns) taken.add(c);
    const empty: SqlRow = new Map();
    for (const c of right.columns) {
      empty.set(`${qualifier}.${c}`, null);
      columns.add(`${qualifier}.${c}`);
    }
    for (const r of right.rows) for (const k of r.keys()) columns.add(k);
    for (const k of empty.keys()) if (!columns.has(k)) columns.add(k);
    const equi = equiJoin(join.on, qualifier);
    const index = new Map<string, SqlRow[]>();
    if (equi) {
      for (const r of right.rows) {
        const k = keyOf(r.get(equi.right) ?? null);
        if (k !== undefined) index.set(k, [...(index.get(k) ?? []), r]);
      }
    }
    const next: SqlRow[] = [];
    for (const left of rows) {
      const candidates = equi
        ? (index.get(keyOf(left.get(equi.left) ?? null) ?? '\u0000') ?? [])
        : right.rows;
      let found = false;
      for (const candidate of candidates) {
        const merged: SqlRow = new Map([...candidate, ...left]);
        if (equi || matches(join.on, merged, columns)) {
          next.push(merged);
          found = true;
        }
      }
      if (!found && join.outer) {
        const unmatched: SqlRow = new Map(left);
        for (const c of right.columns) {
          unmatched.set(`${qualifier}.${c}`, null);
          if (!unmatched.has(c)) unmatched.set(c, null);
        }
        next.push(unmatched);
      }
    }
    rows = next;
  }
  return rows;
}
