/**
 * Cross-checks entities: each field's kind has what it needs (enum values, a referenced entity,
 * line fields), owners are declared systems, and each system mapping maps only declared fields
 * with settings that fit their kind.
 */
import type { FieldInput, FieldMappingInput, LineFieldMappingInput } from './schema.ts';
import type { Path, ValidationContext } from './validation-context.ts';
import type { FieldKind } from './vocabulary.ts';

interface KindExtras {
  values?: string[] | undefined;
  entity?: string | undefined;
  fields?: unknown;
}

function checkKindExtras(
  ctx: ValidationContext,
  path: Path,
  label: string,
  field: KindExtras & { kind: FieldKind },
): void {
  if (field.kind === 'enum') {
    if (field.values === undefined || field.values.length === 0) {
      ctx.error(
        path,
        `${label} is an enum but declares no values`,
        'add values: [pending, paid, refunded] listing every canonical value',
        true,
      );
    } else {
      const seen = new Set<string>();
      field.values.forEach((value, i) => {
        if (seen.has(value))
          ctx.error(
            [...path, 'values', i],
            `${label} lists the value "${value}" twice`,
            'remove the duplicate',
          );
        seen.add(value);
      });
    }
  } else if (field.values !== undefined) {
    ctx.error(
      [...path, 'values'],
      `${label} declares values but is a ${field.kind}`,
      'set kind: enum, or remove values',
      true,
    );
  }
  if (field.kind === 'reference') {
    if (field.entity === undefined) {
      ctx.error(
        path,
        `${label} is a reference but names no entity`,
        'add entity: <the entity it refers to>',
        true,
      );
    } else {
      ctx.reference([...path, 'entity'], field.entity, ctx.entityNames(), 'entity');
    }
  } else if (field.entity !== undefined) {
    ctx.error(
      [...path, 'entity'],
      `${label} names an entity but is a ${field.kind}`,
      'set kind: reference, or remove entity',
      true,
    );
  }
  if (field.kind === 'lines' && field.fields === undefined) {
    ctx.error(
      path,
      `${label} is a lines collection but declares no line fields`,
      'add fields: { item: { kind: reference, entity: item }, quantity: { kind: integer } }',
      true,
    );
  } else if (field.kind !== 'lines' && field.fields !== undefined) {
    ctx.error(
      [...path, 'fields'],
      `${label} declares line fields but is a ${field.kind}`,
      'set kind: lines, or remove fields',
      true,
    );
  }
}

/** Kinds whose values are text a normaliser can read; the others compare by their own rules. */
const NORMALISABLE: ReadonlySet<FieldKind> = new Set(['string', 'email']);

function checkNormalise(ctx: ValidationContext, path: Path, label: string, field: FieldInput): void {
  if (field.normalise === undefined || NORMALISABLE.has(field.kind)) return;
  const why =
    field.kind === 'money' || field.kind === 'decimal' || field.kind === 'integer'
      ? 'numbers already compare by value (12.50 = 12.5), and money by its currency too; a tolerance belongs to the reconciliation rule'
      : field.kind === 'enum'
        ? "enum values are compared after each system's value map; map every spelling there"
        : `a ${field.kind} is compared by its own rules, not as text`;
  ctx.error(
    [...path, 'normalise'],
    `${label} is ${/^[aeiou]/.test(field.kind) ? 'an' : 'a'} ${field.kind} field, and normalise applies only to string and email fields`,
    `remove normalise: ${why}`,
    true,
  );
}

function checkOwners(ctx: ValidationContext, path: Path, field: FieldInput): void {
  if (field.owner === undefined) return;
  const owners = typeof field.owner === 'string' ? [field.owner] : field.owner;
  owners.forEach((owner, i) => {
    ctx.reference(
      typeof field.owner === 'string' ? [...path, 'owner'] : [...path, 'owner', i],
      owner,
      ctx.systemNames(),
      'system',
    );
  });
}

type AnyMapping = FieldMappingInput | LineFieldMappingInput;

