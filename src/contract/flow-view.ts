/**
 * A flow seen with everything a check needs around it: its entity, both mappings, the fields it
 * carries, and who writes each field where across the whole contract.
 */
import type { Contract, EntityDef, EntityMapping, FieldDef, FlowDef } from './model.ts';

export interface FlowView {
  readonly contract: Contract;
  readonly flow: FlowDef;
  readonly entity: EntityDef;
  readonly from: EntityMapping;
  readonly to: EntityMapping;
  readonly fields: readonly FieldDef[];
}

/** Views of every flow. Flows are validated at load, so entity and mappings exist. */
export function flowViews(contract: Contract): FlowView[] {
  const views: FlowView[] = [];
  for (const flow of Object.values(contract.flows)) {
    const entity = contract.entities[flow.entity];
    const from = entity?.mappings[flow.from];
    const to = entity?.mappings[flow.to];
    if (!entity || !from || !to) continue;
    const fields = flow.fields
      .map((name) => entity.fields[name])
      .filter((f): f is FieldDef => f !== undefined);
    views.push({ contract, flow, entity, from, to, fields });
  }
  return views;
}

/**
 * The systems that may change `entity.field` in `system`: its users (when it maps the field)
 * plus every flow that writes the field into it. Two or more writers make a conflict possible.
 */
export function writersOf(contract: Contract, entity: string, field: string, system: string): Set<string> {
  const writers = new Set<string>();
  for (const flow of Object.values(contract.flows)) {
    if (flow.entity !== entity || !flow.fields.includes(field)) continue;
    if (flow.to === system) writers.add(flow.from);
    if (flow.direction === 'two-way' && flow.from === system) writers.add(flow.to);
  }
  return writers;
}

/** The canonical values a mapping can produce for an enum field (its map's targets, or all). */
export function producedValues(field: FieldDef, mapping: EntityMapping): string[] {
  const map = mapping.fields[field.name]?.enumMap;
  return map === undefined ? [...(field.values ?? [])] : [...new Set(Object.values(map))];
}

/** Canonical values a mapping has more than one system value for (cannot be written back). */
export function ambiguousValues(field: FieldDef, mapping: EntityMapping): string[] {
  const map = mapping.fields[field.name]?.enumMap;
  if (map === undefined) return [];
  const seen = new Map<string, number>();
  for (const canonical of Object.values(map)) seen.set(canonical, (seen.get(canonical) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([v]) => v);
}
