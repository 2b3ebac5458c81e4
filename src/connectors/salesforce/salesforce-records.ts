/**
 * Converting between Salesforce's REST shapes and Accord's: records to {@link SystemRecord}s,
 * timestamps to ISO-8601 UTC with milliseconds, numbers of money-like fields to decimal strings,
 * and values to SOQL literals (escaped, typed by the field's describe type).
 *
 * @example
 *   soqlLiteral("O'Brien", 'string') // "'O\\'Brien'"
 */
import type { SystemRecord } from '../connector.ts';

/** Field types whose JSON numbers are handed on as decimal strings (never floats). */
const DECIMAL_TYPES = new Set(['currency', 'double', 'percent']);
const UNQUOTED_TYPES = new Set(['int', 'double', 'currency', 'percent', 'boolean', 'date', 'datetime']);

/** `2026-11-28T14:00:05.000+0000` → `2026-11-28T14:00:05.000Z`. */
export function toIsoInstant(value: string): string {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new Error(`not a Salesforce datetime: ${value}`);
  return new Date(ms).toISOString();
}

/** An ISO instant as a SOQL datetime literal, truncated to the second (SOQL's precision). */
export function soqlDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 instant: ${iso}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Escapes a value for a SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A value as a SOQL literal of the field's type. */
export function soqlLiteral(value: string, fieldType: string | undefined): string {
  if (fieldType && UNQUOTED_TYPES.has(fieldType)) {
    if (!/^[0-9A-Za-z:.+-]+$/.test(value)) throw new Error(`'${value}' is not a valid ${fieldType} value`);
    return value;
  }
  return soqlString(value);
}

/** A JSON number as a plain decimal string (no exponent), exact for what JSON carried. */
export function toDecimalString(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  const [mantissa = '0', exponentText = '0'] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [int = '0', frac = ''] = mantissa.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + exponent;
  const out =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out.replace(/^0+(?=\d)/, '');
}

/** A REST record as a SystemRecord: `attributes` dropped, decimals as strings. */
export function toSystemRecord(
  objectType: string,
  raw: Record<string, unknown>,
  fieldTypes: ReadonlyMap<string, string>,
  externalIdField: string | undefined,
): SystemRecord {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'attributes') continue;
    fields[key] =
      typeof value === 'number' && DECIMAL_TYPES.has(fieldTypes.get(key) ?? '')
        ? toDecimalString(value)
        : value;
  }
  const stamp = raw.SystemModstamp ?? raw.LastModifiedDate;
  if (typeof raw.Id !== 'string' || typeof stamp !== 'string') {
    throw new Error(
      `Salesforce ${objectType} record without Id or SystemModstamp: ${JSON.stringify(Object.keys(raw))}`,
    );
  }
  const externalId = externalIdField ? raw[externalIdField] : undefined;
  return {
    objectType,
    id: raw.Id,
    externalId: typeof externalId === 'string' ? externalId : undefined,
    modifiedAt: toIsoInstant(stamp),
    fields,
    ...(raw.IsDeleted === true ? { deleted: true } : {}),
  };
}
