/**
 * The account's live schema for drift detection: record types and fields from the REST metadata
 * catalog (`GET /record/v1/metadata-catalog`, then each type as JSON Schema with
 * `Accept: application/schema+json`), plus the configuration contracts depend on — subsidiaries
 * and currencies — from SuiteQL.
 *
 * @example
 *   const schema = await describeNetSuite(http, { types: ['customer'], query: (q) => suiteqlAll(http, q) });
 */

import { toError, ValidationRejected } from '../../model/errors.ts';
import type { FieldSchema, ObjectSchema, SystemSchema } from '../connector.ts';
import { INVENTORY_BALANCE_SCHEMA } from './inventory-balance.ts';
import type { NetSuiteHttp } from './netsuite-http.ts';
import type { SuiteQlRow } from './suiteql-reader.ts';

/** What Accord's flows touch by default. */
export const DEFAULT_DESCRIBED_TYPES = [
  'customer',
  'contact',
  'salesOrder',
  'invoice',
  'customerPayment',
  'creditMemo',
  'cashRefund',
  'inventoryItem',
  'subsidiary',
  'currency',
] as const;

/**
 * Query-only record types (SuiteQL tables that are no REST record): described when wanted and the
 * account answers a probe query — InventoryBalance needs the Inventory feature.
 */
const QUERY_ONLY: readonly { schema: ObjectSchema; probe: string }[] = [
  { schema: INVENTORY_BALANCE_SCHEMA, probe: 'SELECT COUNT(*) AS n FROM InventoryBalance' },
];

const CATALOG = '/services/rest/record/v1/metadata-catalog';

interface JsonSchemaProperty {
  type?: string;
  format?: string;
  title?: string;
  nullable?: boolean;
  enum?: unknown[];
  $ref?: string;
  'x-ns-custom-field'?: boolean;
  'x-ns-mandatory'?: boolean;
}

export async function describeNetSuite(
  http: NetSuiteHttp,
  options: { types?: readonly string[] | undefined; query: (q: string) => Promise<SuiteQlRow[]> },
): Promise<SystemSchema> {
  const catalog = await http.request({ method: 'GET', path: CATALOG, idempotent: true });
  const available = (((catalog.json ?? {}) as { items?: Array<{ name?: string }> }).items ?? [])
    .map((item) => item.name)
    .filter((name): name is string => typeof name === 'string');
  const wanted = new Set<string>(options.types ?? DEFAULT_DESCRIBED_TYPES);
  const names = available.filter((name) => wanted.has(name) || name.startsWith('customrecord'));

  const objects: ObjectSchema[] = [];
  for (const name of names) {
    const reply = await http.request({
      method: 'GET',
      path: `${CATALOG}/${name}`,
      headers: { accept: 'application/schema+json' },
      idempotent: true,
    });
    objects.push(objectSchemaOf(name, (reply.json ?? {}) as Record<string, unknown>));
  }

  for (const { schema, probe } of QUERY_ONLY) {
    if (!wanted.has(schema.name)) continue;
    // A refused query (400: no such table) means the account lacks it; a transient failure is thrown.
    const answered = await options.query(probe).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ValidationRejected) return false;
        throw toError(error);
      },
    );
    if (answered) objects.push(schema);
  }

  const configuration: Record<string, readonly string[]> = {};
  const subsidiaries = await options
    .query('SELECT id, name FROM subsidiary ORDER BY id')
    .catch(() => undefined);
  if (subsidiaries) configuration.subsidiaries = subsidiaries.map((r) => `${String(r.id)}:${String(r.name)}`);
  const currencies = await options
    .query('SELECT symbol FROM currency ORDER BY symbol')
    .catch(() => undefined);
  if (currencies) configuration.currencies = currencies.map((r) => String(r.symbol));

  return { kind: 'netsuite', apiVersion: 'record/v1', objects, configuration };
}

/** One record type's JSON Schema as Accord's object schema. */
export function objectSchemaOf(name: string, schema: Record<string, unknown>): ObjectSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const fields: FieldSchema[] = Object.entries(properties)
    .filter(([field]) => field !== 'links')
    .map(([field, p]) => {
      const references = p.$ref ? p.$ref.split('/').filter(Boolean).pop() : undefined;
      return {
        name: field,
        type: references ? 'reference' : (p.format ?? p.type ?? 'unknown'),
        required: required.has(field) || p['x-ns-mandatory'] === true,
        custom: p['x-ns-custom-field'] === true || /^cust(entity|body|col|record|item|event)/.test(field),
        ...(Array.isArray(p.enum) ? { enumValues: p.enum.map(String) } : {}),
        ...(references ? { references } : {}),
      };
    });
  return { name, custom: name.startsWith('customrecord'), fields };
}