function checkMapping(
  ctx: ValidationContext,
  path: Path,
  label: string,
  kind: FieldKind,
  values: readonly string[] | undefined,
  mapping: AnyMapping,
): void {
  if (typeof mapping === 'string') return;
  if (mapping.currency !== undefined && kind !== 'money') {
    ctx.error(
      [...path, 'currency'],
      `${label} maps a currency but is a ${kind}`,
      'only money fields have a currency path; remove it',
      true,
    );
  }
  if (mapping.map !== undefined) {
    if (kind !== 'enum') {
      ctx.error(
        [...path, 'map'],
        `${label} has a value map but is a ${kind}`,
        'only enum fields map values; remove map',
        true,
      );
    } else {
      for (const [systemValue, canonical] of Object.entries(mapping.map)) {
        if (!values?.includes(canonical)) {
          ctx.reference([...path, 'map', systemValue], canonical, values ?? [], `${label} value`);
        }
      }
    }
  }
  const transforms = mapping.transform === undefined ? [] : [mapping.transform].flat();
  transforms.forEach((transform) => {
    const fits =
      transform === 'minor-units'
        ? kind === 'money' || kind === 'decimal'
        : transform === 'unix-seconds' || transform === 'date-only'
          ? kind === 'date' || kind === 'datetime'
          : kind !== 'lines' &&
            kind !== 'money' &&
            kind !== 'decimal' &&
            kind !== 'integer' &&
            kind !== 'boolean';
    if (!fits)
      ctx.error(
        [...path, 'transform'],
        `${label}: transform ${transform} does not apply to a ${kind}`,
        'remove it, or change the field kind',
        true,
      );
  });
  if ('fields' in mapping && mapping.fields !== undefined && kind !== 'lines') {
    ctx.error(
      [...path, 'fields'],
      `${label} maps line fields but is a ${kind}`,
      'only lines fields map line fields',
      true,
    );
  }
}

export function validateEntities(ctx: ValidationContext): void {
  for (const [entityName, entity] of Object.entries(ctx.input.entities)) {
    const base = ['entities', entityName];
    if (entity.owner !== undefined)
      ctx.reference([...base, 'owner'], entity.owner, ctx.systemNames(), 'system');
    for (const [fieldName, field] of Object.entries(entity.fields)) {
      const path = [...base, 'fields', fieldName];
      const label = `${entityName}.${fieldName}`;
      checkKindExtras(ctx, path, label, field);
      checkNormalise(ctx, path, label, field);
      checkOwners(ctx, path, field);
      for (const [lineName, line] of Object.entries(field.fields ?? {})) {
        checkKindExtras(ctx, [...path, 'fields', lineName], `${label}.${lineName}`, line);
      }
    }
    const fieldNames = Object.keys(entity.fields);
    for (const [system, mapping] of Object.entries(entity.mappings)) {
      const mpath = [...base, 'mappings', system];
      ctx.reference(mpath, system, ctx.systemNames(), 'system', true);
      for (const [fieldName, fieldMapping] of Object.entries(mapping.fields)) {
        const path = [...mpath, 'fields', fieldName];
        const field = entity.fields[fieldName];
        if (field === undefined) {
          ctx.reference(path, fieldName, fieldNames, `${entityName} field`, true);
          continue;
        }
        const label = `${entityName}.${fieldName} in ${system}`;
        checkMapping(ctx, path, label, field.kind, field.values, fieldMapping);
        if (
          typeof fieldMapping === 'string' ||
          fieldMapping.fields === undefined ||
          field.fields === undefined
        )
          continue;
        const lineNames = Object.keys(field.fields);
        for (const [lineName, lineMapping] of Object.entries(fieldMapping.fields)) {
          const line = field.fields[lineName];
          if (line === undefined) {
            ctx.reference(
              [...path, 'fields', lineName],
              lineName,
              lineNames,
              `${entityName}.${fieldName} line field`,
              true,
            );
          } else {
            checkMapping(
              ctx,
              [...path, 'fields', lineName],
              `${label} line ${lineName}`,
              line.kind,
              line.values,
              lineMapping,
            );
          }
        }
      }
    }
  }
}
