/**
 * Runs a parsed SuiteQL query over the account's rows: WHERE, GROUP BY with aggregates
 * (COUNT, SUM, MIN, MAX — SUM exact in decimal), DISTINCT, ORDER BY. Values come back as REST
 * SuiteQL returns them: every value a string, null columns left out, datetimes in the account's
 * date format (M/D/YYYY — the time is dropped unless you TO_CHAR it).
 * `TO_TIMESTAMP`/`TO_DATE` read their text in the account's time zone.
 *
 * @example
 *   const rows = runSuiteQL(parseSuiteQL(sql), { rowsOf, clock });
 */
import { Decimal } from 'decimal.js';
import type { AccountClock } from './account-clock.ts';
import { formatWith, parseAccountDate, parseWithFormat } from './oracle-date-formats.ts';
import { joinRows } from './suiteql-join.ts';
import { type Expr, type SuiteQLQuery, suiteqlError } from './suiteql-parser.ts';
import type { SqlRow, SqlValue } from './suiteql-tables.ts';

export interface SuiteQLContext {
  rowsOf(table: string): SqlRow[] | undefined;
  clock: AccountClock;
}

const AGGREGATES = new Set(['COUNT', 'SUM', 'MIN', 'MAX']);

function isTs(v: SqlValue): v is { ts: number; date: boolean } {
  return typeof v === 'object' && v !== null && !(v instanceof Decimal) && 'ts' in v;
}

