/**
 * Telling the flow's owner when the books do not agree. Reconciliation emits through this small
 * interface; the contract names who hears it (the rule's `alert`, else the flow's, else the
 * owner team's route). The default channel writes one JSON line to the log (the contract's `log`
 * route); the alerts module (webhook, email, grouping) plugs in behind the same interface.
 *
 * @example
 *   const alerter = logAlerter(process.stderr);
 *   if (!result.agree) await alerter.notify(reconcileAlert(contract, plan, result));
 */
import type { Writer } from '../cli/io.ts';
import type { Contract } from '../contract/model.ts';
import type { FindingCategory } from './finding.ts';
import type { ReconcilePlan } from './reconcile-plan.ts';
import type { ReconcileResult } from './reconcile-result.ts';

export interface ReconcileAlert {
  type: 'reconcile-out-of-tolerance';
  contract: string;
  rule: string;
  flow: string;
  /** The alert route the contract names for this rule, when it names one. */
  route?: string | undefined;
  /** The team owning the flow. */
  owner?: string | undefined;
  period?: string | undefined;
  summary: string;
  counts: Record<FindingCategory, number>;
  /** Labels of the groups out of tolerance. */
  groupsOut: string[];
}

export interface ReconcileAlerter {
  notify(alert: ReconcileAlert): Promise<void>;
}

/** The route and owner the contract names for a rule's alerts. */
export function reconcileAlert(
  contract: Contract,
  plan: ReconcilePlan,
  result: ReconcileResult,
): ReconcileAlert {
  const owner = plan.flow.owner;
  const route =
    plan.rule.alert ?? plan.flow.alert ?? (owner === undefined ? undefined : contract.teams[owner]?.alert);
  return {
    type: 'reconcile-out-of-tolerance',
    contract: result.contract,
    rule: result.rule,
    flow: result.flow,
    ...(route === undefined ? {} : { route }),
    ...(owner === undefined ? {} : { owner }),
    ...(result.period === undefined ? {} : { period: result.period }),
    summary: result.summary,
    counts: result.counts,
    groupsOut: result.groups.filter((g) => !g.withinTolerance).map((g) => g.label),
  };
}

/** The log route: one JSON line per alert, level `warn`. */
export function logAlerter(writer: Writer): ReconcileAlerter {
  return {
    async notify(alert) {
      writer.write(
        `${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: alert.summary, ...alert })}\n`,
      );
    },
  };
}
