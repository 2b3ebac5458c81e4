/**
 * The comparison pushed down into SQL, for a rule whose two sides are tables of ONE database
 * (two tables in one DuckDB file, or one PostgreSQL database): the database runs the keyed full
 * outer join, the per-currency tolerance, the duplicate check and the group totals, and sends
 * back only the rows of keys that may differ. Those rows go through the very same viewer and
 * {@link RecordComparer} as the hash-bucket path (sql-result-reader.ts), so findings, categories
 * and wording are identical by construction; SQL only decides which keys are worth looking at (a
 * superset: a key SQL passes is one the hash path would pass too — equal column texts give equal
 * canonical values, and a money difference within tolerance in DECIMAL is within it in Decimal).
 *
 * Why: paging 2 × 1M rows out of DuckDB into JS hash buckets measured ~30× a plain DuckDB full
 * outer join (9.6 s vs 0.32 s); the engine that holds both tables joins them without moving
 * them. The query is one statement (see {@link SqlPushdown.passSql}): both sides keyed (sql-side.ts)
 * and joined on the 64-bit hash of their key, the group totals (sql-totals.ts), and the rows of
 * the suspect keys fetched back by their key's hash.
 *
 * What it costs beyond the plain join (`npm run bench -- reconcile`, 1,000,000 vs 1,000,200 rows,
 * two tables of one DuckDB file opened read-only, threads = 2 = cores, best of five in turn with
 * the plain join, three bench runs at load 3.2-4.7): 0.32-0.51 s (CPU 0.57-0.59 s) against the
 * plain join's 0.22-0.41 s (CPU 0.39-0.49 s) on preloaded in-memory tables, 1.25-1.44× (five
 * earlier runs, before the DuckDB adapter read results by column: 1.33-1.76×; 2.07× at load 0.9
 * before the suspects came from one aggregate). What the plain join does not do:
 * the source side's duplicate check, the enum maps, the fetch-back of the suspect rows (two more
 * scans, ~15% of the CPU in DuckDB's profile), the totals in the key's group. Tried and
 * measured slower: grouping each side by key before the join (min() of every column, +20% CPU),
 * one aggregate over both sides' UNION ALL (+60%), the joined table materialised for totals
 * (+5%), suspect rows' columns carried through the join instead of fetched back (same), the keyed
 * sides materialised (same), the join's narrow output materialised to fetch suspects back by rowid
 * (same CPU), one GROUPING SETS scan per table for both its totals and its suspect rows (same), the
 * suspect keys' texts or a literal IN list instead of their hashes for the fetch-back (DuckDB still
 * reads every row: same). Joining on the hash instead of the text key took ~10% off.
 *
 * Only mappings SQL can evaluate exactly are pushed down: plain column paths (money as
 * `x.amount` + `x.currency`), enum maps (a CASE), a field's `normalise` (sql-normalise.ts), no
 * transforms, no key normalisers, no engine link hints. Anything else returns `undefined` from {@link planPushdown} and reconcile() uses
 * the hash buckets. One known edge: an amount carrying more decimals than its currency is
 * compared and summed in SQL as stored, where the hash path reads it through Money.
 *
 * @example
 *   const pushdown = planPushdown(plan, connectors, tolerance, period);
 *   if (pushdown) await pushdown.run(comparer, totals, read);
 */
import type { Connector } from '../connectors/connector.ts';
import { ident, KEY } from '../connectors/warehouse/table-layout.ts';
import type { PushdownTable } from '../connectors/warehouse/warehouse-connector.ts';
import type { GroupTotals } from './group-totals.ts';
import type { ReconcilePlan, SideRole } from './reconcile-plan.ts';
import type { RecordComparer } from './record-comparer.ts';
import { normalisedDiffers } from './sql-normalise.ts';
import { readPushdownRows } from './sql-result-reader.ts';
import { aliased, fetchedKeyHash, keyedSql, lit, type SideSql, sideScope, sideSql } from './sql-side.ts';
import { SqlTotals } from './sql-totals.ts';
import type { Tolerance } from './tolerance.ts';

