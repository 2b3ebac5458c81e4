/**
 * Drift: catches a change in a connected system before it quietly breaks a mapping.
 *
 * ## For the engine: the fail-closed gate, called before each run of a flow
 *
 * ```ts
 * preRunDriftCheck(input: {
 *   contract: Contract;
 *   store: Store;
 *   connectors: Readonly<Record<string, Connector>>; // by the contract's system names (at least the flow's two)
 *   flow: string;
 *   alert?: (alert: DriftAlert) => Promise<void> | void; // { flow, owner, route, severity, title, message, findings }
 *   runId?: string;                                       // if given and paused: run finished 'interrupted', note = reason
 * }): Promise<{
 *   paused: boolean;          // true: do not run. Stored via store.flows.pause (see `persisted`)
 *   reason?: string;          // starts with 'drift: '; also in store.flows.get(flow).reason and the run note
 *   findings: DriftFinding[]; // the blocking findings that paused it
 *   blockedEnumValues: BlockedEnumValue[]; // records carrying these go to review, the rest flow
 *   persisted: boolean;       // false when a system could not be described: skip this run, check again next time
 * }>
 * ```
 * A flow already paused (by drift or an operator) returns `paused: true` with the stored reason.
 * Use `enumGate(result.blockedEnumValues)` as the per-record predicate:
 * `enumGate(blocked)(system, record)` → the `BlockedEnumValue` it carries, or `undefined`.
 * Flows paused by drift resume on `approveDrift` (`accord drift approve`).
 *
 * The gate describes the flow's two systems (schemas and configuration, a dozen requests for
 * NetSuite); it takes no census of free-text enum fields — the engine sends a record with an
 * unmapped value to review itself, and `accord drift check` reports such values with counts.
 *
 * Wired into the engine by {@link driftGate}: `openEngine({ …, preRunCheck: driftGate({ contract,
 * store, connectors }) })` — `accord sync` does this; a paused run is `interrupted` with the reason,
 * the engine emits `flow-paused` (the alerter routes it to the flow's owner), and records carrying
 * a blocked value go to review (`src/engine/held-for-review.ts`).
 *
 * ## For the CLI and the server
 * `takeSnapshot`, `checkDrift`, `approveDrift` (accord drift snapshot | check | approve),
 * `compareEnvironments` (accord drift compare), `measureImpact` (accord impact).
 *
 * @example
 *   const gate = await preRunDriftCheck({ contract, store, connectors, flow: 'orders', alert });
 *   if (gate.paused) return;
 *   const held = enumGate(gate.blockedEnumValues);
 */

export { type AccountSet, compareAccounts } from './compare-accounts.ts';
export {
  compareEnvironments,
  type EnvironmentComparison,
  type EnvironmentDifference,
  type EnvironmentDifferenceKind,
  type EnvironmentSide,
} from './compare-environments.ts';
export {
  affected,
  contractDependencies,
  type FieldUse,
  type ObjectDependency,
  rootField,
  type SystemDependencies,
} from './contract-dependencies.ts';
export { detectSystemDrift, type SystemDriftInput } from './detect-system-drift.ts';
export {
  type BlockedEnumValue,
  blocksFlow,
  blocksValues,
  type DriftCode,
  type DriftFinding,
  type DriftScope,
  type DriftSeverity,
} from './drift-finding.ts';
export { DEFAULT_DRIFT_MAX_AGE_MS, type DriftGateOptions, driftGate, recordHold } from './drift-gate.ts';
export {
  type ApproveResult,
  approveDrift,
  type ConnectorsBySystem,
  checkDrift,
  DRIFT_PAUSE_PREFIX,
  type DriftInput,
  type DriftReport,
  liveSchema,
  takeSnapshot,
} from './drift-service.ts';
export { blockedEnumValuesOf, carriedValues, enumGate } from './enum-gate.ts';
export { type ImpactItem, type ImpactReport, measureImpact } from './impact.ts';
export { type MappingChange, mappingChanges, valuesAt } from './mapping-changes.ts';
export {
  type DriftAlert,
  type DriftAlertSink,
  type PreRunInput,
  type PreRunResult,
  preRunDriftCheck,
} from './pre-run.ts';
export { nameSimilarity, suggestRename } from './rename-suggestion.ts';
export {
  asSnapshotSchema,
  type SnapshotField,
  type SnapshotObject,
  type SnapshotSchema,
  toSnapshotSchema,
} from './snapshot-schema.ts';
export {
  type Census,
  type CensusTarget,
  censusTargets,
  detectCensusDrift,
  takeCensus,
} from './value-census.ts';
