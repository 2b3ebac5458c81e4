/**
 * Fail closed: before each run the engine asks whether the flow may run. A blocking drift finding
 * about a field the flow touches pauses THAT flow (others keep running), records the reason where
 * `accord sync` and the run record show it, audits it and alerts the flow's owner. New unmapped
 * enum values do not pause: their records go to review through {@link enumGate}.
 *
 * @example
 *   const gate = await preRunDriftCheck({ contract, store, connectors, flow: 'orders', alert: sendAlert });
 *   if (gate.paused) return; // gate.reason says why; the flow stays paused until approved or resumed
 *   const held = enumGate(gate.blockedEnumValues);
 */
import { appendAudit } from '../audit/audit-log.ts';
import type { Contract } from '../contract/model.ts';
import { toError, UserInputError } from '../model/errors.ts';
import type { Store } from '../store/store.ts';
import { type BlockedEnumValue, blocksFlow, type DriftFinding } from './drift-finding.ts';
import { type ConnectorsBySystem, checkDrift, DRIFT_PAUSE_PREFIX } from './drift-service.ts';
import { blockedEnumValuesOf } from './enum-gate.ts';

/** What drift tells an owner; delivered by the alerts module (routing by `route`). */
export interface DriftAlert {
  flow: string;
  /** The flow's owner team and alert route, from the contract. */
  owner?: string | undefined;
  route?: string | undefined;
  severity: 'blocking';
  title: string;
  message: string;
  findings: readonly DriftFinding[];
}

/** A small callback so drift does not depend on the alerts module's channels. */
export type DriftAlertSink = (alert: DriftAlert) => Promise<void> | void;

export interface PreRunInput {
  contract: Contract;
  store: Store;
  /** Connectors of (at least) the flow's two systems, by the contract's system names. */
  connectors: ConnectorsBySystem;
  flow: string;
  alert?: DriftAlertSink | undefined;
  /** When given and the flow is paused, the run is finished as `interrupted` with the reason as its note. */
  runId?: string | undefined;
}

export interface PreRunResult {
  paused: boolean;
  reason?: string | undefined;
  /** Blocking findings that paused the flow (empty when it was already paused or may run). */
  findings: readonly DriftFinding[];
  /** Records carrying these values go to review; the rest flow. */
  blockedEnumValues: readonly BlockedEnumValue[];
  /** True when the pause was stored (false when describing a system failed: the run is skipped, not paused). */
  persisted: boolean;
}

const BY = 'accord drift';

async function interruptRun(store: Store, runId: string | undefined, reason: string): Promise<void> {
  if (runId) await store.runs.finish(runId, { status: 'interrupted', note: reason });
}

/** The engine's drift gate for one flow. */
export async function preRunDriftCheck(input: PreRunInput): Promise<PreRunResult> {
  const { contract, store, flow } = input;
  const def = contract.flows[flow];
  if (!def) throw new UserInputError(`flow "${flow}" is not in contract ${contract.name} (${contract.file})`);
  const state = await store.flows.get(flow);
  if (state.paused) {
    const reason = state.reason ?? 'paused by an operator';
    await interruptRun(store, input.runId, reason);
    return { paused: true, reason, findings: [], blockedEnumValues: [], persisted: true };
  }
  const systems = [def.from, def.to].filter((s) => input.connectors[s] !== undefined);
  let findings: DriftFinding[];
  try {
    findings = (await checkDrift({ contract, store, connectors: input.connectors, systems })).findings;
  } catch (cause) {
    // Cannot see the systems' schemas: do not run blind, but do not leave a stored pause behind
    // a transient outage either — the next run checks again.
    const reason = `${DRIFT_PAUSE_PREFIX}cannot check drift for flow ${flow}: ${toError(cause).message}`;
    await interruptRun(store, input.runId, reason);
    return { paused: true, reason, findings: [], blockedEnumValues: [], persisted: false };
  }
  const relevant = findings.filter((f) => f.flows.includes(flow));
  const blocking = relevant.filter(blocksFlow);
  const blockedEnumValues = blockedEnumValuesOf(relevant);
  if (blocking.length === 0) return { paused: false, findings: [], blockedEnumValues, persisted: false };

  const reason = `${DRIFT_PAUSE_PREFIX}${blocking.map((f) => f.message).join('; ')}`;
  await store.flows.pause(flow, { reason, by: BY });
  await store.transaction((tx) =>
    appendAudit(tx, {
      kind: 'operator-action',
      actor: BY,
      flow,
      action: 'flow.pause',
      detail: {
        reason,
        findings: blocking.map((f) => ({ system: f.system, object: f.object, field: f.field, code: f.code })),
      },
    }),
  );
  await interruptRun(store, input.runId, reason);
  await input.alert?.({
    flow,
    owner: def.owner,
    route: def.alert,
    severity: 'blocking',
    title: `Flow ${flow} paused: ${blocking.length} blocking drift finding${blocking.length > 1 ? 's' : ''}`,
    message: `${reason.slice(DRIFT_PAUSE_PREFIX.length)}. Review, fix the contract or run accord drift approve; then the flow resumes.`,
    findings: blocking,
  });
  return { paused: true, reason, findings: blocking, blockedEnumValues, persisted: true };
}
