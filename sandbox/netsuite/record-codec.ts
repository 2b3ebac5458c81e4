/**
 * Between REST JSON and stored form. Inbound: field-by-field validation against the record type,
 * references given as `{ "id": "107" }` or `{ "externalId": "CUST-1" }`, sublists as
 * `{ "items": [ … ] }`, unknown field names handled per `X-NetSuite-PropertyNameValidation`
 * (Warning/Ignore: dropped silently — the way a renamed field goes unnoticed; Error: 400).
 * Outbound: HATEOAS `links`, references as `{ links, id, refName }`, enums as `{ id, refName }`,
 * money as JSON numbers, sublists collapsed to a link unless `expandSubResources=true`.
 *
 * @example
 *   const fields = decodeRecord(def, body, { validation: 'Error', resolveRef });
 *   const json = encodeRecord(def, stored, { baseUrl, refName, expand: false });
 */
import { NetSuiteApiError } from './errors.ts';
import type { StoredRecord } from './record-store.ts';
import type { FieldDef, RecordTypeDef, SublistDef } from './record-types.ts';

export type PropertyNameValidation = 'Error' | 'Warning' | 'Ignore';

export interface DecodeContext {
  validation: PropertyNameValidation;
  /** Resolves a reference to an internal id, or throws INVALID_CONTENT. */
  resolveRef(type: string, value: { id?: string; externalId?: string }, path: string): string;
}

/** Keys a client may echo back from a GET; never stored, never "unknown". */
const IGNORED_KEYS = new Set(['links', 'refName']);
const DECIMAL = /^-?\d+(\.\d+)?$/;

function invalid(path: string, detail: string): NetSuiteApiError {
  return new NetSuiteApiError(400, 'INVALID_CONTENT', `Error while accessing a resource. ${detail}`, {
    path,
  });
}

function decodeValue(def: FieldDef, value: unknown, path: string, ctx: DecodeContext): unknown {
  if (value === null) return null;
  switch (def.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw invalid(
        path,
        `You have entered an Invalid Field Value ${JSON.stringify(value)} for the following field: ${path}`,
      );
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw invalid(path, `Invalid value for the field ${path}; a boolean (true or false) is expected.`);
    case 'integer':
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (def.kind === 'integer' && !Number.isInteger(n))) {
        throw invalid(path, `Invalid number ${JSON.stringify(value)} for the field ${path}.`);
      }
      return n;
    }
    case 'money': {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
        throw invalid(path, `Invalid amount ${JSON.stringify(value)} for the field ${path}.`);
      }
      return text.trim();
    }
    case 'date':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      throw invalid(path, `Invalid date ${JSON.stringify(value)} for the field ${path}; use YYYY-MM-DD.`);
    case 'datetime': {
      const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(t))
        throw invalid(path, `Invalid datetime ${JSON.stringify(value)} for ${path}; use ISO 8601.`);
      return `${new Date(t).toISOString().slice(0, 19)}Z`;
    }
    case 'enum': {
      const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
      if (typeof id !== 'string' || !def.values || !(id in def.values)) {
        throw invalid(
          path,
          `Invalid value ${JSON.stringify(value)} for the field ${path}. Valid ids: ${Object.keys(def.values ?? {}).join(', ')}.`,
        );
      }
      return { id };
    }
    case 'address':
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalid(
          path,
          `An address is an object such as { "addr1": "1 Main St", "city": "Reno" } (field ${path}).`,
        );
      }
      return value;
    case 'ref': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalid(
          path,
          `A reference is an object such as { "id": "107" } or { "externalId": "X" } (field ${path}).`,
        );
      }
      const ref = value as { id?: unknown; externalId?: unknown };
      const given: { id?: string; externalId?: string } = {};
      if (ref.id !== undefined) given.id = String(ref.id);
      if (ref.externalId !== undefined) given.externalId = String(ref.externalId);
      return { id: ctx.resolveRef(def.ref!, given, path) };
    }
  }
}

