/**
 * Reconciles one rule of a contract: reads both systems directly through their connectors
 * (`scan`, read-only; never the engine's store), pairs records by the contract's match key,
 * totals them by group and reports every record-level difference.
 *
 * @example
 *   const plan = planReconciliation(contract, 'payments-daily');
 *   const result = await reconcile({ plan, connectors: { stripe, netsuite }, period: '2026-10' });
 *   console.log(result.summary); // "payments-daily: the books agree — 1,204 stripe vs 1,204 netsuite …"
 */
import type { Connector } from '../connectors/connector.ts';
import { mappedPaths } from '../contract/mapped-paths.ts';
import { UserInputError } from '../model/errors.ts';
import type { LinkRepo } from '../store/store.ts';
import { FINDING_CATEGORIES, type FindingCategory } from './finding.ts';
import { GroupTotals } from './group-totals.ts';
import type { ReconcilePlan, SidePlan, SideRole } from './reconcile-plan.ts';
import type { ReconcileResult } from './reconcile-result.ts';
import { type ComparerOptions, compareFindings, RecordComparer } from './record-comparer.ts';
import { compileViewer } from './record-view.ts';
import { ReferenceChecks } from './reference-check.ts';
import { compileScope, scopeText } from './rule-scope.ts';
import { planPushdown } from './sql-comparer.ts';
import { Tolerance } from './tolerance.ts';

export interface ReconcileProgress {
  source: number;
  target: number;
  phase: 'reading' | 'comparing' | 'done';
}

/**
 * The engine's links as an opt-in hint (`--use-links`): the source record id a target record is
 * linked to. With it, records pair by link instead of by match key; a target record without a link
 * has nothing to pair with and is reported as an orphan.
 */
export interface LinkHint {
  sourceIdOf(targetId: string): Promise<string | undefined>;
}

/**
 * The hint from the engine's store: the link of a target record to a source record.
 *
 * @example
 *   const links = linkHintFrom(store.links, plan);
 */
export function linkHintFrom(links: LinkRepo, plan: ReconcilePlan): LinkHint {
  return {
    async sourceIdOf(targetId) {
      const link = await links.find(
        plan.entity,
        { system: plan.target.system, id: targetId },
        plan.source.system,
      );
      if (!link) return undefined;
      return link.a.system === plan.source.system ? link.a.id : link.b.id;
    },
  };
}

