/**
 * Drift of one system: each object the contract maps (see `detect-object-drift.ts`), plus the
 * API version, the custom record types and the configuration (subsidiaries, currencies, tax
 * nexuses…) against the last approved snapshot.
 *
 * @example
 *   const findings = detectSystemDrift({ deps, live, approved });
 *   findings.filter(blocksFlow); // what pauses flows
 */
import { closestMatch } from '../contract/did-you-mean.ts';
import type { SystemDependencies } from './contract-dependencies.ts';
import { detectObjectDrift } from './detect-object-drift.ts';
import type { DriftFinding } from './drift-finding.ts';
import { objectNamed, type SnapshotSchema } from './snapshot-schema.ts';

export interface SystemDriftInput {
  deps: SystemDependencies;
  live: SnapshotSchema;
  /** The last approved snapshot; without one, the live schema is compared with the contract only. */
  approved?: SnapshotSchema | undefined;
}

function allFlows(deps: SystemDependencies): { flows: readonly string[]; fields: string[] } {
  return { flows: deps.flows, fields: [] };
}

function configurationDrift(input: SystemDriftInput): DriftFinding[] {
  const { deps, live, approved } = input;
  if (!approved) return [];
  const findings: DriftFinding[] = [];
  const keys = new Set([...Object.keys(approved.configuration), ...Object.keys(live.configuration)]);
  for (const key of [...keys].sort()) {
    const before = approved.configuration[key] ?? [];
    const now = live.configuration[key] ?? [];
    const added = now.filter((v) => !before.includes(v));
    const removed = before.filter((v) => !now.includes(v));
    if (added.length > 0) {
      findings.push({
        system: deps.system,
        code: 'configuration-added',
        severity: 'informational',
        scope: 'flow',
        values: added,
        message: `${deps.system} ${key}: added ${added.join(', ')}`,
        flows: [],
        fields: [],
      });
    }
    if (removed.length > 0) {
      // Records still carrying a removed subsidiary, currency or nexus would be written wrongly
      // or rejected: hold the system's flows until someone has looked.
      findings.push({
        system: deps.system,
        code: 'configuration-removed',
        severity: 'blocking',
        scope: 'flow',
        values: removed,
        message: `${deps.system} ${key}: removed ${removed.join(', ')}`,
        ...allFlows(deps),
      });
    }
  }
  return findings;
}

function customRecordTypeDrift(input: SystemDriftInput): DriftFinding[] {
  const { deps, live, approved } = input;
  if (!approved) return [];
  const findings: DriftFinding[] = [];
  for (const [name, o] of Object.entries(live.objects)) {
    if (o.custom && !approved.objects[name]) {
      findings.push({
        system: deps.system,
        object: name,
        code: 'custom-record-type-added',
        severity: 'informational',
        scope: 'flow',
        message: `${deps.system} has a new custom record type "${name}"`,
        flows: [],
        fields: [],
      });
    }
  }
  for (const [name, o] of Object.entries(approved.objects)) {
    if (o.custom && !live.objects[name] && !deps.objects.has(name.toLowerCase())) {
      findings.push({
        system: deps.system,
        object: name,
        code: 'custom-record-type-removed',
        severity: 'informational',
        scope: 'flow',
        message: `${deps.system} custom record type "${name}" was removed (the contract does not map it)`,
        flows: [],
        fields: [],
      });
    }
  }
  return findings;
}

/** Every finding about one system. */
export function detectSystemDrift(input: SystemDriftInput): DriftFinding[] {
  const { deps, live, approved } = input;
  const findings: DriftFinding[] = [];
  if (!approved) {
    findings.push({
      system: deps.system,
      code: 'no-approved-snapshot',
      severity: 'informational',
      scope: 'flow',
      message: `${deps.system} has no approved snapshot: only the contract was checked; run accord drift approve to record the current state`,
      flows: [],
      fields: [],
    });
  } else if (approved.apiVersion !== live.apiVersion) {
    findings.push({
      system: deps.system,
      code: 'api-version-changed',
      severity: 'blocking',
      scope: 'flow',
      message: `${deps.system} API version changed from ${approved.apiVersion} to ${live.apiVersion}: review the changes and approve`,
      before: approved.apiVersion,
      after: live.apiVersion,
      ...allFlows(deps),
    });
  }
  for (const dep of deps.objects.values()) {
    const found = objectNamed(live, dep.object);
    if (!found) {
      const near = closestMatch(dep.object, Object.keys(live.objects));
      const flows = [...new Set([...dep.readBy, ...dep.writtenBy])].sort();
      findings.push({
        system: deps.system,
        object: dep.object,
        code: 'object-missing',
        severity: 'blocking',
        scope: 'flow',
        message: `${deps.system} has no record type "${dep.object}", which the contract maps (${dep.entities.join(', ')})${near ? `; did you mean "${near}"?` : ''}`,
        ...(near ? { suggestion: near } : {}),
        flows,
        fields: dep.entities.map((e) => `${e}.*`),
      });
      continue;
    }
    const before = approved ? objectNamed(approved, found.name)?.object : undefined;
    findings.push(...detectObjectDrift({ dep, name: found.name, live: found.object, approved: before }));
  }
  findings.push(...customRecordTypeDrift(input), ...configurationDrift(input));
  return findings;
}