/** A connector that can hand its table to a pushed-down comparison (the warehouse connector). */
interface PushdownCapable {
  pushdownTable(objectType: string): PushdownTable | undefined;
}
const capable = (c: Connector): c is Connector & PushdownCapable =>
  typeof (c as Partial<PushdownCapable>).pushdownTable === 'function';

export interface Pushdown {
  /** Feeds the comparer with the rows of keys that may differ, and the totals with SQL's group sums. */
  run(
    comparer: RecordComparer,
    totals: GroupTotals,
    read: Record<SideRole, number>,
    signal?: AbortSignal | undefined,
  ): Promise<void>;
}

/** The pushed-down comparison, when both sides can run it in one database; else undefined. */
export function planPushdown(
  plan: ReconcilePlan,
  connectors: Readonly<Record<string, Connector>>,
  tolerance: Tolerance,
  period: string | undefined,
): Pushdown | undefined {
  const s = connectors[plan.source.system];
  const t = connectors[plan.target.system];
  if (!s || !t || !capable(s) || !capable(t)) return undefined;
  const sTable = s.pushdownTable(plan.source.objectType);
  const tTable = t.pushdownTable(plan.target.objectType);
  if (!sTable || !tTable || sTable.database !== tTable.database) return undefined;
  const src = sideSql(plan, plan.source, sTable);
  const tgt = sideSql(plan, plan.target, tTable);
  if (!src || !tgt) return undefined;
  return new SqlPushdown(plan, src, tgt, tolerance, period);
}

class SqlPushdown implements Pushdown {
  private readonly totals: SqlTotals;

  constructor(
    private readonly plan: ReconcilePlan,
    private readonly s: SideSql,
    private readonly t: SideSql,
    private readonly tolerance: Tolerance,
    private readonly period: string | undefined,
  ) {
    this.totals = new SqlTotals(plan, s, t, (side) => this.scope(side));
  }

  /** The side's rows in scope: current versions, in the period. */
  private scope(side: SideSql): string {
    return sideScope(this.plan, side, this.period);
  }

  private differs(): string {
    const parts: string[] = [];
    const key = this.plan.key;
    // The key's own field, alone and not normalised, is equal whenever the keys are (s.k <> t.k).
    const keyField = key.kind !== 'external-id' && key.fields.length === 1 && key.normalise.length === 0;
    for (const field of this.plan.compared) {
      if (keyField && key.fields[0] === field.name) continue;
      const a = `s.${ident(`v_${field.name}`)}`;
      const b = `t.${ident(`v_${field.name}`)}`;
      if (field.kind === 'money') {
        const ca = `s.${ident(`c_${field.name}`)}`;
        const cb = `t.${ident(`c_${field.name}`)}`;
        parts.push(
          `(${a} IS NULL) <> (${b} IS NULL) OR ${ca} IS DISTINCT FROM ${cb} OR abs(${a} - ${b}) > ${this.toleranceCase(ca)}`,
        );
      } else if (field.kind === 'decimal') {
        parts.push(`(${a} IS NULL) <> (${b} IS NULL) OR ${a} <> ${b}`);
      } else if (field.normalise) parts.push(normalisedDiffers(a, b, field.normalise));
      else parts.push(`${a} IS DISTINCT FROM ${b}`);
    }
    return parts.length === 0 ? 'FALSE' : parts.map((p) => `(${p})`).join(' OR ');
  }

  private toleranceCase(currency: string): string {
    const entries = Object.entries(this.plan.rule.tolerance).filter(([c]) => c !== 'default');
    const fallback = this.tolerance.of('\u0000').toFixed();
    if (entries.length === 0) return fallback;
    return `CASE ${currency} ${entries
      .map(([c]) => `WHEN ${lit(c.toUpperCase())} THEN ${this.tolerance.of(c).toFixed()}`)
      .join(' ')} ELSE ${fallback} END`;
  }

  /**
   * Whether a joined pair differs, not counting duplicates: a key on one side only, two keys
   * that differ (a hash collision), a field beyond tolerance, or another currency group.
   */
  private pairDiffers(): string {
    const compared = new Set(this.plan.compared.map((f) => f.name));
    // Equal compared money (amount and currency) means an equal currency group; otherwise check it.
    const currencyChecked =
      !this.totals.dims.includes('currency') ||
      this.plan.sums.every((f) => this.plan.fieldKinds[f] !== 'money' || compared.has(f));
    const currencyOf = (alias: 's' | 't') => this.totals.currencyOf(aliased(alias));
    return [
      's.k IS NULL',
      't.k IS NULL',
      's.k <> t.k',
      `(${this.differs()})`,
      ...(currencyChecked ? [] : [`${currencyOf('s')} <> ${currencyOf('t')}`]),
    ].join(' OR ');
  }

