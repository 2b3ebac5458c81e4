/**
 * Drift of one object the contract maps: its mapped fields against the live schema (and the
 * approved snapshot, when there is one), and the fields it gained or lost.
 */
import { affected, type FieldUse, type ObjectDependency } from './contract-dependencies.ts';
import type { DriftFinding } from './drift-finding.ts';
import { suggestRename } from './rename-suggestion.ts';
import type { SnapshotField, SnapshotObject } from './snapshot-schema.ts';

export interface ObjectDriftInput {
  dep: ObjectDependency;
  /** The object's live name (the system's spelling). */
  name: string;
  live: SnapshotObject;
  approved?: SnapshotObject | undefined;
}

/** An enum map's keys are comparable with the schema's values unless the path reads a label. */
function comparableEnumMaps(uses: readonly FieldUse[]): Readonly<Record<string, string>>[] | undefined {
  const maps = uses.filter((u) => u.enumMap);
  // NetSuite describes list values by internal id, while `x.refName` paths map display labels:
  // those cannot be compared, so a new id is held back (fail closed) until someone approves it.
  if (maps.some((u) => u.path.endsWith('.refName'))) return undefined;
  return maps.length > 0 ? maps.map((u) => u.enumMap!) : undefined;
}

function mappedBy(maps: Readonly<Record<string, string>>[] | undefined, value: string): boolean {
  return maps?.some((m) => Object.hasOwn(m, value)) ?? false;
}

function mappedFieldDrift(input: ObjectDriftInput, field: string, uses: readonly FieldUse[]): DriftFinding[] {
  const { dep, name, live, approved } = input;
  const where = { system: dep.system, object: name, field };
  const who = affected(uses);
  const liveField = live.fields[field];
  const before = approved?.fields[field];
  if (!liveField) {
    const newFields = Object.entries(live.fields)
      .filter(([n]) => (approved ? !approved.fields[n] : !dep.fields.has(n)))
      .map(([n, f]) => ({ name: n, type: f.type }));
    const suggestion = suggestRename(field, before?.type, newFields);
    const hint = suggestion ? `; it looks renamed to "${suggestion}" — update the mapping` : '';
    return [
      {
        ...where,
        code: before ? 'field-removed' : 'field-missing',
        severity: 'blocking',
        scope: 'flow',
        message: `${dep.system} ${name}.${field} ${before ? 'was removed or renamed' : 'does not exist'}, but the contract maps it (${who.fields.join(', ')})${hint}`,
        ...(suggestion ? { suggestion } : {}),
        ...who,
      },
    ];
  }
  const findings: DriftFinding[] = [];
  if (before && before.type !== liveField.type) {
    findings.push({
      ...where,
      code: 'type-changed',
      severity: 'blocking',
      scope: 'flow',
      message: `${dep.system} ${name}.${field} changed type from ${before.type} to ${liveField.type}`,
      before: before.type,
      after: liveField.type,
      ...who,
    });
  }
  findings.push(...enumDrift(input, field, uses, liveField, before));
  return findings;
}

function enumDrift(
  input: ObjectDriftInput,
  field: string,
  uses: readonly FieldUse[],
  liveField: SnapshotField,
  before: SnapshotField | undefined,
): DriftFinding[] {
  const { dep, name } = input;
  if (!liveField.enumValues || !uses.some((u) => u.enumMap)) return [];
  const maps = comparableEnumMaps(uses);
  const who = affected(uses.filter((u) => u.enumMap));
  const where = { system: dep.system, object: name, field };
  const findings: DriftFinding[] = [];
  if (before?.enumValues) {
    const added = liveField.enumValues.filter((v) => !before.enumValues!.includes(v));
    const unmapped = added.filter((v) => !mappedBy(maps, v));
    if (unmapped.length > 0) {
      findings.push({
        ...where,
        code: 'enum-value-added',
        severity: 'blocking',
        scope: 'values',
        values: unmapped,
        message: `${dep.system} ${name}.${field} has new value${unmapped.length > 1 ? 's' : ''} ${unmapped.map((v) => `"${v}"`).join(', ')} the contract does not map: records carrying ${unmapped.length > 1 ? 'them' : 'it'} go to review, the rest flow; add ${unmapped.length > 1 ? 'them' : 'it'} to the enum map`,
        ...who,
      });
    }
    const removed = before.enumValues.filter((v) => !liveField.enumValues!.includes(v));
    if (removed.length > 0) {
      findings.push({
        ...where,
        code: 'enum-value-removed',
        severity: 'informational',
        scope: 'flow',
        values: removed,
        message: `${dep.system} ${name}.${field} no longer offers ${removed.map((v) => `"${v}"`).join(', ')}`,
        ...who,
      });
    }
  } else if (maps) {
    const unmapped = liveField.enumValues.filter((v) => !mappedBy(maps, v));
    if (unmapped.length > 0) {
      findings.push({
        ...where,
        code: 'enum-value-unmapped',
        severity: 'informational',
        scope: 'flow',
        values: unmapped,
        message: `${dep.system} ${name}.${field} offers ${unmapped.map((v) => `"${v}"`).join(', ')}, which the contract does not map (records carrying them go to review)`,
        ...who,
      });
    }
  }
  return findings;
}

function unmappedFieldDrift(
  input: ObjectDriftInput,
  field: string,
  liveField: SnapshotField,
): DriftFinding[] {
  const { dep, name, approved } = input;
  const before = approved?.fields[field];
  const where = { system: dep.system, object: name, field, fields: [] as string[] };
  const written = dep.writtenBy.length > 0;
  if (approved && !before) {
    if (liveField.required && written) {
      return [
        {
          ...where,
          code: 'required-field-added',
          severity: 'blocking',
          scope: 'flow',
          message: `${dep.system} ${name} has a new required field "${field}" (${liveField.type}) the contract does not map: writes from ${dep.writtenBy.join(', ')} would be rejected; map it or make it optional`,
          flows: dep.writtenBy,
        },
      ];
    }
    return [
      {
        ...where,
        code: 'field-added',
        severity: 'informational',
        scope: 'flow',
        message: `${dep.system} ${name} has a new field "${field}" (${liveField.type}${liveField.custom ? ', custom' : ''}) the contract does not map`,
        flows: [],
      },
    ];
  }
  if (before && !before.required && liveField.required && written) {
    return [
      {
        ...where,
        code: 'field-became-required',
        severity: 'blocking',
        scope: 'flow',
        message: `${dep.system} ${name}.${field} became required and the contract does not map it: writes from ${dep.writtenBy.join(', ')} would be rejected`,
        flows: dep.writtenBy,
      },
    ];
  }
  return [];
}

/** Every finding about one mapped object. */
export function detectObjectDrift(input: ObjectDriftInput): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const [field, uses] of input.dep.fields) findings.push(...mappedFieldDrift(input, field, uses));
  for (const [field, liveField] of Object.entries(input.live.fields)) {
    if (!input.dep.fields.has(field)) findings.push(...unmappedFieldDrift(input, field, liveField));
  }
  for (const field of Object.keys(input.approved?.fields ?? {})) {
    if (input.live.fields[field] || input.dep.fields.has(field)) continue;
    findings.push({
      system: input.dep.system,
      object: input.name,
      field,
      code: 'field-removed',
      severity: 'informational',
      scope: 'flow',
      message: `${input.dep.system} ${input.name}.${field} was removed (the contract does not map it)`,
      flows: [],
      fields: [],
    });
  }
  return findings;
}
