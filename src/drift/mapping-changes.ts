/**
 * The mapping changes between two contracts, each with the records it would touch described as
 * a predicate over one system's records — `accord impact` then reads the systems to count them.
 * (`accord diff` says what changed and how risky it is; this says to how much live data.)
 */
import type { Contract, FieldMapping, FlowDef } from '../contract/model.ts';

/** Values found at a mapping path (`a.b.c`; arrays are walked into, so sublists give many). */
export function valuesAt(fields: Record<string, unknown>, path: string): unknown[] {
  let current: unknown[] = [fields];
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const item of value)
          if (item && typeof item === 'object') next.push((item as Record<string, unknown>)[segment]);
      } else if (value && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[segment]);
      }
    }
    current = next;
  }
  return current.flat().filter((v) => v !== undefined && v !== null && v !== '');
}

/** JSON for comparing contract parts: where they were written (`at`) is not part of what they say. */
function same(a: unknown, b: unknown): boolean {
  const text = (v: unknown) => JSON.stringify(v, (key, value) => (key === 'at' ? undefined : value));
  return text(a) === text(b);
}

export type RecordTest = (fields: Record<string, unknown>) => boolean;

export interface MappingChange {
  /** `customer.tier in netsuite`, `flow orders`. */
  subject: string;
  description: string;
  entity: string;
  system: string;
  /** The system's record type whose records are counted. */
  object: string;
  flows: string[];
  /** Which records of `object` the change touches. */
  touches: RecordTest;
}

const hasValue =
  (path: string): RecordTest =>
  (f) =>
    valuesAt(f, path).length > 0;

function enumKeysChanged(before: FieldMapping, after: FieldMapping): string[] {
  const a = before.enumMap ?? {};
  const b = after.enumMap ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

function fieldChange(before: FieldMapping | undefined, after: FieldMapping | undefined) {
  if (!before && after)
    return { description: `now mapped from ${after.path}`, touches: hasValue(after.path) };
  if (before && !after)
    return { description: `no longer mapped (was ${before.path})`, touches: hasValue(before.path) };
  if (!before || !after) return undefined;
  if (before.path !== after.path) {
    const a = hasValue(before.path);
    const b = hasValue(after.path);
    return {
      description: `path ${before.path} → ${after.path}`,
      touches: (f: Record<string, unknown>) => a(f) || b(f),
    };
  }
  const keys = enumKeysChanged(before, after);
  if (keys.length > 0) {
    const set = new Set(keys);
    return {
      description: `enum map changed for ${keys.map((k) => `"${k}"`).join(', ')}`,
      touches: (f: Record<string, unknown>) => valuesAt(f, after.path).some((v) => set.has(String(v))),
    };
  }
  const other: string[] = [];
  if (!same(before.transforms, after.transforms)) {
    other.push(`transforms [${before.transforms.join(', ')}] → [${after.transforms.join(', ')}]`);
  }
  if (before.currencyPath !== after.currencyPath)
    other.push(`currency ${before.currencyPath ?? '(none)'} → ${after.currencyPath ?? '(none)'}`);
  if (before.readOnly !== after.readOnly) other.push(after.readOnly ? 'now read-only' : 'now written');
  if (!same(before.lines, after.lines)) other.push('line mapping changed');
  return other.length > 0 ? { description: other.join('; '), touches: hasValue(after.path) } : undefined;
}

function flowsOf(contract: Contract, entity: string, system: string, field?: string): string[] {
  return Object.values(contract.flows)
    .filter(
      (f) =>
        f.entity === entity && (f.from === system || f.to === system) && (!field || f.fields.includes(field)),
    )
    .map((f) => f.name);
}

/** Records a flow reads: its source object, narrowed by `only` through the source enum maps. */
function flowSource(contract: Contract, flow: FlowDef): { object: string; test: RecordTest } | undefined {
  const mapping = contract.entities[flow.entity]?.mappings[flow.from];
  if (!mapping) return undefined;
  const filters = Object.entries(flow.only ?? {}).map(([field, allowed]) => {
    const fm = mapping.fields[field];
    return (f: Record<string, unknown>) =>
      !fm || valuesAt(f, fm.path).some((v) => allowed.includes(fm.enumMap?.[String(v)] ?? String(v)));
  });
  return { object: mapping.record, test: (f) => filters.every((t) => t(f)) };
}

function flowChanges(before: Contract, after: Contract): MappingChange[] {
  const out: MappingChange[] = [];
  for (const name of new Set([...Object.keys(before.flows), ...Object.keys(after.flows)])) {
    const a = before.flows[name];
    const b = after.flows[name];
    const what: string[] = [];
    if (!a) what.push('flow added');
    else if (!b) what.push('flow removed');
    else {
      if (a.from !== b.from || a.to !== b.to) what.push(`${a.from}→${a.to} becomes ${b.from}→${b.to}`);
      if (a.direction !== b.direction) what.push(`direction ${a.direction} → ${b.direction}`);
      if (!same(a.match, b.match)) what.push('match keys changed');
      if (!same(a.only, b.only)) what.push('record filter (only) changed');
      if (!same(a.fields, b.fields)) what.push(`fields [${a.fields.join(', ')}] → [${b.fields.join(', ')}]`);
    }
    if (what.length === 0) continue;
    const flow = (b ?? a)!;
    const contract = b ? after : before;
    const now = flowSource(contract, flow);
    if (!now) continue;
    const was = a && b ? flowSource(before, a) : undefined;
    // A changed filter touches the records that pass one filter but not the other.
    const touches: RecordTest =
      was && !same(a?.only, b?.only) && what.length === 1
        ? (f) => was.test(f) !== now.test(f)
        : (f) => now.test(f) || (was?.test(f) ?? false);
    out.push({
      subject: `flow ${name}`,
      description: what.join('; '),
      entity: flow.entity,
      system: flow.from,
      object: now.object,
      flows: [name],
      touches,
    });
  }
  return out;
}

/** Every mapping and flow change between two contracts. */
export function mappingChanges(before: Contract, after: Contract): MappingChange[] {
  const out: MappingChange[] = [];
  for (const entity of new Set([...Object.keys(before.entities), ...Object.keys(after.entities)])) {
    const a = before.entities[entity];
    const b = after.entities[entity];
    for (const system of new Set([...Object.keys(a?.mappings ?? {}), ...Object.keys(b?.mappings ?? {})])) {
      const ma = a?.mappings[system];
      const mb = b?.mappings[system];
      const object = (mb ?? ma)!.record;
      const contract = mb ? after : before;
      for (const field of new Set([...Object.keys(ma?.fields ?? {}), ...Object.keys(mb?.fields ?? {})])) {
        const change = fieldChange(ma?.fields[field], mb?.fields[field]);
        const ownerA = a?.fields[field]?.owner;
        const ownerB = b?.fields[field]?.owner;
        const ownerMoved = ownerA !== ownerB && system === ownerB;
        if (!change && !ownerMoved) continue;
        const path = (mb?.fields[field] ?? ma?.fields[field])!.path;
        const description = [
          change?.description,
          ownerMoved ? `owner ${ownerA ?? '(none)'} → ${ownerB ?? '(none)'}` : undefined,
        ]
          .filter(Boolean)
          .join('; ');
        out.push({
          subject: `${entity}.${field} in ${system}`,
          description,
          entity,
          system,
          object,
          flows: flowsOf(contract, entity, system, field),
          touches: change?.touches ?? hasValue(path),
        });
      }
    }
  }
  return [...out, ...flowChanges(before, after)];
}
