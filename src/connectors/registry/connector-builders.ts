/**
 * One builder per system kind, as data: the registry looks the kind up here, so adding a
 * connector is one entry, never a condition in shared code.
 */
import { existsSync } from 'node:fs';
import type { EntityDef } from '../../contract/index.ts';
import { UserInputError } from '../../model/errors.ts';
import type { SystemKind } from '../connector.ts';
import { createDuckDbConnector } from '../duckdb/duckdb-connector.ts';
import { HubSpotConnector } from '../hubspot/hubspot-connector.ts';
import { type AssertionAlgorithm, createNetSuiteConnector } from '../netsuite/index.ts';
import { DEFAULT_DESCRIBED_TYPES } from '../netsuite/netsuite-schema.ts';
import { createPostgresConnector } from '../postgres/postgres-connector.ts';
import type { ConnectorBuilder, ConnectorBuildInput } from '../registry.ts';
import { SalesforceConnector } from '../salesforce/salesforce-connector.ts';
import { ShopifyConnector } from '../shopify/index.ts';
import { createStripeConnector } from '../stripe/stripe-connector.ts';
import type { WarehouseEntity, WarehouseField, WarehouseFieldKind } from '../warehouse/warehouse-entity.ts';
import { WmsConnector } from '../wms/wms-connector.ts';

const opt = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const netsuite: ConnectorBuilder = ({ contract, system, settings }) => {
  // describe() reports a default set of record types; add every type the contract maps, so a
  // mapped type outside the defaults is never taken for a removed one (drift reads describe()).
  const mapped = Object.values(contract.entities).flatMap((e) => e.mappings[system.name]?.record ?? []);
  const accountId =
    system.netsuite?.accountId ?? settings.require('accountId', 'the account id, e.g. 123456_SB1');
  const auth = settings.has('consumerKey')
    ? {
        kind: 'tba' as const,
        consumerKey: settings.require('consumerKey', 'the integration record consumer key'),
        consumerSecret: settings.require('consumerSecret', 'the integration record consumer secret'),
        tokenId: settings.require('tokenId', 'the access token id'),
        tokenSecret: settings.require('tokenSecret', 'the access token secret'),
      }
    : {
        kind: 'oauth2' as const,
        clientId: settings.require('clientId', 'the integration record client id (or use TBA: consumerKey…)'),
        certificateId: settings.require(
          'certificateId',
          'the certificate id from the OAuth 2.0 client credentials setup',
        ),
        privateKeyPem: settings.require(
          'privateKey',
          'the PEM private key of that certificate (an env: reference)',
        ),
        algorithm: (settings.text('algorithm') ?? 'PS256') as AssertionAlgorithm,
      };
  return createNetSuiteConnector({
    system: system.name,
    accountId,
    // Guessing the account's time zone loses records at the cursor boundary: it must be said.
    timeZone: settings.require(
      'timeZone',
      "the account's time zone (Set Preferences), e.g. America/Los_Angeles",
    ),
    auth,
    ...opt('baseUrl', settings.text('baseUrl')),
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
    ...opt('timeoutMs', settings.number('timeoutMs')),
    writeMarker: { externalIdPrefix: settings.text('externalIdPrefix') ?? '' },
    describeTypes: [...new Set([...DEFAULT_DESCRIBED_TYPES, ...mapped])],
  });
};

const shopify: ConnectorBuilder = ({ system, settings }) =>
  new ShopifyConnector({
    system: system.name,
    storeDomain: settings.require('shop', 'the shop domain, e.g. acme.myshopify.com'),
    accessToken: settings.require('accessToken', 'an Admin API access token (an env: reference)'),
    ...opt('apiVersion', settings.text('apiVersion')),
    ...opt('baseUrl', settings.text('baseUrl')),
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
  });

const stripe: ConnectorBuilder = ({ system, settings }) => {
  const base = settings.text('baseUrl');
  const url = base ? new URL(base) : undefined;
  return createStripeConnector({
    system: system.name,
    apiKey: settings.require('apiKey', 'a restricted or secret API key (an env: reference)'),
    ...opt('host', url?.hostname ?? settings.text('host')),
    ...opt(
      'port',
      url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : settings.number('port'),
    ),
    ...opt(
      'protocol',
      (url ? url.protocol.replace(':', '') : settings.text('protocol')) as 'http' | 'https' | undefined,
    ),
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
  });
};

const wms: ConnectorBuilder = ({ system, settings }) =>
  new WmsConnector({
    system: system.name,
    baseUrl: settings.require('baseUrl', "the WMS API's base URL"),
    apiKey: settings.text('apiToken') ?? settings.require('apiKey', 'the WMS API token (an env: reference)'),
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
  });