export interface ReconcileOptions {
  plan: ReconcilePlan;
  /** Ready connectors by system name; the plan's two systems must be present. */
  connectors: Readonly<Record<string, Connector>>;
  /** `YYYY-MM`: only records whose `periodField` falls in that month. */
  period?: string | undefined;
  links?: LinkHint | undefined;
  pageSize?: number | undefined;
  comparer?: ComparerOptions | undefined;
  onProgress?: ((progress: ReconcileProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** `false`: never push the comparison down into SQL, even when both sides could (tests, bench). */
  pushdown?: boolean | undefined;
  now?: () => Date;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { plan, period } = options;
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  if (period !== undefined) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period))
      throw new UserInputError(`--period must be a month YYYY-MM (got "${period}")`);
    if (!plan.periodField) {
      throw new UserInputError(
        `reconciliation ${plan.rule.name} has no periodField, so --period cannot select a month; add periodField to the rule`,
      );
    }
  }
  const connectorOf = (side: SidePlan): Connector => {
    const connector = options.connectors[side.system];
    if (!connector) throw new UserInputError(`no connector for system ${side.system}`);
    return connector;
  };
  const source = connectorOf(plan.source);
  const target = connectorOf(plan.target);
  const tolerance = new Tolerance(plan.rule.tolerance);
  const totals = new GroupTotals(plan);
  const comparer = new RecordComparer(plan, tolerance, options.comparer, totals);
  const references = new ReferenceChecks(plan);
  const read = { source: 0, target: 0 };
  const progress = (phase: ReconcileProgress['phase']) => options.onProgress?.({ ...read, phase });

  // A flow's `only` on a field of the match key scopes which records are these books at all (the
  // inventory flow's one location: other locations are other shops' levels). On any other field
  // (payments' `status: [captured]`) it is the sync's choice, and checking the records it leaves
  // is exactly the reconciliation's job: those are compared.
  const keyFields: readonly string[] = plan.key.kind === 'fields' ? plan.key.fields : [];
  const only = Object.entries(plan.flow.only ?? {}).filter(([field]) => keyFields.includes(field));
  const inScope = (values: Readonly<Record<string, string | null>>) =>
    only.every(([field, allowed]) => allowed.includes(values[field] ?? ''));
  const readSide = async (role: SideRole, side: SidePlan, connector: Connector) => {
    const view = compileViewer(plan, side);
    const inRuleScope = compileScope(plan, side);
    for await (const page of connector.scan({
      objectType: side.objectType,
      mappedPaths: mappedPaths(side.mapping),
      pageSize: options.pageSize,
      signal: options.signal,
    })) {
      for (const record of page) {
        if (record.deleted || (inRuleScope && !inRuleScope(record))) continue;
        const seen = view(record);
        if (period !== undefined && !(seen.values[plan.periodField!] ?? '').startsWith(period)) continue;
        if (!inScope(seen.values)) continue;
        if (options.links) {
          seen.key =
            role === 'source' ? `link:${record.id}` : await linkedKey(options.links, record.id, seen.key);
        }
        comparer.add(role, seen);
        if (references.active) references.observe(role, record, seen.key, totals.dimensionValues(seen));
        read[role] += 1;
      }
      progress('reading');
    }
  };
  // Both sides in one SQL database: the database compares them (sql-comparer.ts). Otherwise both
  // systems are read at once, each connector pacing itself against its own limits. A rule with
  // reference checks reads every record (the checks look at each), so it is not pushed down.
  const pushdown =
    // A scoped rule (`where`) is read record by record too: the SQL comparer compares whole tables.
    options.links || options.pushdown === false || references.active || scopeText(plan) !== ''
      ? undefined
      : planPushdown(plan, options.connectors, tolerance, period);
  if (pushdown) {
    progress('reading');
    await pushdown.run(comparer, totals, read);
  } else {
    await Promise.all([readSide('source', plan.source, source), readSide('target', plan.target, target)]);
  }
  progress('comparing');
  const findings = await comparer.finish();
  if (references.active) {
    for (const { finding, group } of await references.finish(options.connectors, options.signal)) {
      totals.addFinding(group);
      findings.push(finding);
    }
    findings.sort(compareFindings);
  }
  const groups = totals.results(tolerance);
  progress('done');

  const counts = Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>;
  for (const f of findings) counts[f.category] += 1;
  const agree = findings.length === 0 && groups.every((g) => g.withinTolerance);
  const result: ReconcileResult = {
    contract: plan.contract,
    rule: plan.rule.name,
    flow: plan.flow.name,
    entity: plan.entity,
    ...(period === undefined ? {} : { period }),
    startedAt,
    finishedAt: now().toISOString(),
    key: options.links
      ? 'engine links'
      : plan.key.kind === 'external-id'
        ? 'external-id'
        : plan.key.fields.join('+'),
    method: pushdown
      ? 'sql-pushdown'
      : `hash-buckets${comparer.spills > 0 ? ` (spilled ${comparer.spills}×)` : ''}`,
    source: { system: plan.source.system, objectType: plan.source.objectType, records: read.source },
    target: { system: plan.target.system, objectType: plan.target.objectType, records: read.target },
    groups,
    ungrouped: [...plan.ungrouped],
    findings,
    counts,
    agree,
    summary: '',
  };
  result.summary = summaryLine(result);
  return result;
}

async function linkedKey(links: LinkHint, targetId: string, fallback: string | undefined): Promise<string> {
  const sourceId = await links.sourceIdOf(targetId);
  return sourceId === undefined ? `unlinked:${fallback ?? targetId}` : `link:${sourceId}`;
}

/** `orders-daily (2026-10): the books agree — 120 shopify vs 120 netsuite, 4 groups within tolerance`. */
export function summaryLine(r: ReconcileResult): string {
  const scope = `${r.rule}${r.period ? ` (${r.period})` : ''}`;
  const records = `${r.source.records.toLocaleString('en')} ${r.source.system} vs ${r.target.records.toLocaleString('en')} ${r.target.system}`;
  const out = r.groups.filter((g) => !g.withinTolerance).length;
  if (r.agree)
    return `${scope}: the books agree — ${records}, ${r.groups.length} group${r.groups.length === 1 ? '' : 's'} within tolerance`;
  const parts = FINDING_CATEGORIES.filter((c) => r.counts[c] > 0).map((c) => `${r.counts[c]} ${c}`);
  return `${scope}: the books DO NOT agree — ${records}; ${parts.join(', ') || 'no record differences'}; ${out} of ${r.groups.length} group${r.groups.length === 1 ? '' : 's'} out of tolerance`;
}
