/**
 * The kinds a canonical field can have, and how a raw value from a system becomes one.
 *
 * Each kind has one normal form, so two systems' values can be compared without guessing:
 * - `email` keeps the original text and a normalised form (trimmed, lower-cased) used only for
 *   matching — the original is what gets written;
 * - `date` is a calendar date with no time zone (`2026-10-31`), `datetime` a UTC instant
 *   (`2026-10-31T23:00:00.000Z`); a datetime is never silently truncated to a date;
 * - `decimal` and `money` are exact (see decimal.ts, money.ts);
 * - `enum` values must be declared; an undeclared value is an error for the caller to route to
 *   review, never a default.
 *
 * @example
 *   coerceField({ kind: 'email' }, '  Ana@Example.COM ')
 *   // { ok: true, value: { kind: 'email', original: '  Ana@Example.COM ', normalised: 'ana@example.com' } }
 */
import { isCurrencyCode } from './currencies.ts';
import { Decimal, isDecimalString } from './decimal.ts';
import { Money } from './money.ts';

/** Every kind a canonical field can have; the contract's schema accepts exactly these. */
export const FIELD_KINDS = [
  'string',
  'email',
  'decimal',
  'money',
  'date',
  'datetime',
  'enum',
  'reference',
  'lines',
  'boolean',
  'integer',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** What a field declares about itself, as far as coercion needs it. */
export interface FieldSpec {
  kind: FieldKind;
  /** Declared values of an `enum`. */
  values?: readonly string[];
  /** Entity a `reference` points to. */
  entity?: string;
  /** Fields of each line of a `lines` collection. */
  fields?: Readonly<Record<string, FieldSpec>>;
}

export interface EmailValue {
  kind: 'email';
  original: string;
  normalised: string;
}

export interface ReferenceValue {
  kind: 'reference';
  entity: string;
  /** The referenced record's id in the system the value came from. */
  id: string;
}

export type FieldValue =
  | null
  | string
  | boolean
  | bigint
  | Decimal
  | Money
  | EmailValue
  | ReferenceValue
  | ReadonlyArray<Readonly<Record<string, FieldValue>>>;

export type Coerced = { ok: true; value: FieldValue } | { ok: false; reason: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trim and lower-case: how emails are compared for matching (the original is kept for writing). */
export function normaliseEmail(text: string): string {
  return text.trim().toLowerCase();
}

/** True for a real calendar date in `YYYY-MM-DD` (rejects 2026-02-30). */
export function isPlainDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** Normalises an ISO-8601 instant with an explicit zone to UTC with milliseconds. */
export function toUtcInstant(text: string): string | undefined {
  if (!DATETIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Turns a raw value from a system (already picked out by its field path) into the field's kind.
 * Never throws: an unusable value comes back as a reason the caller reports with its location.
 * `null` and `undefined` become `null`; the empty string stays a string (nulls and empty strings
 * are different facts, and some systems treat them differently).
 */
export function coerceField(spec: FieldSpec, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  switch (spec.kind) {
    case 'string':
      return typeof raw === 'string' ? { ok: true, value: raw } : fail(`expected text, got ${describe(raw)}`);
    case 'email': {
      if (typeof raw !== 'string') return fail(`expected an email address, got ${describe(raw)}`);
      if (raw.trim() === '') return { ok: true, value: null };
      if (!EMAIL.test(raw.trim())) return fail(`"${raw}" is not an email address`);
      return { ok: true, value: { kind: 'email', original: raw, normalised: normaliseEmail(raw) } };
    }
    case 'decimal':
      return isDecimalString(raw)
        ? { ok: true, value: new Decimal(raw.trim()) }
        : fail(`expected a decimal string, got ${describe(raw)}`);
    case 'money': {
      const m = raw as { amount?: unknown; currency?: unknown };
      if (typeof m !== 'object' || !isDecimalString(m.amount) || typeof m.currency !== 'string') {
        return fail(`expected money as { amount: "12.50", currency: "USD" }, got ${describe(raw)}`);
      }
      if (!isCurrencyCode(m.currency.toUpperCase()))
        return fail(`"${m.currency}" is not an ISO 4217 currency`);
      return { ok: true, value: Money.of(m.amount, m.currency) };
    }
    case 'date':
      return typeof raw === 'string' && isPlainDate(raw)
        ? { ok: true, value: raw }
        : fail(`expected a date YYYY-MM-DD, got ${describe(raw)}`);
    case 'datetime': {
      const instant = typeof raw === 'string' ? toUtcInstant(raw) : undefined;
      return instant
        ? { ok: true, value: instant }
        : fail(`expected an ISO-8601 instant with a time zone, got ${describe(raw)}`);
    }
    case 'enum': {
      if (typeof raw !== 'string') return fail(`expected one of ${list(spec.values)}, got ${describe(raw)}`);
      return spec.values?.includes(raw)
        ? { ok: true, value: raw }
        : fail(`"${raw}" is not a declared value (${list(spec.values)})`);
    }
    case 'reference':
      if (typeof raw === 'string' && raw !== '')
        return { ok: true, value: { kind: 'reference', entity: spec.entity ?? '', id: raw } };
      return fail(`expected a record id, got ${describe(raw)}`);
    case 'boolean':
      return typeof raw === 'boolean'
        ? { ok: true, value: raw }
        : fail(`expected true or false, got ${describe(raw)}`);
    case 'integer':
      if (typeof raw === 'bigint') return { ok: true, value: raw };
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { ok: true, value: BigInt(raw) };
      if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim()))
        return { ok: true, value: BigInt(raw.trim()) };
      return fail(`expected an integer, got ${describe(raw)}`);
    case 'lines':
      return coerceLines(spec, raw);
  }
}

function coerceLines(spec: FieldSpec, raw: unknown): Coerced {
  if (!Array.isArray(raw)) return fail(`expected a list of lines, got ${describe(raw)}`);
  const lines: Record<string, FieldValue>[] = [];
  for (const [index, line] of raw.entries()) {
    if (typeof line !== 'object' || line === null)
      return fail(`line ${index + 1}: expected an object, got ${describe(line)}`);
    const out: Record<string, FieldValue> = {};
    for (const [name, fieldSpec] of Object.entries(spec.fields ?? {})) {
      const coerced = coerceField(fieldSpec, (line as Record<string, unknown>)[name]);
      if (!coerced.ok) return fail(`line ${index + 1}, ${name}: ${coerced.reason}`);
      out[name] = coerced.value;
    }
    lines.push(out);
  }
  return { ok: true, value: lines };
}

function fail(reason: string): Coerced {
  return { ok: false, reason };
}

function list(values: readonly string[] | undefined): string {
  return values && values.length > 0 ? values.join(', ') : 'no declared values';
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;
  if (typeof raw === 'number') return `the number ${raw}`;
  if (Array.isArray(raw)) return 'a list';
  return typeof raw;
}
