/**
 * What a contract depends on in each system: for every object (record type) a mapping names,
 * the system fields its paths start from, the canonical fields and flows that use each one, the
 * enum values the contract maps, and which flows read from or write to the object.
 *
 * A mapping path `custentity_tier.refName` depends on the field `custentity_tier`; a sublist path
 * `item.items` on `item`. Line fields inside sublists are not described by every system, so they
 * are not tracked separately.
 *
 * @example
 *   const deps = contractDependencies(contract);
 *   deps.get('netsuite')?.objects.get('customer')?.fields.get('email'); // [{ entity: 'customer', … }]
 */
import type { Contract, FieldMapping, FlowDef } from '../contract/model.ts';

/** One use of a system field by the contract. */
export interface FieldUse {
  readonly entity: string;
  /** The canonical field, or `(id)` / `(externalId)` for the record's keys. */
  readonly canonicalField: string;
  /** The mapping path as written (`custentity_tier.refName`). */
  readonly path: string;
  /** System value → canonical value, for enums. */
  readonly enumMap?: Readonly<Record<string, string>>;
  /** Flows that carry this field through this system. */
  readonly flows: readonly string[];
}

export interface ObjectDependency {
  readonly system: string;
  /** The system's record type as the contract names it (`salesOrder`, `Order`). */
  readonly object: string;
  readonly entities: readonly string[];
  /** By system field name (the first segment of each path). */
  readonly fields: ReadonlyMap<string, readonly FieldUse[]>;
  /** Flows that read records of this object. */
  readonly readBy: readonly string[];
  /** Flows that write records of this object (a new required field there blocks them). */
  readonly writtenBy: readonly string[];
}

export interface SystemDependencies {
  readonly system: string;
  /** By object name, lower case (systems match record type names case-insensitively). */
  readonly objects: ReadonlyMap<string, ObjectDependency>;
  /** Every flow that touches the system. */
  readonly flows: readonly string[];
}

/** The system field a mapping path starts from. */
export function rootField(path: string): string {
  return path.split('.')[0] ?? path;
}

function reads(flow: FlowDef, system: string): boolean {
  return flow.from === system || (flow.direction === 'two-way' && flow.to === system);
}

function writes(flow: FlowDef, system: string): boolean {
  return flow.to === system || (flow.direction === 'two-way' && flow.from === system);
}

interface MutableObject {
  system: string;
  object: string;
  entities: Set<string>;
  fields: Map<string, FieldUse[]>;
  readBy: Set<string>;
  writtenBy: Set<string>;
}

/** Every system's dependencies, keyed by system name (systems no mapping names are absent). */
export function contractDependencies(contract: Contract): Map<string, SystemDependencies> {
  const objects = new Map<string, Map<string, MutableObject>>();
  const flowsBySystem = new Map<string, Set<string>>();
  for (const flow of Object.values(contract.flows)) {
    for (const system of [flow.from, flow.to]) {
      const set = flowsBySystem.get(system) ?? new Set<string>();
      set.add(flow.name);
      flowsBySystem.set(system, set);
    }
  }
  for (const entity of Object.values(contract.entities)) {
    for (const mapping of Object.values(entity.mappings)) {
      const flows = Object.values(contract.flows).filter(
        (f) => f.entity === entity.name && (f.from === mapping.system || f.to === mapping.system),
      );
      const bySystem = objects.get(mapping.system) ?? new Map<string, MutableObject>();
      objects.set(mapping.system, bySystem);
      const key = mapping.record.toLowerCase();
      const dep = bySystem.get(key) ?? {
        system: mapping.system,
        object: mapping.record,
        entities: new Set<string>(),
        fields: new Map<string, FieldUse[]>(),
        readBy: new Set<string>(),
        writtenBy: new Set<string>(),
      };
      bySystem.set(key, dep);
      dep.entities.add(entity.name);
      for (const f of flows) {
        if (reads(f, mapping.system)) dep.readBy.add(f.name);
        if (writes(f, mapping.system)) dep.writtenBy.add(f.name);
      }
      const use = (path: string, use: Omit<FieldUse, 'path'>) => {
        const name = rootField(path);
        const list = dep.fields.get(name) ?? [];
        list.push({ ...use, path });
        dep.fields.set(name, list);
      };
      const allFlows = flows.map((f) => f.name);
      use(mapping.idPath, { entity: entity.name, canonicalField: '(id)', flows: allFlows });
      if (mapping.externalIdPath) {
        use(mapping.externalIdPath, { entity: entity.name, canonicalField: '(externalId)', flows: allFlows });
      }
      for (const [field, fm] of Object.entries(mapping.fields) as [string, FieldMapping][]) {
        const carrying = flows.filter((f) => f.fields.includes(field)).map((f) => f.name);
        const base = { entity: entity.name, canonicalField: field, flows: carrying };
        use(fm.path, fm.enumMap ? { ...base, enumMap: fm.enumMap } : base);
        if (fm.currencyPath) use(fm.currencyPath, base);
      }
    }
  }
  const result = new Map<string, SystemDependencies>();
  for (const [system, bySystem] of objects) {
    const frozen = new Map<string, ObjectDependency>();
    for (const [key, o] of bySystem) {
      frozen.set(key, {
        system: o.system,
        object: o.object,
        entities: [...o.entities].sort(),
        fields: o.fields,
        readBy: [...o.readBy].sort(),
        writtenBy: [...o.writtenBy].sort(),
      });
    }
    result.set(system, { system, objects: frozen, flows: [...(flowsBySystem.get(system) ?? [])].sort() });
  }
  return result;
}

/** Flows and canonical fields of a set of uses, de-duplicated and sorted. */
export function affected(uses: readonly FieldUse[]): { flows: string[]; fields: string[] } {
  return {
    flows: [...new Set(uses.flatMap((u) => u.flows))].sort(),
    fields: [...new Set(uses.map((u) => `${u.entity}.${u.canonicalField}`))].sort(),
  };
}
