/**
 * Field values ⇄ column texts. Every value crosses the database boundary as text (or NULL) and is
 * cast by SQL to the column's type, so PostgreSQL and DuckDB see exactly the same parameters, and
 * no amount ever passes through a JS float. Reads select `CAST(column AS TEXT)` and decode here.
 *
 * @example
 *   encodeFields(layout, { total: { amount: '12.50', currency: 'EUR' } }, where)
 *   // Map { 'total' => '12.5', 'total_currency' => 'EUR' }
 */
import { formatDecimal, parseDecimal } from '../../model/decimal.ts';
import { ValidationRejected } from '../../model/errors.ts';
import { Money, type MoneyJson } from '../../model/money.ts';
import type { ColumnSpec, TableLayout } from './table-layout.ts';

export interface Where {
  system: string;
  recordId: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d+$/;

/**
 * Encodes the fields present in `fields` (absent keys stay absent; `null` clears). Unknown field
 * names are refused: a typo must not silently drop a value.
 */
export function encodeFields(
  layout: TableLayout,
  fields: Record<string, unknown>,
  where: Where,
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const known = new Set(layout.entity.fields.map((f) => f.name));
  for (const name of Object.keys(fields)) {
    if (!known.has(name)) {
      throw reject(where, name, `is not a field of ${layout.entity.name}; add it to the contract's entity`);
    }
  }
  for (const column of layout.fieldColumns) {
    const name = column.field!;
    if (!(name in fields)) continue;
    out.set(column.column, encodeValue(column, fields[name], where));
  }
  return out;
}

function encodeValue(column: ColumnSpec, value: unknown, where: Where): string | null {
  if (value === null || value === undefined) return null;
  const name = column.field!;
  switch (column.kind) {
    case 'money': {
      const money = asMoney(value, where, name);
      return column.part === 'currency' ? money.currency : money.amountText();
    }
    case 'decimal':
      if (typeof value !== 'string') throw reject(where, name, 'must be a decimal string such as "12.50"');
      try {
        return formatDecimal(parseDecimal(value));
      } catch (error) {
        throw reject(where, name, (error as Error).message);
      }
    case 'integer':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && INTEGER.test(value.trim())) return value.trim();
      throw reject(where, name, `must be an integer, got ${JSON.stringify(String(value))}`);
    case 'boolean':
      if (typeof value !== 'boolean') throw reject(where, name, 'must be true or false');
      return value ? 'true' : 'false';
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value))
        throw reject(where, name, 'must be a date YYYY-MM-DD');
      return value;
    case 'datetime': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime()))
        throw reject(where, name, 'must be an ISO-8601 instant such as 2026-11-28T14:00:00.000Z');
      return date.toISOString();
    }
    case 'lines':
      if (typeof value !== 'object') throw reject(where, name, 'must be an array or object of lines');
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    default:
      if (typeof value !== 'string') throw reject(where, name, 'must be a string');
      return value;
  }
}

function asMoney(value: unknown, where: Where, name: string): Money {
  try {
    if (value instanceof Money) return value;
    const json = value as Partial<MoneyJson>;
    if (typeof json === 'object' && typeof json.amount === 'string' && typeof json.currency === 'string') {
      return Money.of(json.amount, json.currency);
    }
  } catch (error) {
    throw reject(where, name, (error as Error).message);
  }
  throw reject(where, name, 'must be money: { amount: "12.50", currency: "EUR" }');
}

function reject(where: Where, field: string, why: string): ValidationRejected {
  return new ValidationRejected(
    `${where.system}: record ${where.recordId}, field "${field}" ${why}`,
    { path: field },
    where,
  );
}

/** Decodes a row of column texts (from `CAST(col AS TEXT)`) into canonical fields. */
export function decodeFields(
  layout: TableLayout,
  row: Record<string, string | null>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const column of layout.fieldColumns) {
    if (column.part === 'currency') continue;
    const text = row[column.column] ?? null;
    const name = column.field!;
    if (text === null) {
      fields[name] = null;
      continue;
    }
    switch (column.kind) {
      case 'money': {
        const currency = row[`${column.column}_currency`];
        fields[name] = currency
          ? Money.of(text, currency).toJSON()
          : { amount: formatAmount(text), currency: null };
        break;
      }
      case 'decimal':
        fields[name] = formatAmount(text);
        break;
      case 'integer': {
        const big = BigInt(text);
        fields[name] =
          big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(big)
            : big;
        break;
      }
      case 'boolean':
        fields[name] = text === 'true' || text === 't';
        break;
      case 'datetime':
        fields[name] = isoInstant(text);
        break;
      case 'lines':
        fields[name] = JSON.parse(text) as unknown;
        break;
      default:
        fields[name] = text;
    }
  }
  return fields;
}

function formatAmount(text: string): string {
  return formatDecimal(parseDecimal(text));
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A database timestamp text (`2026-11-28 14:00:00.12+00`) as an ISO instant with milliseconds.
 * Both adapters set the session time zone to UTC, but an explicit offset is honoured anyway.
 */
export function isoInstant(text: string): string {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw new Error(`unexpected timestamp text from the database: "${text}"`);
  const fraction = ((m[3] ?? '.').slice(1) + '000').slice(0, 3);
  let offset = m[4] ?? 'Z';
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    offset = `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  return new Date(`${m[1]}T${m[2]}.${fraction}${offset}`).toISOString();
}
