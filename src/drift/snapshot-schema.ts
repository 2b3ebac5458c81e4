/**
 * The stored form of a system's schema: what `accord drift snapshot` records and `check`
 * compares against. Objects and fields are keyed by name so comparisons are lookups, values are
 * sorted so two snapshots of an unchanged system are equal as JSON.
 *
 * Only what the contract depends on is kept — the objects its mappings name (every field of
 * them, so a new required or unmapped field can be noticed) and the custom record types — plus the
 * whole configuration (subsidiaries, currencies, tax nexuses, locations, scopes…) and the API
 * version. `dependsOn` lists, per object, the fields the contract maps, for a reader of the store.
 *
 * @example
 *   const stored = toSnapshotSchema('netsuite', await connector.describe(), deps.get('netsuite'));
 *   await store.schemaSnapshots.add({ system: 'netsuite', schema: stored });
 */
import type { FieldSchema, SystemSchema } from '../connectors/connector.ts';
import type { SystemDependencies } from './contract-dependencies.ts';

export interface SnapshotField {
  type: string;
  required: boolean;
  custom: boolean;
  enumValues?: string[];
  references?: string;
}

export interface SnapshotObject {
  custom: boolean;
  fields: Record<string, SnapshotField>;
}

export interface SnapshotSchema {
  format: 1;
  system: string;
  kind: string;
  apiVersion: string;
  objects: Record<string, SnapshotObject>;
  configuration: Record<string, string[]>;
  dependsOn: Record<string, string[]>;
  /** Enum values seen in records where the schema lists none (see `value-census.ts`), per object and field. */
  observed?: Record<string, Record<string, string[]>>;
}

function fieldOf(f: FieldSchema): SnapshotField {
  return {
    type: f.type,
    required: f.required,
    custom: f.custom,
    ...(f.enumValues ? { enumValues: [...f.enumValues].sort() } : {}),
    ...(f.references ? { references: f.references } : {}),
  };
}

/**
 * The part of a live schema to keep. Without `deps` (environment comparison), every object.
 */
export function toSnapshotSchema(
  system: string,
  live: SystemSchema,
  deps?: SystemDependencies | undefined,
): SnapshotSchema {
  const objects: Record<string, SnapshotObject> = {};
  const dependsOn: Record<string, string[]> = {};
  for (const o of live.objects) {
    const dep = deps?.objects.get(o.name.toLowerCase());
    if (deps && !dep && !o.custom) continue;
    const fields: Record<string, SnapshotField> = {};
    for (const f of [...o.fields].sort((a, b) => a.name.localeCompare(b.name))) fields[f.name] = fieldOf(f);
    objects[o.name] = { custom: o.custom, fields };
    if (dep) dependsOn[o.name] = [...dep.fields.keys()].sort();
  }
  const configuration: Record<string, string[]> = {};
  for (const key of Object.keys(live.configuration).sort()) {
    configuration[key] = [...(live.configuration[key] ?? [])].sort();
  }
  return {
    format: 1,
    system,
    kind: live.kind,
    apiVersion: live.apiVersion,
    objects,
    configuration,
    dependsOn,
  };
}

/** A stored snapshot's schema, checked enough to compare against; `undefined` if not ours. */
export function asSnapshotSchema(value: unknown): SnapshotSchema | undefined {
  const s = value as Partial<SnapshotSchema> | null;
  if (!s || typeof s !== 'object' || s.format !== 1 || typeof s.objects !== 'object') return undefined;
  return s as SnapshotSchema;
}

/** An object of a snapshot by name, matched case-insensitively. */
export function objectNamed(
  schema: SnapshotSchema,
  name: string,
): { name: string; object: SnapshotObject } | undefined {
  const exact = schema.objects[name];
  if (exact) return { name, object: exact };
  const lower = name.toLowerCase();
  for (const [key, object] of Object.entries(schema.objects))
    if (key.toLowerCase() === lower) return { name: key, object };
  return undefined;
}
