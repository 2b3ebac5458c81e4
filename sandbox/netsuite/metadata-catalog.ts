/**
 * The metadata catalog (/services/rest/record/v1/metadata-catalog): the list of record types,
 * and per type a JSON Schema (Accept: application/schema+json) of its fields, including the
 * account's custom fields (`x-ns-custom-field`) and which fields `q=` can filter
 * (`x-ns-filterable`). This is what drift detection reads to notice a renamed custom field.
 *
 * @example
 *   catalogIndex(types, baseUrl); // { items: [{ name: 'customer', links: [...] }, ...] }
 */
import { NetSuiteApiError } from './errors.ts';
import type { FieldDef, RecordTypeDef } from './record-types.ts';

const JSON_TYPES: Record<FieldDef['kind'], { type: string; format?: string }> = {
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  integer: { type: 'integer', format: 'int64' },
  float: { type: 'number', format: 'double' },
  money: { type: 'number', format: 'double' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  ref: { type: 'object' },
  enum: { type: 'object' },
  address: { type: 'object' },
};

export function catalogIndex(types: Map<string, RecordTypeDef>, baseUrl: string) {
  return {
    items: [...types.values()].map((t) => ({
      name: t.name,
      links: [
        {
          rel: 'canonical',
          href: `${baseUrl}/services/rest/record/v1/metadata-catalog/${t.name}`,
          mediaType: 'application/json',
        },
        {
          rel: 'alternate',
          href: `${baseUrl}/services/rest/record/v1/metadata-catalog/${t.name}`,
          mediaType: 'application/schema+json',
        },
      ],
    })),
  };
}

function fieldSchema(f: FieldDef, baseUrl: string) {
  const base: Record<string, unknown> = { title: f.label, ...JSON_TYPES[f.kind], nullable: !f.mandatory };
  // JSON Schema metadata links a reference to the referenced type's own metadata (Help Center,
  // "Working with JSON Schema Metadata": links reachable only from the account).
  if (f.kind === 'ref') base.$ref = `${baseUrl}/services/rest/record/v1/metadata-catalog/${f.ref}`;
  if (f.kind === 'enum') base.enum = Object.keys(f.values ?? {});
  if (f.readOnly) base.readOnly = true;
  if (f.custom) base['x-ns-custom-field'] = true;
  base['x-ns-filterable'] = true;
  return base;
}

export function recordSchema(types: Map<string, RecordTypeDef>, name: string, baseUrl: string) {
  const def = [...types.values()].find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!def) throw new NetSuiteApiError(404, 'INVALID_RECORD_TYPE', `Record type '${name}' does not exist.`);
  const properties: Record<string, unknown> = {};
  for (const [id, f] of Object.entries(def.fields)) properties[id] = fieldSchema(f, baseUrl);
  for (const [id, s] of Object.entries(def.sublists)) {
    const lineProps: Record<string, unknown> = {};
    for (const [lid, f] of Object.entries(s.fields)) lineProps[lid] = fieldSchema(f, baseUrl);
    properties[id] = {
      title: s.label,
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', properties: lineProps } } },
    };
  }
  return {
    $schema: 'https://json-schema.org/draft-06/hyper-schema#',
    type: 'object',
    title: def.label,
    properties,
    required: Object.entries(def.fields)
      .filter(([, f]) => f.mandatory)
      .map(([id]) => id),
  };
}
