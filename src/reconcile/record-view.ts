/**
 * One system record seen through its side of the contract's mapping: its key, its compared
 * values as canonical strings, its money amounts and its group. Only what reconciliation needs is
 * kept, so a million of them stay small.
 *
 * Values are normalised per kind so that equal means equal: decimals and money as exact decimal
 * text (`1.50` → `1.5`), emails trimmed and lower-cased, enums through the side's enum map (an
 * unmapped system value is kept as `?<value>` so it can never equal a canonical one), dates cut
 * to `YYYY-MM-DD`. Money is never a JS number.
 *
 * @example
 *   const view = compileViewer(plan, plan.source)(record);
 *   view.key; view.values.status; view.money.amount?.amount;
 */
import type { SystemRecord } from '../connectors/connector.ts';
import type { FieldMapping } from '../contract/model.ts';
import { NORMALISE, normaliseText } from '../contract/text-normalisers.ts';
import type { Transform } from '../contract/vocabulary.ts';
import { minorUnitsOf } from '../model/currencies.ts';
import { canonicalDecimal, minorUnitsToDecimal } from './decimal-text.ts';
import type { ReconcilePlan, SidePlan } from './reconcile-plan.ts';

export interface MoneyValue {
  amount: string;
  currency: string;
}

export interface RecordView {
  id: string;
  /** Undefined when the record has no value for the match key: it cannot be paired. */
  key: string | undefined;
  /** Compared and grouped canonical values, as text (`null` when empty). */
  values: Record<string, string | null>;
  /** Money fields (compared and summed), amount as exact decimal text. */
  money: Record<string, MoneyValue | null>;
}

/** Reads `a.b.c` from nested objects; arrays are not walked (lines are not reconciled). */
const SPLIT_PATHS = new Map<string, readonly string[]>();

export function readPath(value: unknown, path: string): unknown {
  let parts = SPLIT_PATHS.get(path);
  if (!parts) {
    parts = path.split('.');
    SPLIT_PATHS.set(path, parts);
  }
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A warehouse money column reads back as `{ amount, currency }`. */
function isMoneyJson(raw: unknown): raw is { amount: string; currency: string | null } {
  return typeof raw === 'object' && raw !== null && typeof (raw as { amount?: unknown }).amount === 'string';
}

function asText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (isMoneyJson(raw)) return raw.amount;
  if (typeof raw === 'string') return raw === '' ? null : raw;
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'object' && raw !== null && 'refName' in raw)
    return asText((raw as { refName: unknown }).refName);
  return JSON.stringify(raw);
}

const DAYS = new Map<number, string>();

function utcDateOfDay(day: number): string {
  let date = DAYS.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (DAYS.size < 100_000) DAYS.set(day, date);
  }
  return date;
}

function applyTransforms(
  text: string,
  transforms: readonly Transform[],
  currency: string | undefined,
): string {
  let out = text;
  for (let i = 0; i < transforms.length; i++) {
    const t = transforms[i]!;
    if (t === 'unix-seconds' && transforms[i + 1] === 'date-only' && /^\d+$/.test(out)) {
      // The common pair (Stripe's `created` as a date): one cached string per day, no Date per record.
      out = utcDateOfDay(Math.floor(Number(out) / 86_400));
      i += 1;
    } else if (t === 'minor-units') {
      // ISO 4217 minor units (JPY 0, KWD 3). Stripe differs for a few (ISK, HUF, TWD, UGX).
      out = currency ? (minorUnitsToDecimal(out, minorUnitsOf(currency)) ?? `?${out}`) : out;
    } else if (t === 'unix-seconds') {
      out = /^\d+$/.test(out) ? new Date(Number(out) * 1000).toISOString() : out;
    } else if (t === 'date-only') {
      out = out.slice(0, 10);
    } else {
      out = NORMALISE[t](out);
    }
  }
  return out;
}

