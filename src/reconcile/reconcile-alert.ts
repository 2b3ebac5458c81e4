/**
 * Telling the flow's owner when the books do not agree, through the alerts module
 * (`src/alerts/`): a `reconcile-out-of-tolerance` event goes to the route the contract names —
 * the rule's `alert`, else the flow's (which the loader already falls back to the owner team's) —
 * and out through that route's webhook (Slack-shaped), email outbox and log, de-duplicated per
 * rule and month in the store's alert state.
 *
 * @example
 *   if (!result.agree)
 *     await alertOutOfTolerance({ contract, plan, result, store, logger, resolver });
 */
import type { ReconcileOutOfToleranceEvent } from '../alerts/alert-event.ts';
import type { NotifyOutcome } from '../alerts/alerter.ts';
import { openAlerter } from '../alerts/open-alerter.ts';
import type { Contract } from '../contract/model.ts';
import type { SecretResolver } from '../contract/secret-ref.ts';
import type { Logger } from '../logging/index.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ReconcilePlan } from './reconcile-plan.ts';
import type { ReconcileResult } from './reconcile-result.ts';

/** The alert route the contract names for a rule: its own, else its flow's (owner team's). */
export function reconcileRoute(contract: Contract, plan: ReconcilePlan): string | undefined {
  const owner = plan.flow.owner;
  return (
    plan.rule.alert ?? plan.flow.alert ?? (owner === undefined ? undefined : contract.teams[owner]?.alert)
  );
}

/** The alerts module's event for a result out of tolerance. */
export function reconcileAlertEvent(result: ReconcileResult, runId?: number): ReconcileOutOfToleranceEvent {
  return {
    type: 'reconcile-out-of-tolerance',
    flow: result.flow,
    rule: result.rule,
    ...(result.period === undefined ? {} : { period: result.period }),
    summary: result.summary,
    groupsOut: result.groups.filter((g) => !g.withinTolerance).map((g) => g.label),
    counts: Object.fromEntries(Object.entries(result.counts).filter(([, n]) => n > 0)),
    ...(runId === undefined ? {} : { runId }),
  };
}

export interface AlertOutOfToleranceOptions {
  contract: Contract;
  plan: ReconcilePlan;
  result: ReconcileResult;
  /** Holds the de-duplication state (a `:memory:` store de-duplicates within the process only). */
  store: SqliteStore;
  logger: Logger;
  resolver?: SecretResolver | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  runId?: number | undefined;
}

/**
 * Sends the alert and waits for its delivery. Never throws (the alerter logs a channel that
 * fails, without its URL).
 */
export async function alertOutOfTolerance(options: AlertOutOfToleranceOptions): Promise<NotifyOutcome> {
  const { contract, plan, result } = options;
  const route = reconcileRoute(contract, plan);
  // The alerter routes by flow; a rule naming its own route overrides the flow's for this alert.
  const flows =
    route === undefined || route === plan.flow.alert
      ? contract.flows
      : { ...contract.flows, [plan.flow.name]: { ...plan.flow, alert: route } };
  const alerter = openAlerter({
    contract: { flows, alerts: contract.alerts },
    store: options.store,
    logger: options.logger,
    resolver: options.resolver,
    env: options.env,
  });
  try {
    return await alerter.notify(reconcileAlertEvent(result, options.runId));
  } finally {
    await alerter.stop();
  }
}
