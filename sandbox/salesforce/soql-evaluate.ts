/**
 * Runs a parsed SOQL query against the simulator's records, checking fields and literal types the
 * way Salesforce does (a quoted value for a datetime field is an INVALID_FIELD error, not a
 * silent string comparison). Text compares case-insensitively, as SOQL does.
 *
 * @example
 *   const plan = planQuery(parseSoql(q)); const rows = runQuery(plan, records);
 */
import {
  findField,
  findSObject,
  type SalesforceField,
  type SalesforceObject,
  type SObjectSchema,
} from './salesforce-schema.ts';
import type { SoqlCondition, SoqlLiteral, SoqlQuery } from './soql.ts';

/** A query naming an unknown object or field, or comparing a field with the wrong literal type. */
export class SoqlSemanticError extends Error {
  constructor(
    message: string,
    readonly errorCode: 'INVALID_FIELD' | 'INVALID_TYPE' | 'MALFORMED_QUERY',
  ) {
    super(message);
    this.name = 'SoqlSemanticError';
  }
}

/** A stored record: canonical field names; datetimes as epoch milliseconds. */
export type StoredRecord = Record<string, unknown>;

export interface QueryPlan {
  query: SoqlQuery;
  object: SalesforceObject;
  /** Selected fields resolved to their canonical names. */
  fields: SalesforceField[];
  /** Id and reference fields: compared case-sensitively (15-character ids differ only by case). */
  exact: Set<string>;
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const TEXT = new Set(['id', 'string', 'textarea', 'email', 'phone', 'url', 'picklist', 'reference']);

/** Resolves names and checks literal types; throws {@link SoqlSemanticError}. */
export function planQuery(query: SoqlQuery, schema?: SObjectSchema): QueryPlan {
  const object = findSObject(query.object, schema);
  if (!object) {
    throw new SoqlSemanticError(
      `\n${query.object}\n^\nERROR at Row:1:Column:1\nsObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
      'INVALID_TYPE',
    );
  }
  const field = (name: string): SalesforceField => {
    const f = findField(object, name);
    if (!f) {
      throw new SoqlSemanticError(
        `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        'INVALID_FIELD',
      );
    }
    return f;
  };
  const checkLiteral = (f: SalesforceField, value: SoqlLiteral) => {
    if (value.kind === 'null') return;
    const ok =
      (f.type === 'datetime' && value.kind === 'datetime') ||
      (f.type === 'date' && value.kind === 'date') ||
      (f.type === 'boolean' && value.kind === 'boolean') ||
      (NUMERIC.has(f.type) && value.kind === 'number') ||
      (TEXT.has(f.type) && value.kind === 'string');
    if (!ok) {
      const quoted = value.kind === 'string' ? ' and should not be enclosed in quotes' : '';
      throw new SoqlSemanticError(
        `value of filter criterion for field '${f.name}' must be of type ${f.type === 'datetime' ? 'dateTime' : f.type}${quoted}`,
        'INVALID_FIELD',
      );
    }
  };
  const visit = (c: SoqlCondition) => {
    if (c.kind === 'compare') {
      const f = field(c.field);
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) checkLiteral(f, v);
      c.field = f.name;
    } else if (c.kind === 'not') visit(c.condition);
    else for (const inner of c.conditions) visit(inner);
  };
  if (query.where) visit(query.where);
  for (const order of query.orderBy) order.field = field(order.field).name;
  const fields = query.fields.map(field);
  const exact = new Set(
    object.fields.filter((f) => f.type === 'id' || f.type === 'reference').map((f) => f.name),
  );
  return { query, object, fields, exact };
}

function literalValue(value: SoqlLiteral): unknown {
  switch (value.kind) {
    case 'null':
      return null;
    default:
      return value.value;
  }
}

/** Orders two field values as SOQL does: numbers numerically, text case-insensitively. */
export function compareValues(a: unknown, b: unknown, exact = false): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = exact ? String(a) : String(a).toLowerCase();
  const y = exact ? String(b) : String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function matches(record: StoredRecord, c: SoqlCondition, exactFields: Set<string>): boolean {
  switch (c.kind) {
    case 'and':
      return c.conditions.every((inner) => matches(record, inner, exactFields));
    case 'or':
      return c.conditions.some((inner) => matches(record, inner, exactFields));
    case 'not':
      return !matches(record, c.condition, exactFields);
    case 'compare': {
      const actual = record[c.field] ?? null;
      const exact = exactFields.has(c.field);
      const cmp = (x: unknown, y: unknown) => compareValues(x, y, exact);
      if (c.operator === 'IN' || c.operator === 'NOT IN') {
        const values = (c.value as SoqlLiteral[]).map(literalValue);
        const hit = values.some((v) =>
          v === null ? actual === null : actual !== null && cmp(actual, v) === 0,
        );
        return c.operator === 'IN' ? hit : !hit;
      }
      const expected = literalValue(c.value as SoqlLiteral);
      if (c.operator === '=')
        return expected === null ? actual === null : actual !== null && cmp(actual, expected) === 0;
      if (c.operator === '!=')
        return expected === null ? actual !== null : actual === null || cmp(actual, expected) !== 0;
      if (actual === null || expected === null) return false;
      if (c.operator === 'LIKE') return likeToRegExp(String(expected)).test(String(actual));
      const order = cmp(actual, expected);
      if (c.operator === '<') return order < 0;
      if (c.operator === '>') return order > 0;
      if (c.operator === '<=') return order <= 0;
      return order >= 0;
    }
  }
}

/** Filters and sorts (without LIMIT/OFFSET: paging is the caller's). */
export function runQuery(plan: QueryPlan, records: Iterable<StoredRecord>): StoredRecord[] {
  const { where, orderBy } = plan.query;
  const hits: StoredRecord[] = [];
  for (const record of records) if (!where || matches(record, where, plan.exact)) hits.push(record);
  if (orderBy.length > 0) {
    hits.sort((a, b) => {
      for (const o of orderBy) {
        const x = a[o.field] ?? null;
        const y = b[o.field] ?? null;
        if (x === null && y === null) continue;
        if (x === null) return o.nullsLast ? 1 : -1;
        if (y === null) return o.nullsLast ? -1 : 1;
        const order = compareValues(x, y, plan.exact.has(o.field));
        if (order !== 0) return o.descending ? -order : order;
      }
      return 0;
    });
  }
  const start = plan.query.offset ?? 0;
  const end = plan.query.limit === undefined ? undefined : start + plan.query.limit;
  return hits.slice(start, end);
}