function compare(a: SqlValue, b: SqlValue, clock: AccountClock): number | null {
  if (a === null || b === null) return null;
  if (isTs(a) || isTs(b)) {
    const ta = isTs(a) ? a.ts : parseAccountDate(String(a), clock);
    const tb = isTs(b) ? b.ts : parseAccountDate(String(b), clock);
    if (ta === undefined || tb === undefined)
      throw suiteqlError(`Cannot compare a date with "${String(isTs(a) ? b : a)}".`);
    return Math.sign(ta - tb);
  }
  const numeric = (v: SqlValue) =>
    v instanceof Decimal
      ? v
      : typeof v === 'number'
        ? new Decimal(v)
        : /^-?\d+(\.\d+)?$/.test(String(v))
          ? new Decimal(String(v))
          : undefined;
  const na = numeric(a);
  const nb = numeric(b);
  if (na && nb && (typeof a !== 'string' || typeof b !== 'string')) return na.comparedTo(nb);
  // Text compares case-sensitively, as Oracle (which SuiteQL runs on) does with its default
  // binary collation: `email = 'shared@x.com'` misses `Shared@x.com`. No Help Center page states
  // SuiteQL's case rules (checked: "SuiteQL Limitations and Exceptions", "Query Language
  // Compliance"); the SuiteQL answers in the community wrap both sides in UPPER()/LOWER() for a
  // case-insensitive match, which this evaluator supports.
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function truthy(v: SqlValue): boolean {
  return v === 1 || v === 'T';
}

type Evaluate = (expr: Expr, row: SqlRow, group?: SqlRow[]) => SqlValue;

function makeEvaluator(
  ctx: SuiteQLContext,
  columns: Set<string>,
  alias: string | undefined,
  joined = false,
): Evaluate {
  const { clock } = ctx;
  const evaluate: Evaluate = (expr, row, group) => {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'star':
        throw suiteqlError('"*" is only allowed as the whole select list or in COUNT(*).');
      case 'column': {
        let name = expr.name;
        if (joined) {
          // Joined rows carry qualified (`b.item`) and unambiguous plain names: see suiteql-join.ts.
          if (!columns.has(name)) throw suiteqlError(`Field '${name}' was not found in the joined records.`);
          return row.get(name) ?? null;
        }
        if (name.includes('.')) {
          const [qualifier, column] = name.split('.') as [string, string];
          if (alias !== undefined && qualifier !== alias)
            throw suiteqlError(`Unknown table alias "${qualifier}".`);
          name = column;
        }
        if (!columns.has(name)) throw suiteqlError(`Field '${name}' for record 'this table' was not found.`);
        return row.get(name) ?? null;
      }
      case 'not': {
        const v = evaluate(expr.expr, row, group);
        return v === null ? null : truthy(v) ? 0 : 1;
      }
      case 'isNull': {
        const v = evaluate(expr.expr, row, group);
        return (v === null || v === '') !== expr.negate ? 1 : 0;
      }
      case 'in': {
        const v = evaluate(expr.expr, row, group);
        const found = expr.list.some((e) => compare(v, evaluate(e, row, group), clock) === 0);
        return v === null ? null : found !== expr.negate ? 1 : 0;
      }
      case 'like': {
        const v = evaluate(expr.expr, row, group);
        const p = evaluate(expr.pattern, row, group);
        if (v === null || p === null) return null;
        const re = new RegExp(
          `^${String(p)
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')
            .replace(/_/g, '.')}$`,
          's',
        );
        return re.test(String(v)) !== expr.negate ? 1 : 0;
      }
      case 'between': {
        const v = evaluate(expr.expr, row, group);
        const lo = compare(v, evaluate(expr.low, row, group), clock);
        const hi = compare(v, evaluate(expr.high, row, group), clock);
        if (lo === null || hi === null) return null;
        return (lo >= 0 && hi <= 0) !== expr.negate ? 1 : 0;
      }
      case 'binary':
        return binary(expr, row, group);
      case 'call':
        return call(expr, row, group);
    }
  };
  const binary = (expr: Extract<Expr, { kind: 'binary' }>, row: SqlRow, group?: SqlRow[]): SqlValue => {
    if (expr.op === 'AND' || expr.op === 'OR') {
      const l = evaluate(expr.left, row, group);
      const r = evaluate(expr.right, row, group);
      if (expr.op === 'AND')
        return l !== null && !truthy(l)
          ? 0
          : r !== null && !truthy(r)
            ? 0
            : l === null || r === null
              ? null
              : 1;
      return (l !== null && truthy(l)) || (r !== null && truthy(r)) ? 1 : l === null || r === null ? null : 0;
    }
    const l = evaluate(expr.left, row, group);
    const r = evaluate(expr.right, row, group);
    if (expr.op === '||') return `${l ?? ''}${r ?? ''}`;
    if (['+', '-', '*', '/'].includes(expr.op)) {
      if (l === null || r === null) return null;
      const a = new Decimal(String(l instanceof Decimal ? l : l));
      const b = new Decimal(String(r));
      return expr.op === '+'
        ? a.plus(b)
        : expr.op === '-'
          ? a.minus(b)
          : expr.op === '*'
            ? a.times(b)
            : a.div(b);
    }
    const c = compare(l, r, clock);
    if (c === null) return null;
    const ok = { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[expr.op];
    return ok ? 1 : 0;
  };
  const call = (expr: Extract<Expr, { kind: 'call' }>, row: SqlRow, group?: SqlRow[]): SqlValue => {
    const arg = (i: number) => {
      const a = expr.args[i];
      if (!a) throw suiteqlError(`${expr.name} needs more arguments.`);
      return evaluate(a, row, group);
    };
    if (AGGREGATES.has(expr.name)) {
      if (!group) throw suiteqlError(`${expr.name} is an aggregate; it is not allowed here.`);
      const first = expr.args[0];
      if (expr.name === 'COUNT') {
        return first?.kind === 'star' || !first
          ? group.length
          : group.filter((r) => evaluate(first, r) !== null).length;
      }
      const values = group
        .map((r) => evaluate(first!, r))
        .filter((v): v is Exclude<SqlValue, null> => v !== null);
      if (values.length === 0) return null;
      if (expr.name === 'SUM')
        return values.reduce<Decimal>((sum, v) => sum.plus(new Decimal(String(v))), new Decimal(0));
      return values.reduce((best, v) => {
        const c = compare(v, best, clock) ?? 0;
        return (expr.name === 'MIN' ? c < 0 : c > 0) ? v : best;
      });
    }
    switch (expr.name) {
      case 'TO_TIMESTAMP':
      case 'TO_DATE': {
        const text = arg(0);
        if (text === null) return null;
        const format = expr.args[1] ? String(arg(1)) : 'MM/DD/YYYY';
        return { ts: parseWithFormat(String(text), format, clock), date: expr.name === 'TO_DATE' };
      }
      case 'TO_CHAR': {
        const v = arg(0);
        if (v === null) return null;
        if (isTs(v)) return formatWith(v.ts, expr.args[1] ? String(arg(1)) : 'MM/DD/YYYY', clock);
        return String(v);
      }
      case 'NVL': {
        const v = arg(0);
        return v === null ? arg(1) : v;
      }
      case 'UPPER':
      case 'LOWER': {
        const v = arg(0);
        return v === null ? null : expr.name === 'UPPER' ? String(v).toUpperCase() : String(v).toLowerCase();
      }
      default:
        throw suiteqlError(`Unsupported function ${expr.name}.`);
    }
  };
  return evaluate;
}

function containsAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'call':
      return AGGREGATES.has(expr.name) || expr.args.some(containsAggregate);
    case 'binary':
      return containsAggregate(expr.left) || containsAggregate(expr.right);
    case 'not':
    case 'isNull':
      return containsAggregate(expr.expr);
    default:
      return false;
  }
}

