/**
 * One side of a comparison pushed down into SQL (see sql-comparer.ts): the SQL expression of each
 * viewed field's canonical value over the side's table, of its match key and the key's hash, and
 * the side's rows in scope. Only mappings SQL evaluates exactly as the record viewer does
 * (record-view.ts) get a side; anything else gives undefined and the rule is compared in hash
 * buckets.
 *
 * @example
 *   const side = sideSql(plan, plan.source, table);
 *   if (side) side.value.amount; // `"amount"`, the DECIMAL column
 */
import { ident, KEY } from '../connectors/warehouse/table-layout.ts';
import type { PushdownTable } from '../connectors/warehouse/warehouse-connector.ts';
import { DEFAULT_EXTERNAL_ID_SCHEME, type ReconcilePlan, type SidePlan } from './reconcile-plan.ts';
import { viewedFields } from './record-view.ts';

/** A SQL string literal. */
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Where a side's per-field values are: its keyed CTE's columns (`s.v_amount`) or raw expressions. */
export interface Columns {
  value(field: string): string;
  currency(field: string): string;
}

export const aliased = (alias: 's' | 't'): Columns => ({
  value: (f) => `${alias}.${ident(`v_${f}`)}`,
  currency: (f) => `${alias}.${ident(`c_${f}`)}`,
});

export interface SideSql {
  side: SidePlan;
  table: PushdownTable;
  /** Canonical text (or DECIMAL for money) expression per viewed field. */
  value: Record<string, string>;
  /** Upper-cased currency expression per money field. */
  currency: Record<string, string>;
  /** The column behind each viewed field (money: its amount column). */
  column: Record<string, string>;
  key: string;
}

/** The side's own expressions, as {@link Columns}. */
export const rawColumns = (side: SideSql): Columns => ({
  value: (f) => side.value[f]!,
  currency: (f) => side.currency[f]!,
});

export function sideSql(plan: ReconcilePlan, side: SidePlan, table: PushdownTable): SideSql | undefined {
  const text = table.textType;
  const value: Record<string, string> = {};
  const currency: Record<string, string> = {};
  const columnOf: Record<string, string> = {};
  for (const name of viewedFields(plan)) {
    const mapping = side.mapping.fields[name];
    if (!mapping) return undefined;
    if (mapping.transforms.length > 0) return undefined;
    const kind = plan.fieldKinds[name];
    const field =
      kind === 'money' && mapping.path.endsWith('.amount') ? mapping.path.slice(0, -7) : mapping.path;
    const column = table.layout.fieldColumns.find((c) => c.field === field && c.part !== 'currency');
    if (!column) return undefined;
    columnOf[name] = column.column;
    // Text columns are compared as they are, dates as DATE: a cast per row of a million costs.
    const raw =
      column.sqlKind === 'text'
        ? `NULLIF(${ident(column.column)}, '')`
        : `NULLIF(CAST(${ident(column.column)} AS ${text}), '')`;
    switch (kind) {
      case 'money': {
        if (column.kind !== 'money') return undefined;
        if (mapping.currencyPath !== undefined && mapping.currencyPath !== `${field}.currency`)
          return undefined;
        value[name] = ident(column.column);
        currency[name] = `upper(trim(CAST(${ident(`${column.column}_currency`)} AS ${text})))`;
        break;
      }
      case 'decimal':
        if (column.kind !== 'decimal') return undefined;
        value[name] = ident(column.column);
        break;
      case 'email':
        value[name] = `lower(trim(${raw}))`;
        break;
      case 'date':
        value[name] = column.sqlKind === 'date' ? ident(column.column) : `left(${raw}, 10)`;
        break;
      case 'enum':
        value[name] = mapping.enumMap
          ? `CASE ${raw} ${Object.entries(mapping.enumMap)
              .map(([from, to]) => `WHEN ${lit(from)} THEN ${lit(to)}`)
              .join(' ')} ELSE '?' || ${raw} END`
          : raw;
        break;
      case 'string':
      case 'integer':
      case 'boolean':
        value[name] = raw;
        break;
      default:
        return undefined; // datetime, reference: their texts differ between the two read paths
    }
  }
  const key = plan.key;
  let keyExpr: string;
  if (key.kind === 'external-id') {
    if (side.mapping.externalIdPath !== undefined) return undefined;
    // The source's external id is `<system>:<id>` only under the default scheme.
    if (side.role === 'source' && plan.externalId !== DEFAULT_EXTERNAL_ID_SCHEME) return undefined;
    keyExpr = side.role === 'source' ? `${lit(`${side.system}:`)} || ${ident(KEY)}` : ident(KEY);
  } else {
    if (key.normalise.length > 0) return undefined;
    const parts: string[] = [];
    for (const f of key.fields) {
      const kind = plan.fieldKinds[f];
      if (kind === 'money' || kind === 'decimal' || kind === 'integer') return undefined;
      const mapping = side.mapping.fields[f];
      if (!mapping || mapping.transforms.length > 0) return undefined;
      const expr = value[f];
      if (expr !== undefined) parts.push(`CAST(${expr} AS ${text})`);
      else return undefined;
    }
    keyExpr =
      parts.length === 1
        ? parts[0]!
        : `CASE WHEN ${parts.map((p) => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE ${parts.join(` || chr(31) || `)} END`;
  }
  return { side, table, value, currency, column: columnOf, key: keyExpr };
}

/** The side's rows in scope: current versions and, with a period, in that month. */
export function sideScope(plan: ReconcilePlan, side: SideSql, period: string | undefined): string {
  const inPeriod =
    period === undefined || !plan.periodField
      ? ''
      : ` AND starts_with(coalesce(CAST(${side.value[plan.periodField]} AS ${side.table.textType}), ''), ${lit(period)})`;
  return `${side.table.table} WHERE ${side.table.current}${inPeriod}`;
}

/**
 * The hash of the side's key, NULL for no key: DuckDB's `hash(NULL)` is a constant, which would
 * join every keyless record of one side with every keyless record of the other.
 */
function joinedKeyHash(side: SideSql): string {
  return `CASE WHEN ${side.key} IS NULL THEN NULL ELSE ${side.table.keyHash(side.key)} END`;
}

/** A row's key hash as the suspect hashes hold it: 0 for no key (so keyless rows are fetched too). */
export function fetchedKeyHash(side: SideSql): string {
  return `CASE WHEN ${side.key} IS NULL THEN 0 ELSE ${side.table.keyHash(side.key)} END`;
}

/**
 * The side's rows in scope as the join reads them: key, its hash, (with `withId`) the table key,
 * and every viewed field's value (money: + currency).
 */
export function keyedSql(plan: ReconcilePlan, side: SideSql, scope: string, withId: boolean): string {
  const cols = [
    `${side.key} AS k`,
    `${joinedKeyHash(side)} AS h`,
    ...(withId ? [`${ident(KEY)} AS id`] : []),
    ...viewedFields(plan).flatMap((f) => [
      `${side.value[f]} AS ${ident(`v_${f}`)}`,
      ...(plan.fieldKinds[f] === 'money' ? [`${side.currency[f]} AS ${ident(`c_${f}`)}`] : []),
    ]),
  ];
  return `SELECT ${cols.join(', ')} FROM ${scope}`;
}
