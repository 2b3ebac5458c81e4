/**
 * Differences in entities: fields added and removed, owners, conflict rules, how values compare
 * (`normalise`), kinds and enum values, and every system mapping's paths, transforms and value maps.
 */
import { changed, type Draft } from './contract-change.ts';
import type { Contract, EntityDef, FieldMapping } from './model.ts';

function mappingChanges(
  entity: string,
  system: string,
  field: string,
  before: FieldMapping,
  after: FieldMapping,
): Draft[] {
  const subject = `${entity}.${field} in ${system}`;
  const base = { entity, subject };
  const lineChanges: Draft[] = [];
  for (const line of new Set([...Object.keys(before.lines ?? {}), ...Object.keys(after.lines ?? {})])) {
    const b = before.lines?.[line];
    const a = after.lines?.[line];
    if (b && a) lineChanges.push(...mappingChanges(entity, system, `${field}.${line}`, b, a));
    else
      lineChanges.push(
        ...changed(b?.path, a?.path, {
          ...base,
          kind: 'mapping',
          severity: 'medium',
          message: (x, y) => `${subject}: line field ${line} mapping ${x} → ${y}`,
        }),
      );
  }
  return [
    ...changed(before.path, after.path, {
      ...base,
      kind: 'mapping',
      severity: 'medium',
      message: (b, a) => `${subject} now reads ${a} instead of ${b}`,
    }),
    ...changed(before.currencyPath, after.currencyPath, {
      ...base,
      kind: 'mapping',
      severity: 'medium',
      message: (b, a) => `${subject}: currency path ${b} → ${a}`,
    }),
    ...changed(before.transforms, after.transforms, {
      ...base,
      kind: 'transform',
      severity: 'medium',
      message: (b, a) => `${subject}: transforms ${b} → ${a}`,
    }),
    ...changed(before.readOnly, after.readOnly, {
      ...base,
      kind: 'mapping',
      severity: 'medium',
      message: (_b, a) => `${subject} is ${a === 'true' ? 'now read-only' : 'now written'}`,
    }),
    ...enumMapChanges(subject, entity, before.enumMap, after.enumMap),
    ...lineChanges,
  ];
}

function enumMapChanges(
  subject: string,
  entity: string,
  before?: Readonly<Record<string, string>>,
  after?: Readonly<Record<string, string>>,
): Draft[] {
  const out: Draft[] = [];
  for (const value of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const b = before?.[value];
    const a = after?.[value];
    if (b === a) continue;
    // A removed entry sends that value to review from now on; a re-pointed one silently changes meaning.
    const severity = a === undefined || b !== undefined ? 'high' : 'medium';
    out.push({
      kind: 'enum-map',
      severity,
      entity,
      subject,
      message:
        a === undefined
          ? `${subject}: "${value}" is no longer mapped (was ${b})`
          : b === undefined
            ? `${subject}: "${value}" now maps to ${a}`
            : `${subject}: "${value}" maps to ${a} instead of ${b}`,
      before: b ?? '(none)',
      after: a ?? '(none)',
    });
  }
  return out;
}