function currencyOf(record: SystemRecord, mapping: FieldMapping): string | undefined {
  if (mapping.currencyPath === undefined) {
    const raw = readPath(record.fields, mapping.path);
    return isMoneyJson(raw) && typeof raw.currency === 'string' ? raw.currency.toUpperCase() : undefined;
  }
  const text = asText(readPath(record.fields, mapping.currencyPath));
  return text === null ? undefined : text.trim().toUpperCase();
}

export function canonicalValue(
  plan: ReconcilePlan,
  field: string,
  mapping: FieldMapping,
  record: SystemRecord,
  currency?: string | undefined,
): string | null {
  const raw = readPath(record.fields, mapping.path);
  const text = asText(raw);
  if (text === null) return null;
  const kind = plan.fieldKinds[field];
  const value =
    mapping.transforms.length === 0
      ? text
      : applyTransforms(text, mapping.transforms, currency ?? currencyOf(record, mapping));
  switch (kind) {
    case 'money':
    case 'decimal':
      return value.startsWith('?') ? value : (canonicalDecimal(value) ?? `?${value}`);
    case 'integer':
      return /^-?\d+$/.test(value.trim()) ? BigInt(value.trim()).toString() : `?${value}`;
    case 'email':
      return value.trim().toLowerCase();
    case 'date':
      return value.slice(0, 10);
    case 'enum':
      if (!mapping.enumMap) return value;
      return mapping.enumMap[value] ?? `?${value}`;
    default:
      return value;
  }
}

function keyOf(
  plan: ReconcilePlan,
  side: SidePlan,
  record: SystemRecord,
  known: Readonly<Record<string, string | null>>,
): string | undefined {
  const key = plan.key;
  if (key.kind === 'external-id') {
    if (side.role === 'source') return plan.externalId(side.system, record);
    const path = side.mapping.externalIdPath;
    const text = asText(
      path === undefined ? record.externalId : (readPath(record.fields, path) ?? record.externalId),
    );
    return text ?? undefined;
  }
  const parts: string[] = [];
  for (const field of key.fields) {
    const mapping = side.mapping.fields[field];
    const value =
      field in known ? (known[field] ?? null) : mapping ? canonicalValue(plan, field, mapping, record) : null;
    if (value === null) return undefined;
    parts.push(key.normalise.length === 0 ? value : normaliseText(value, key.normalise));
  }
  return parts.join('\u001f');
}

/** The fields a view must carry: compared, summed, grouped and the period field. */
export function viewedFields(plan: ReconcilePlan): string[] {
  const fields = new Set<string>(plan.compared.map((c) => c.name));
  for (const s of plan.sums) fields.add(s);
  for (const g of plan.groupBy) if (g !== 'currency' && g !== 'period') fields.add(g);
  if (plan.periodField) fields.add(plan.periodField);
  return [...fields];
}

/**
 * A viewer for one side, with each field's mapping and kind looked up once rather than per
 * record (the per-record path of a million-record reconciliation).
 */
export function compileViewer(plan: ReconcilePlan, side: SidePlan): (record: SystemRecord) => RecordView {
  const fields = viewedFields(plan).map((name) => ({
    name,
    mapping: side.mapping.fields[name],
    money: plan.fieldKinds[name] === 'money',
  }));
  return (record) => {
    const values: Record<string, string | null> = {};
    const money: Record<string, MoneyValue | null> = {};
    for (const { name, mapping, money: isMoney } of fields) {
      if (!mapping) {
        values[name] = null;
      } else if (isMoney) {
        const currency = currencyOf(record, mapping);
        const value = canonicalValue(plan, name, mapping, record, currency);
        values[name] = value;
        money[name] =
          value === null || value.startsWith('?') ? null : { amount: value, currency: currency ?? '' };
      } else {
        values[name] = canonicalValue(plan, name, mapping, record);
      }
    }
    return { id: record.id, key: keyOf(plan, side, record, values), values, money };
  };
}