/** Renders a value the way REST SuiteQL returns it: a string, or undefined (column omitted) for null. */
export function renderValue(v: SqlValue, clock: AccountClock): string | undefined {
  if (v === null) return undefined;
  if (isTs(v)) return clock.formatDate(clock.localDate(new Date(v.ts)));
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

/** Evaluates the query; returns rows of rendered values in result order. */
export function runSuiteQL(query: SuiteQLQuery, ctx: SuiteQLContext): Record<string, string>[] {
  const joined = query.joins.length > 0;
  let onEvaluate: Evaluate | undefined;
  const rows = joined
    ? joinRows(query, ctx.rowsOf, (on, row, columns) => {
        onEvaluate ??= makeEvaluator(ctx, columns, undefined, true);
        return truthy(onEvaluate(on, row) ?? 0);
      })
    : ctx.rowsOf(query.table);
  if (!rows) throw suiteqlError(`Record '${query.table}' was not found.`);
  // A shared table (`transaction`, `item`) holds every type's columns: a sales order row has no
  // custbody field that only applies to payments, yet NetSuite accepts that column on the table.
  const columns = new Set<string>();
  for (const row of rows) for (const k of row.keys()) columns.add(k);
  const evaluate = makeEvaluator(ctx, columns, query.alias, joined);
  const filtered = query.where ? rows.filter((r) => truthy(evaluate(query.where!, r) ?? 0)) : rows;
  const star = query.select.length === 1 && query.select[0]!.expr.kind === 'star';
  const names = query.select.map(
    (s, i) => s.alias ?? (s.expr.kind === 'column' ? s.expr.name.split('.').pop()! : `expr${i + 1}`),
  );
  const aggregated = query.groupBy.length > 0 || query.select.some((s) => containsAggregate(s.expr));
  type Out = { values: SqlValue[]; sortRow: SqlRow; group: SqlRow[] | undefined };
  let out: Out[];
  if (star) {
    out = filtered.map((r) => ({ values: [...r.values()], sortRow: r, group: undefined }));
  } else if (aggregated) {
    const groups = new Map<string, SqlRow[]>();
    for (const r of filtered) {
      const key = JSON.stringify(query.groupBy.map((g) => renderValue(evaluate(g, r), ctx.clock) ?? null));
      const list = groups.get(key) ?? [];
      list.push(r);
      groups.set(key, list);
    }
    if (query.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
    out = [...groups.values()].map((group) => ({
      values: query.select.map((s) => evaluate(s.expr, group[0] ?? new Map(), group)),
      sortRow: group[0] ?? new Map(),
      group,
    }));
  } else {
    out = filtered.map((r) => ({
      values: query.select.map((s) => evaluate(s.expr, r)),
      sortRow: r,
      group: undefined,
    }));
  }
  if (query.orderBy.length > 0) {
    const keyOf = (o: Out, expr: Expr): SqlValue => {
      if (expr.kind === 'column') {
        const i = names.indexOf(expr.name);
        if (i >= 0 && !star) return o.values[i] ?? null;
      }
      if (expr.kind === 'literal' && typeof expr.value === 'number') return o.values[expr.value - 1] ?? null;
      return evaluate(expr, o.sortRow, o.group);
    };
    out.sort((a, b) => {
      for (const { expr, desc } of query.orderBy) {
        const ka = keyOf(a, expr);
        const kb = keyOf(b, expr);
        // Oracle sorts NULLs last ascending, first descending.
        const c =
          ka === null && kb === null
            ? 0
            : ka === null
              ? 1
              : kb === null
                ? -1
                : (compare(ka, kb, ctx.clock) ?? 0);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  const header = star ? [...(rows[0]?.keys() ?? [])] : names;
  let rendered = out.map((o) => {
    const item: Record<string, string> = {};
    o.values.forEach((v, i) => {
      const text = renderValue(v, ctx.clock);
      if (text !== undefined) item[header[i]!] = text;
    });
    return item;
  });
  if (query.distinct) {
    const seen = new Set<string>();
    rendered = rendered.filter((r) => {
      const k = JSON.stringify(r);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return rendered;
}
