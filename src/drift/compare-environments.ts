/**
 * `accord drift compare --from sandbox --to production`: does a sandbox still mirror production?
 * Compares two accounts of the same system — custom fields and custom record types, field types
 * and required flags, enum/list values, configuration (subsidiaries, currencies, tax nexuses,
 * deployed scripts where the connector reports them), API version — and says, for each
 * difference, whether the contract depends on it.
 *
 * @example
 *   const result = compareEnvironments({ system: 'netsuite', deps,
 *     from: { name: 'sandbox', schema: sandboxSchema }, to: { name: 'production', schema: prodSchema } });
 *   result.mirrors; // false
 */
import type { SystemDependencies } from './contract-dependencies.ts';
import type { SnapshotField, SnapshotSchema } from './snapshot-schema.ts';

export type EnvironmentDifferenceKind =
  | 'object'
  | 'field'
  | 'field-type'
  | 'required'
  | 'enum-value'
  | 'configuration'
  | 'api-version';

export interface EnvironmentDifference {
  readonly system: string;
  readonly kind: EnvironmentDifferenceKind;
  readonly object?: string;
  readonly field?: string;
  /** Configuration key (`subsidiaries`, `currencies`…) or the enum value concerned. */
  readonly key?: string;
  readonly value?: string;
  /** Which environment has it (`from`/`to`), or `both` when both have it differently. */
  readonly presentIn: 'from' | 'to' | 'both';
  readonly custom: boolean;
  /** True when the contract maps the object or field concerned. */
  readonly mapped: boolean;
  readonly message: string;
}

export interface EnvironmentSide {
  name: string;
  schema: SnapshotSchema;
}

export interface EnvironmentComparison {
  system: string;
  from: string;
  to: string;
  /** True when nothing differs. */
  mirrors: boolean;
  /** Differences the contract depends on: the sandbox would not test what production runs. */
  mapped: number;
  differences: EnvironmentDifference[];
}

function fieldDifferences(
  base: Omit<EnvironmentDifference, 'kind' | 'presentIn' | 'message' | 'custom' | 'key' | 'value'>,
  names: { from: string; to: string },
  a: SnapshotField,
  b: SnapshotField,
): EnvironmentDifference[] {
  const where = `${base.system} ${base.object}.${base.field}`;
  const out: EnvironmentDifference[] = [];
  const custom = a.custom || b.custom;
  if (a.type !== b.type) {
    out.push({
      ...base,
      custom,
      kind: 'field-type',
      presentIn: 'both',
      message: `${where} is ${a.type} in ${names.from} but ${b.type} in ${names.to}`,
    });
  }
  if (a.required !== b.required) {
    const where2 = a.required ? names.from : names.to;
    out.push({
      ...base,
      custom,
      kind: 'required',
      presentIn: a.required ? 'from' : 'to',
      message: `${where} is required only in ${where2}`,
    });
  }
  const va = a.enumValues ?? [];
  const vb = b.enumValues ?? [];
  for (const [values, other, side] of [
    [va, vb, 'from'],
    [vb, va, 'to'],
  ] as const) {
    for (const value of values.filter((v) => !other.includes(v))) {
      out.push({
        ...base,
        custom,
        kind: 'enum-value',
        value,
        presentIn: side,
        message: `${where} offers "${value}" only in ${names[side]}`,
      });
    }
  }
  return out;
}

/** Every difference between two environments of one system. */
export function compareEnvironments(input: {
  system: string;
  from: EnvironmentSide;
  to: EnvironmentSide;
  deps?: SystemDependencies | undefined;
}): EnvironmentComparison {
  const { system, from, to, deps } = input;
  const names = { from: from.name, to: to.name };
  const differences: EnvironmentDifference[] = [];
  const objectMapped = (o: string) => deps?.objects.has(o.toLowerCase()) ?? false;
  const fieldMapped = (o: string, f: string) => deps?.objects.get(o.toLowerCase())?.fields.has(f) ?? false;

  if (from.schema.apiVersion !== to.schema.apiVersion) {
    differences.push({
      system,
      kind: 'api-version',
      presentIn: 'both',
      custom: false,
      mapped: true,
      message: `${system} API version is ${from.schema.apiVersion} in ${from.name} but ${to.schema.apiVersion} in ${to.name}`,
    });
  }
  const objects = new Set([...Object.keys(from.schema.objects), ...Object.keys(to.schema.objects)]);
  for (const object of [...objects].sort()) {
    const a = from.schema.objects[object];
    const b = to.schema.objects[object];
    if (!a || !b) {
      const side = a ? 'from' : 'to';
      differences.push({
        system,
        kind: 'object',
        object,
        presentIn: side,
        custom: (a ?? b)?.custom ?? false,
        mapped: objectMapped(object),
        message: `${system} record type "${object}" exists only in ${names[side]}`,
      });
      continue;
    }
    const fields = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]);
    for (const field of [...fields].sort()) {
      const fa = a.fields[field];
      const fb = b.fields[field];
      const base = { system, object, field, mapped: fieldMapped(object, field) };
      if (!fa || !fb) {
        const side = fa ? 'from' : 'to';
        const custom = (fa ?? fb)?.custom ?? false;
        differences.push({
          ...base,
          kind: 'field',
          presentIn: side,
          custom,
          message: `${system} ${object}.${field}${custom ? ' (custom field)' : ''} exists only in ${names[side]}${base.mapped ? ' — the contract maps it' : ''}`,
        });
        continue;
      }
      differences.push(...fieldDifferences(base, names, fa, fb));
    }
  }
  const keys = new Set([...Object.keys(from.schema.configuration), ...Object.keys(to.schema.configuration)]);
  for (const key of [...keys].sort()) {
    const va = from.schema.configuration[key] ?? [];
    const vb = to.schema.configuration[key] ?? [];
    for (const [values, other, side] of [
      [va, vb, 'from'],
      [vb, va, 'to'],
    ] as const) {
      for (const value of values.filter((v) => !other.includes(v))) {
        differences.push({
          system,
          kind: 'configuration',
          key,
          value,
          presentIn: side,
          custom: false,
          mapped: false,
          message: `${system} ${key}: "${value}" only in ${names[side]}`,
        });
      }
    }
  }
  return {
    system,
    from: from.name,
    to: to.name,
    mirrors: differences.length === 0,
    mapped: differences.filter((d) => d.mapped).length,
    differences,
  };
}
