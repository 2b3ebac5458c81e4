/**
 * `accord drift snapshot | check | approve` as library calls: describe each system through its
 * connector, keep what the contract depends on, compare with the last approved snapshot.
 *
 * @example
 *   const report = await checkDrift({ contract, store, connectors });
 *   if (report.blocking > 0) process.exitCode = 1;
 *   await approveDrift({ contract, store, connectors, by: 'ana@acme.example' }); // after review
 */
import { appendAudit } from '../audit/audit-log.ts';
import type { Connector } from '../connectors/connector.ts';
import type { Contract } from '../contract/model.ts';
import { UserInputError } from '../model/errors.ts';
import type { SchemaSnapshot, Store } from '../store/store.ts';
import { contractDependencies, type SystemDependencies } from './contract-dependencies.ts';
import { detectSystemDrift } from './detect-system-drift.ts';
import { blocksFlow, blocksValues, type DriftFinding } from './drift-finding.ts';
import { asSnapshotSchema, type SnapshotSchema, toSnapshotSchema } from './snapshot-schema.ts';
import {
  type Census,
  type CensusTarget,
  censusTargets,
  detectCensusDrift,
  observedValues,
  takeCensus,
} from './value-census.ts';

/** Connectors by the contract's system names. */
export type ConnectorsBySystem = Readonly<Record<string, Connector>>;

export interface DriftInput {
  contract: Contract;
  store: Store;
  connectors: ConnectorsBySystem;
  /** Only these systems (default: every system the contract maps that has a connector). */
  systems?: readonly string[] | undefined;
  /**
   * Also read the records of enum-mapped fields the schema describes without values (Shopify's
   * `productType`), one scan per object. `check` only; snapshot and approve always do.
   */
  census?: boolean | undefined;
}

export interface DriftReport {
  contract: string;
  /** Systems compared, with the approved snapshot used (absent: none approved yet). */
  systems: { system: string; approvedSnapshot?: number; approvedAt?: string }[];
  findings: DriftFinding[];
  /** Findings that hold back whole flows or some records. */
  blocking: number;
  /** Flows a flow-scoped blocking finding stops. */
  pausedFlows: string[];
}

/** Pause reasons written by drift start with this, so approval knows which pauses are its own. */
export const DRIFT_PAUSE_PREFIX = 'drift: ';

function targets(input: DriftInput): SystemDependencies[] {
  const deps = contractDependencies(input.contract);
  const names = input.systems ?? [...deps.keys()].filter((s) => input.connectors[s] !== undefined);
  return names.map((name) => {
    const d = deps.get(name);
    if (!d)
      throw new UserInputError(
        `${input.contract.file} maps nothing in system "${name}": nothing to check there`,
      );
    if (!input.connectors[name]) throw new UserInputError(`no connector was given for system "${name}"`);
    return d;
  });
}

/** The live, contract-relevant schema of one system. */
export async function liveSchema(
  connector: Connector,
  deps: SystemDependencies | undefined,
): Promise<SnapshotSchema> {
  return toSnapshotSchema(connector.system, await connector.describe(), deps);
}

interface Observed {
  live: SnapshotSchema;
  targets: CensusTarget[];
  census: Census;
}

/** The live schema, with the census of value-less enum fields when asked for. */
async function observe(connector: Connector, deps: SystemDependencies, census: boolean): Promise<Observed> {
  const live = await liveSchema(connector, deps);
  if (!census) return { live, targets: [], census: {} };
  const targets = censusTargets(deps, live);
  const counted = await takeCensus(connector, targets);
  if (targets.length > 0) live.observed = observedValues(counted);
  return { live, targets, census: counted };
}

function findingsOf(
  deps: SystemDependencies,
  seen: Observed,
  approved: SnapshotSchema | undefined,
): DriftFinding[] {
  return [
    ...detectSystemDrift({ deps, live: seen.live, approved }),
    ...detectCensusDrift(deps, seen.targets, seen.census, approved ? (approved.observed ?? {}) : undefined),
  ];
}

/** Records the current state of every system (unapproved). */
export async function takeSnapshot(input: DriftInput): Promise<SchemaSnapshot[]> {
  const taken: SchemaSnapshot[] = [];
  for (const deps of targets(input)) {
    const { live } = await observe(input.connectors[deps.system]!, deps, true);
    taken.push(await input.store.schemaSnapshots.add({ system: deps.system, schema: live }));
  }
  return taken;
}

/** Compares every system with its last approved snapshot and with the contract. */
export async function checkDrift(input: DriftInput): Promise<DriftReport> {
  const report: DriftReport = {
    contract: input.contract.name,
    systems: [],
    findings: [],
    blocking: 0,
    pausedFlows: [],
  };
  for (const deps of targets(input)) {
    const seen = await observe(input.connectors[deps.system]!, deps, input.census === true);
    const stored = await input.store.schemaSnapshots.latest(deps.system, { approvedOnly: true });
    const approved = stored ? asSnapshotSchema(stored.schema) : undefined;
    report.systems.push({
      system: deps.system,
      ...(stored && approved
        ? { approvedSnapshot: stored.id, ...(stored.approvedAt ? { approvedAt: stored.approvedAt } : {}) }
        : {}),
    });
    report.findings.push(...findingsOf(deps, seen, approved));
  }
  report.blocking = report.findings.filter((f) => blocksFlow(f) || blocksValues(f)).length;
  report.pausedFlows = [...new Set(report.findings.filter(blocksFlow).flatMap((f) => f.flows))].sort();
  return report;
}

export interface ApproveResult {
  approved: SchemaSnapshot[];
  /** Flows that drift had paused and that approval resumed. */
  resumed: string[];
}

/**
 * Accepts every system's current state after review: records a fresh snapshot, approves it,
 * resumes the flows drift paused, and writes one operator-action audit event per system.
 */
export async function approveDrift(
  input: DriftInput & { by: string; note?: string | undefined },
): Promise<ApproveResult> {
  const approved: SchemaSnapshot[] = [];
  const accepted = new Map<string, string[]>();
  for (const deps of targets(input)) {
    // One describe per system: the findings being accepted and the snapshot approved are the same state.
    const seen = await observe(input.connectors[deps.system]!, deps, true);
    const stored = await input.store.schemaSnapshots.latest(deps.system, { approvedOnly: true });
    const previous = stored ? asSnapshotSchema(stored.schema) : undefined;
    accepted.set(
      deps.system,
      findingsOf(deps, seen, previous).map((f) => f.message),
    );
    const snapshot = await input.store.schemaSnapshots.add({ system: deps.system, schema: seen.live });
    approved.push(await input.store.schemaSnapshots.approve(snapshot.id, input.by));
  }
  const resumed: string[] = [];
  for (const flow of Object.keys(input.contract.flows)) {
    const state = await input.store.flows.get(flow);
    if (state.paused && state.reason?.startsWith(DRIFT_PAUSE_PREFIX)) {
      await input.store.flows.resume(flow, { by: input.by });
      resumed.push(flow);
    }
  }
  await input.store.transaction((tx) =>
    appendAudit(
      tx,
      approved.map((s) => ({
        kind: 'operator-action' as const,
        actor: input.by,
        system: s.system,
        action: 'drift.approve',
        detail: {
          snapshot: s.id,
          contract: input.contract.name,
          accepted: accepted.get(s.system) ?? [],
          resumed,
          ...(input.note ? { note: input.note } : {}),
        },
      })),
    ),
  );
  return { approved, resumed };
}