function entityChanges(name: string, before: EntityDef, after: EntityDef): Draft[] {
  const out: Draft[] = [];
  for (const field of new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])) {
    const b = before.fields[field];
    const a = after.fields[field];
    const subject = `${name}.${field}`;
    const base = { entity: name, subject };
    if (!b || !a) {
      out.push(
        b
          ? {
              ...base,
              kind: 'field-removed',
              severity: 'high',
              message: `${subject} was removed`,
              before: b.kind,
              after: '(none)',
            }
          : {
              ...base,
              kind: 'field-added',
              severity: 'medium',
              message: `${subject} was added (${a?.kind}, owner ${a?.owner ?? 'none'})`,
              before: '(none)',
              after: a?.kind ?? '',
            },
      );
      continue;
    }
    out.push(
      ...changed(b.declaredOwners.join(', '), a.declaredOwners.join(', '), {
        ...base,
        kind: 'owner',
        severity: 'high',
        message: (x, y) => `${subject}: owner changes from ${x || '(none)'} to ${y || '(none)'}`,
      }),
      ...changed(b.conflict, a.conflict, {
        ...base,
        kind: 'conflict-rule',
        severity: 'high',
        message: (x, y) => `${subject}: conflict rule ${x} → ${y}`,
      }),
      ...changed(b.onNonOwnerChange, a.onNonOwnerChange, {
        ...base,
        kind: 'conflict-rule',
        severity: 'medium',
        message: (x, y) => `${subject}: non-owner change ${x} → ${y}`,
      }),
      // How two values compare decides what the engine writes and reconciliation reports.
      ...changed((b.normalise ?? []).join(', '), (a.normalise ?? []).join(', '), {
        ...base,
        kind: 'transform',
        severity: 'medium',
        message: (x, y) => `${subject}: compared after ${x || '(as written)'} → ${y || '(as written)'}`,
      }),
      ...changed(b.kind, a.kind, {
        ...base,
        kind: 'mapping',
        severity: 'high',
        message: (x, y) => `${subject}: kind ${x} → ${y}`,
      }),
      ...changed(b.values, a.values, {
        ...base,
        kind: 'enum-map',
        severity: 'medium',
        message: (x, y) => `${subject}: declared values ${x} → ${y}`,
      }),
    );
  }
  for (const system of new Set([...Object.keys(before.mappings), ...Object.keys(after.mappings)])) {
    const b = before.mappings[system];
    const a = after.mappings[system];
    const subject = `${name} in ${system}`;
    if (!b || !a) {
      out.push({
        kind: 'mapping',
        severity: b ? 'high' : 'medium',
        entity: name,
        subject,
        message: `${subject}: mapping ${b ? 'removed' : 'added'}`,
        before: b?.record ?? '(none)',
        after: a?.record ?? '(none)',
      });
      continue;
    }
    out.push(
      ...changed([b.record, b.idPath, b.externalIdPath], [a.record, a.idPath, a.externalIdPath], {
        entity: name,
        subject,
        kind: 'mapping',
        severity: 'high',
        message: (x, y) => `${subject}: record type / id / externalId ${x} → ${y}`,
      }),
    );
    for (const field of new Set([...Object.keys(b.fields), ...Object.keys(a.fields)])) {
      const bf = b.fields[field];
      const af = a.fields[field];
      if (bf && af) out.push(...mappingChanges(name, system, field, bf, af));
      else if (before.fields[field] && after.fields[field]) {
        out.push({
          kind: 'mapping',
          severity: bf ? 'high' : 'medium',
          entity: name,
          subject: `${name}.${field} in ${system}`,
          message: `${name}.${field} is ${bf ? 'no longer' : 'now'} mapped in ${system}`,
          before: bf?.path ?? '(none)',
          after: af?.path ?? '(none)',
        });
      }
    }
  }
  return out;
}

export function diffEntities(before: Contract, after: Contract): Draft[] {
  const out: Draft[] = [];
  for (const name of new Set([...Object.keys(before.entities), ...Object.keys(after.entities)])) {
    const b = before.entities[name];
    const a = after.entities[name];
    if (b && a) out.push(...entityChanges(name, b, a));
    else if (b)
      out.push({
        kind: 'field-removed',
        severity: 'high',
        entity: name,
        subject: name,
        message: `entity ${name} was removed with its ${Object.keys(b.fields).length} fields`,
        before: name,
        after: '(none)',
      });
    else if (a)
      out.push({
        kind: 'field-added',
        severity: 'medium',
        entity: name,
        subject: name,
        message: `entity ${name} was added with ${Object.keys(a.fields).length} fields`,
        before: '(none)',
        after: name,
      });
  }
  return out;
}
