/**
 * Step 2 of the pipeline, and its mirror for writes: a system record ↔ the canonical record, as
 * the contract's mapping says (dotted field paths, transforms, enum maps, money with its currency
 * path, lines). Values are coerced with `coerceField`, so each kind has one normal form.
 *
 * An enum value the map does not know is reported as a problem of kind `unknown-enum` (the engine
 * turns it into a review item), never replaced by a default. A value that cannot be read at all is
 * an `invalid` problem (a dead letter naming the system, record and field).
 *
 * @example
 *   const canonical = readCanonical(record, contract.entities.customer!.mappings.shopify!, contract.entities.customer!, ['email']);
 *   const fields = writeSystemFields({ email: canonical.values.email! }, nsMapping, entity);
 */
import type { EntityDef, EntityMapping, FieldDef, FieldMapping, LineFieldDef } from '../../contract/model.ts';
import { formatDecimal } from '../../model/decimal.ts';
import { type Coerced, coerceField, type FieldSpec, type FieldValue } from '../../model/field-value.ts';
import { Money } from '../../model/money.ts';
import { getPath, setPath } from './field-path.ts';
import { applyReadTransforms, applyWriteTransforms } from './transforms.ts';

export interface MappingProblem {
  field: string;
  kind: 'unknown-enum' | 'invalid';
  raw: unknown;
  reason: string;
}

export interface CanonicalRecord {
  values: Record<string, FieldValue>;
  problems: MappingProblem[];
}

/**
 * Reads the named canonical fields (those the mapping maps) from a system record's fields.
 * `decided` holds canonical values a reviewer chose for unmapped enum values, by the problem's
 * field (`paymentStatus`, or `lines[2].category` inside a line), so the rest of the record reads
 * as usual around them.
 */
export function readCanonical(
  fields: Record<string, unknown>,
  mapping: EntityMapping,
  entity: EntityDef,
  names: readonly string[],
  decided: Readonly<Record<string, string>> = {},
): CanonicalRecord {
  const values: Record<string, FieldValue> = {};
  const problems: MappingProblem[] = [];
  const fallbackCurrency = recordCurrency(fields, mapping);
  for (const name of names) {
    const m = mapping.fields[name];
    const def = entity.fields[name];
    if (!m || !def) continue;
    const read = readField(fields, m, def, name, fallbackCurrency, decided);
    if ('problem' in read) problems.push(read.problem);
    else values[name] = read.value;
  }
  return { values, problems };
}

type Read = { value: FieldValue } | { problem: MappingProblem };

function readField(
  source: unknown,
  m: FieldMapping,
  def: FieldDef | LineFieldDef,
  name: string,
  fallbackCurrency: unknown,
  decided: Readonly<Record<string, string>>,
): Read {
  const raw = getPath(source, m.path);
  if (def.kind === 'lines') {
    if (raw === null || raw === undefined) return { value: [] };
    if (!Array.isArray(raw))
      return { problem: { field: name, kind: 'invalid', raw, reason: 'expected a list of lines' } };
    const lines: Record<string, FieldValue>[] = [];
    const lineDefs = (def as FieldDef).lines ?? {};
    for (const [index, line] of raw.entries()) {
      const out: Record<string, FieldValue> = {};
      for (const [lineName, lm] of Object.entries(m.lines ?? {})) {
        const lineDef = lineDefs[lineName];
        if (!lineDef) continue;
        const read = readField(
          line,
          lm,
          lineDef,
          `${name}[${index + 1}].${lineName}`,
          fallbackCurrency,
          decided,
        );
        if ('problem' in read) return read;
        out[lineName] = read.value;
      }
      lines.push(out);
    }
    return { value: lines };
  }
  const transformed = applyReadTransforms(m.transforms, raw);
  if (!transformed.ok) return { problem: { field: name, kind: 'invalid', raw, reason: transformed.reason } };
  let value = transformed.value;
  if (def.kind === 'enum' && value !== null && value !== undefined) {
    const text = typeof value === 'string' ? value : String(value);
    const mapped = (m.enumMap ? m.enumMap[text] : text) ?? decided[name];
    if (mapped === undefined || !(def.values ?? []).includes(mapped)) {
      const known = m.enumMap ? Object.keys(m.enumMap) : (def.values ?? []);
      return {
        problem: {
          field: name,
          kind: 'unknown-enum',
          raw: text,
          reason: `"${text}" is not a mapped value of ${name} (mapped: ${known.join(', ')})`,
        },
      };
    }
    value = mapped;
  }
  if (def.kind === 'money' && value !== null && value !== undefined) {
    const currency = m.currencyPath ? getPath(source, m.currencyPath) : fallbackCurrency;
    if (typeof currency !== 'string')
      return { problem: { field: name, kind: 'invalid', raw, reason: 'money without a currency' } };
    if (m.transforms.includes('minor-units')) {
      try {
        return { value: Money.fromMinorUnits(value as number | string, currency) };
      } catch (error) {
        return { problem: { field: name, kind: 'invalid', raw, reason: (error as Error).message } };
      }
    }
    value = { amount: typeof value === 'number' ? String(value) : value, currency };
  }
  if (def.kind === 'reference' && typeof value === 'number') value = String(value);
  const coerced: Coerced = coerceField(specOf(def), value);
  return coerced.ok
    ? { value: coerced.value }
    : { problem: { field: name, kind: 'invalid', raw, reason: coerced.reason } };
}