  /**
   * The comparison's CTEs: both sides keyed and joined on the hash of their key. Hashing is exact:
   * any two keys sharing a hash are suspects, decided by the comparer.
   *
   * With per-side totals, `sus` holds the hashes of the suspect keys, from ONE aggregate over the
   * join: a hash met in more than one joined row is held twice on a side (a duplicate, or a
   * collision), and a pair that differs makes its hash suspect. A NULL key counts as hash 0, as in
   * {@link fetchedKeyHash}. Measured against the duplicate check per side below (a GROUP BY of each
   * side's hashes, then the join) in the bench's 1M vs 1M file, paired runs at load 1.3-2.7:
   * 0.58-0.60 s CPU against 0.70-0.86 s (-25%), best wall 0.30 s against 0.37-0.43 s.
   *
   * Otherwise each pair that is not suspect (one record on each side that agree) is totalled right
   * there in the source record's group (GROUP BY with each suspect pair as a group of its own, `g`),
   * so no table is read again for totals; a hash held twice on a side makes its pairs suspect.
   */
  private passSql(): string {
    const differs = this.pairDiffers();
    const withId = !this.totals.perSide;
    const keyed = (side: SideSql) => keyedSql(this.plan, side, this.scope(side), withId);
    const sides = `s AS (${keyed(this.s)}), t AS (${keyed(this.t)}),`;
    if (this.totals.perSide)
      return `${sides}
  sus AS MATERIALIZED (SELECT coalesce(s.h, t.h, 0) AS h FROM s FULL OUTER JOIN t ON s.h = t.h
    GROUP BY 1 HAVING count(*) > 1 OR bool_or(${differs}))`;
    const dup = (alias: string) =>
      `SELECT h FROM ${alias} WHERE h IS NOT NULL GROUP BY h HAVING count(*) > 1`;
    const suspect = `${differs} OR s.h IN (SELECT h FROM dup) OR t.h IN (SELECT h FROM dup)`;
    return `${sides}
  dup AS MATERIALIZED (${dup('s')} UNION ${dup('t')}),
  ${this.totals.joinTotalsCtes(suspect)}`;
  }

  /** The side's rows of suspect keys, every column as text, NULL for the other table's columns. */
  private rowsOf(side: SideSql, columns: readonly string[]): string {
    const own = new Set(side.table.layout.columns.map((c) => c.column));
    const text = side.table.textType;
    const select = columns.map((c) => `CAST(${own.has(c) ? ident(c) : 'NULL'} AS ${text}) AS ${ident(c)}`);
    const ids = side.side.role === 'source' ? 'sid' : 'tid';
    const suspect = this.totals.perSide
      ? `${fetchedKeyHash(side)} IN (SELECT h FROM sus)`
      : `${ident(KEY)} IN (SELECT ${ids} FROM g WHERE ${ids} IS NOT NULL)`;
    const totals = this.totals.suspectRowTotals(side);
    return `SELECT ${[`${lit(side.side.role)} AS accord_side`, ...totals, ...select].join(', ')} FROM ${this.scope(side)} AND ${suspect}`;
  }

  async run(comparer: RecordComparer, totals: GroupTotals, read: Record<SideRole, number>): Promise<void> {
    const columns = [
      ...new Set([...this.s.table.layout.columns, ...this.t.table.layout.columns].map((c) => c.column)),
    ];
    const sql = `WITH ${this.passSql()}
${this.totals.totalsSql(columns)}
UNION ALL ${this.rowsOf(this.s, columns)}
UNION ALL ${this.rowsOf(this.t, columns)}`;
    const rows = await this.s.table.query(sql);
    readPushdownRows(
      rows,
      { plan: this.plan, s: this.s, t: this.t, totals: this.totals },
      comparer,
      totals,
      read,
    );
  }
}