function decodeFields(
  fields: Record<string, FieldDef>,
  body: Record<string, unknown>,
  prefix: string,
  ctx: DecodeContext,
  sublists: Record<string, SublistDef>,
  existingLines: (name: string) => Record<string, unknown>[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (IGNORED_KEYS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const sublist = sublists[key];
    if (sublist) {
      out[key] = decodeSublist(sublist, value, path, ctx, existingLines(key));
      continue;
    }
    const def = fields[key];
    if (!def) {
      if (ctx.validation === 'Error') {
        throw invalid(
          path,
          `Invalid property name: '${key}'. The field does not exist on this record or is not accessible to the role.`,
        );
      }
      continue; // Warning / Ignore: silently dropped, exactly how a renamed field goes unnoticed.
    }
    if (def.readOnly) continue;
    out[key] = decodeValue(def, value, path, ctx);
  }
  return out;
}

function decodeSublist(
  sublist: SublistDef,
  value: unknown,
  path: string,
  ctx: DecodeContext,
  existing: Record<string, unknown>[] | undefined,
): Record<string, unknown>[] {
  const items = (value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items))
    throw invalid(path, `A sublist is an object { "items": [ … ] } (field ${path}).`);
  const lines = existing ? existing.map((l) => ({ ...l })) : [];
  items.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null)
      throw invalid(`${path}.items[${index}]`, 'A sublist line is an object.');
    const decoded = decodeFields(
      sublist.fields,
      raw as Record<string, unknown>,
      `${path}.items[${index}]`,
      ctx,
      {},
      () => undefined,
    );
    const lineNo = (raw as { line?: unknown }).line;
    const target = lineNo === undefined ? undefined : lines.find((l) => l.line === Number(lineNo));
    if (target) Object.assign(target, decoded);
    else
      lines.push({ ...decoded, line: lines.reduce((max, l) => Math.max(max, Number(l.line ?? 0)), 0) + 1 });
  });
  return lines;
}

/**
 * Decodes a request body. `existing` is the stored record for PATCH: sublist lines with a `line`
 * number update that line and others are appended, unless the sublist is named in `replace`.
 */
export function decodeRecord(
  def: RecordTypeDef,
  body: unknown,
  ctx: DecodeContext,
  existing?: StoredRecord,
  replace: readonly string[] = [],
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NetSuiteApiError(400, 'INVALID_CONTENT', 'The request body must be a JSON object.');
  }
  if ('id' in body && existing === undefined) {
    // NetSuite assigns internal ids; a client-chosen one is refused.
    throw invalid('id', 'The internal ID is assigned by NetSuite; use externalId for your own key.');
  }
  const { id: _ignored, ...rest } = body as Record<string, unknown>;
  return decodeFields(def.fields, rest, '', ctx, def.sublists, (name) =>
    existing && !replace.includes(name)
      ? (existing[name] as Record<string, unknown>[] | undefined)
      : undefined,
  );
}

export interface EncodeContext {
  /** Base URL of the account, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  refName(type: string, id: string): string | undefined;
  expandSubResources: boolean;
  /** Only these body fields (the `fields` query parameter), when given. */
  fields?: readonly string[] | undefined;
}

export function recordUrl(baseUrl: string, type: string, id: string): string {
  return `${baseUrl}/services/rest/record/v1/${type}/${id}`;
}

function encodeValue(def: FieldDef, value: unknown, ctx: EncodeContext): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.kind) {
    case 'money':
      return Number(value);
    case 'ref': {
      const id = (value as { id: string }).id;
      const out: Record<string, unknown> = {
        links: [{ rel: 'self', href: recordUrl(ctx.baseUrl, def.ref!, id) }],
        id,
      };
      const name = ctx.refName(def.ref!, id);
      if (name !== undefined) out.refName = name;
      return out;
    }
    case 'enum': {
      const id = (value as { id: string }).id;
      return { id, refName: def.values?.[id] ?? id };
    }
    default:
      return value;
  }
}

export function encodeLines(
  sublist: SublistDef,
  lines: Record<string, unknown>[],
  ctx: EncodeContext,
): Record<string, unknown>[] {
  return lines.map((line) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(line)) {
      const def = sublist.fields[key];
      if (!def) continue;
      const encoded = encodeValue(def, value, ctx);
      if (encoded !== undefined) out[key] = encoded;
    }
    return out;
  });
}

export function encodeRecord(
  def: RecordTypeDef,
  record: StoredRecord,
  ctx: EncodeContext,
): Record<string, unknown> {
  const self = recordUrl(ctx.baseUrl, def.name, record.id);
  const out: Record<string, unknown> = { links: [{ rel: 'self', href: self }] };
  for (const [key, value] of Object.entries(record)) {
    if (ctx.fields && key !== 'id' && !ctx.fields.includes(key)) continue;
    const sublist = def.sublists[key];
    if (sublist) {
      const lines = value as Record<string, unknown>[];
      out[key] = ctx.expandSubResources
        ? {
            links: [{ rel: 'self', href: `${self}/${key}` }],
            items: encodeLines(sublist, lines, ctx),
            totalResults: lines.length,
            count: lines.length,
            hasMore: false,
            offset: 0,
          }
        : { links: [{ rel: 'self', href: `${self}/${key}` }] };
      continue;
    }
    const field = def.fields[key];
    if (!field) continue;
    const encoded = encodeValue(field, value, ctx);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}