function isRecordField(def: FieldDef | LineFieldDef): def is FieldDef {
  return 'declaredOwners' in def;
}

function specOf(def: FieldDef | LineFieldDef): FieldSpec {
  return {
    kind: def.kind,
    ...(def.values ? { values: def.values } : {}),
    // A record field names the entity it refers to in `references` (its `entity` is the entity
    // that declares it); a line field in `entity`.
    ...(isRecordField(def)
      ? def.references
        ? { entity: def.references }
        : {}
      : def.entity
        ? { entity: def.entity }
        : {}),
  };
}

/** The currency of a record's first money field with a currency path: for line amounts without one. */
function recordCurrency(fields: Record<string, unknown>, mapping: EntityMapping): unknown {
  for (const m of Object.values(mapping.fields)) if (m.currencyPath) return getPath(fields, m.currencyPath);
  return undefined;
}

/**
 * Canonical values → the system's field shape for a write. Read-only mappings are skipped; enum
 * values are mapped back through the enum map; money writes its amount (decimal text, or integer
 * minor units under `minor-units`) and its currency.
 */
export function writeSystemFields(
  values: Readonly<Record<string, FieldValue>>,
  mapping: EntityMapping,
  entity: EntityDef,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const m = mapping.fields[name];
    const def = entity.fields[name];
    if (!m || !def || m.readOnly) continue;
    writeField(out, m, def, value);
  }
  return out;
}

function writeField(
  out: Record<string, unknown>,
  m: FieldMapping,
  def: FieldDef | LineFieldDef,
  value: FieldValue,
): void {
  if (value === null) {
    setPath(out, m.path, null);
    return;
  }
  if (def.kind === 'lines' && Array.isArray(value)) {
    const lineDefs = (def as FieldDef).lines ?? {};
    const lines = value.map((line) => {
      const o: Record<string, unknown> = {};
      for (const [lineName, lm] of Object.entries(m.lines ?? {})) {
        const lineDef = lineDefs[lineName];
        const v = line[lineName];
        if (lineDef && v !== undefined && !lm.readOnly) writeField(o, lm, lineDef, v);
      }
      // A line field mapped to `$` is the whole element: the list holds plain values.
      return '$' in o ? o.$ : o;
    });
    setPath(out, m.path, lines);
    return;
  }
  if (value instanceof Money) {
    const amount = m.transforms.includes('minor-units')
      ? Number(value.toMinorUnits())
      : formatDecimal(value.amount);
    setPath(out, m.path, amount);
    if (m.currencyPath) setPath(out, m.currencyPath, value.currency);
    return;
  }
  setPath(out, m.path, applyWriteTransforms(m.transforms, systemValueOf(m, value)));
}

function systemValueOf(m: FieldMapping, value: FieldValue): unknown {
  if (typeof value === 'string' && m.enumMap) {
    const entry = Object.entries(m.enumMap).find(([, canonical]) => canonical === value);
    return entry ? entry[0] : value;
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const tagged = value as { kind?: string; original?: string; id?: string };
    if (tagged.kind === 'email') return tagged.original;
    if (tagged.kind === 'reference') return tagged.id;
    if ('toFixed' in value) return formatDecimal(value as never);
  }
  return value;
}