const salesforce: ConnectorBuilder = ({ system, settings }) =>
  new SalesforceConnector({
    system: system.name,
    instanceUrl: settings.require('instanceUrl', 'the org URL, e.g. https://acme.my.salesforce.com'),
    auth: settings.has('accessToken')
      ? { accessToken: settings.require('accessToken', 'an access token') }
      : {
          clientId: settings.require('clientId', 'the connected app consumer key'),
          clientSecret: settings.require('clientSecret', 'the connected app consumer secret'),
          ...opt('username', settings.text('username')),
          ...opt('password', settings.text('password')),
          ...opt('loginUrl', settings.text('loginUrl')),
        },
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
    ...opt('externalIdField', settings.text('externalIdField')),
  });

const hubspot: ConnectorBuilder = ({ system, settings }) =>
  new HubSpotConnector({
    system: system.name,
    accessToken: settings.require('accessToken', 'a private app access token (an env: reference)'),
    ...opt('basePath', settings.text('basePath') ?? settings.text('baseUrl')),
    ...opt('concurrency', system.limits.concurrency),
    ...opt('rate', system.limits.rate),
    ...opt('idProperty', settings.text('idProperty')),
  });

/**
 * The warehouse tables: one per entity mapped to this system. A field's record name is its
 * mapping path and its column the snake_case of that (`paidOn` → `paid_on`), exactly as the
 * warehouse connector names columns when it writes. A money mapping `amount.amount` (currency
 * `amount.currency`) is one money field `amount`: the connector reads and writes money as
 * `{ amount, currency }` in columns `amount` and `amount_currency`. The mapping's `id` names the
 * row's key (`netsuite_id`): the key Accord writes the row under.
 */
export function warehouseEntities(
  input: Pick<ConnectorBuildInput, 'contract' | 'system'>,
): WarehouseEntity[] {
  const out: WarehouseEntity[] = [];
  for (const entity of Object.values(input.contract.entities) as EntityDef[]) {
    const mapping = entity.mappings[input.system.name];
    if (!mapping) continue;
    const table = mapping.record.includes('.') ? mapping.record.split('.').pop() : mapping.record;
    const fields = new Map<string, WarehouseField>();
    for (const m of Object.values(mapping.fields)) {
      const def = entity.fields[m.field];
      const kind = (def?.kind ?? 'string') as WarehouseFieldKind;
      const where = `system ${input.system.name}, entity ${entity.name}, field ${m.field}`;
      const name =
        kind === 'money' && m.path.endsWith('.amount') ? m.path.slice(0, -'.amount'.length) : m.path;
      if (name.includes('.')) {
        throw new UserInputError(
          `${where}: path "${m.path}" is nested, but a warehouse table is flat; map it to a plain column name (e.g. "${m.path.replace(/\./g, '_')}")`,
        );
      }
      // The table holds the system's values: with an enum map those are the map's keys, else the
      // contract's declared canonical values.
      const values = kind === 'enum' ? (m.enumMap ? Object.keys(m.enumMap) : def?.values) : undefined;
      if (fields.has(name) && kind !== 'money') continue;
      fields.set(name, { name, kind, ...opt('values', values), ...opt('references', def?.references) });
    }
    out.push({
      name: mapping.record,
      ...opt('table', table),
      keyName: mapping.idPath,
      fields: [...fields.values()],
    });
  }
  return out;
}

/** Read-only: no tables are created, and the database itself refuses writes (see the adapters). */
const readOnly = (input: ConnectorBuildInput) =>
  input.readOnly ? { readOnly: true, ensureTables: false } : {};

const postgres: ConnectorBuilder = async (input) => {
  const { system, settings } = input;
  return createPostgresConnector({
    system: system.name,
    ...opt('connectionString', settings.text('connectionString')),
    ...opt('host', settings.text('host')),
    ...opt('port', settings.number('port')),
    ...opt('database', settings.text('database')),
    ...opt('user', settings.text('user')),
    ...opt('password', settings.text('password')),
    ...opt('concurrency', system.limits.concurrency),
    schema: settings.text('schema') ?? 'accord',
    entities: warehouseEntities(input),
    ...readOnly(input),
  });
};

const duckdb: ConnectorBuilder = async (input) => {
  const path = input.settings.require('path', 'the DuckDB database file');
  if (input.readOnly && path !== ':memory:' && !existsSync(path)) {
    throw new UserInputError(
      `system ${input.system.name}: DuckDB file ${path} does not exist (opened read-only, it is not created); check connection.path`,
    );
  }
  return createDuckDbConnector({
    system: input.system.name,
    path,
    schema: input.settings.text('schema') ?? 'accord',
    entities: warehouseEntities(input),
    ...readOnly(input),
  });
};

export const CONNECTOR_BUILDERS: Partial<Record<SystemKind, ConnectorBuilder>> = {
  netsuite,
  shopify,
  stripe,
  wms,
  salesforce,
  hubspot,
  postgres,
  duckdb,
};
