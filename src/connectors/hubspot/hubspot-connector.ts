/**
 * The HubSpot connector: `@hubspot/api-client` (unmodified, its own retries off) against the CRM
 * v3 objects API with a private-app token.
 *
 * - Changes: the search endpoint filtered on `hs_lastmodifieddate >= since`, sorted on it, paged
 *   with `after`. HubSpot sorts on one property only and stops a query at 10 000 results, so the
 *   connector orders ties by id itself and, before reaching the cap, starts a fresh query from the
 *   last timestamp seen (skipping the ids already delivered at that timestamp).
 * - Writes: batch upsert with `idProperty` = a unique-value property (`netsuite_id` unless
 *   configured); concurrent upserts share batch calls of up to 100 (HubSpot's burst limit counts
 *   calls). PATCH by id when a link already names the record.
 * - Limits: a concurrency cap, pacing from the `X-HubSpot-RateLimit-*` headers, a local
 *   per-second pace for search, and bounded back-off on 429 (never on the DAILY policy).
 *
 * @example
 *   const crm = new HubSpotConnector({ system: 'hubspot', accessToken, basePath: 'https://api.hubapi.com' });
 *   await crm.upsert({ objectType: 'companies', externalId: 'ns-42', fields: { name: 'Acme' }, idempotencyKey: 'k1' });
 */
import type { Client } from '@hubspot/api-client';
import type { RequestGate } from '../../governance/request-gate.ts';
import { TransientUpstream, ValidationRejected } from '../../model/errors.ts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  ObjectSchema,
  ReadChangesRequest,
  ScanRequest,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';
import { IdempotencyMemo } from '../shared/idempotency-memo.ts';
import type { HubSpotPacer } from './hubspot-pacer.ts';
import { type HubSpotProperty, HubSpotSchemaCache } from './hubspot-schema-cache.ts';
import {
  type ApiObject,
  readChangesBySearch,
  type SearchDeps,
  scanBySearch,
} from './hubspot-search-reader.ts';
import { HubSpotSession, type HubSpotSessionOptions } from './hubspot-session.ts';
import { UpsertBatcher } from './upsert-batcher.ts';

export interface HubSpotConnectorOptions extends HubSpotSessionOptions {
  /** Unique-value property used as the external id (default `netsuite_id`), per object if needed. */
  idProperty?: string | undefined;
  idProperties?: Readonly<Record<string, string>> | undefined;
  objectTypes?: readonly string[] | undefined;
  /** Results one search query may reach before the connector restarts it (HubSpot: 10 000). */
  searchResultCap?: number | undefined;
  /** Longest comma-joined property list sent in a URL (default 1500 characters); see `scan`. */
  maxPropertiesInUrl?: number | undefined;
  /** Upserts arriving within `batchWindowMs` (default 5) share one batch call of ≤ `maxBatch` (default 100). */
  maxBatch?: number | undefined;
  batchWindowMs?: number | undefined;
}

export class HubSpotConnector implements Connector {
  readonly kind = 'hubspot' as const;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: true,
    idempotencyKeys: false,
    webhooks: false,
    bulkLoad: false,
  };
  readonly system: string;
  private readonly client: Client;
  private readonly gate: RequestGate;
  private readonly pacer: HubSpotPacer;
  private readonly schema: HubSpotSchemaCache;
  private readonly session: HubSpotSession;
  private readonly writes = new IdempotencyMemo<WriteResult>(1000);
  private readonly batcher: UpsertBatcher<ApiObject>;

  constructor(private readonly options: HubSpotConnectorOptions) {
    this.system = options.system;
    this.session = new HubSpotSession(options);
    this.client = this.session.client;
    this.gate = this.session.gate;
    this.pacer = this.session.pacer;
    this.batcher = new UpsertBatcher<ApiObject>(
      async (objectType, idProperty, inputs) => {
        const recordId = inputs.length === 1 ? inputs[0]!.externalId : undefined;
        const result = await this.session.call(recordId, false, () =>
          this.client.crm.objects.batchApi.upsertWithHttpInfo(objectType, {
            inputs: inputs.map((i) => ({ idProperty, id: i.externalId, properties: i.properties })),
          }),
        );
        if (!Array.isArray(result.results)) {
          throw new TransientUpstream(
            `HubSpot (${this.system}): batch upsert of ${objectType} returned no results`,
            {},
            { system: this.system, recordId },
          );
        }
        return result.results as ApiObject[];
      },
      options.maxBatch ?? 100,
      options.batchWindowMs ?? 5,
    );
    this.schema = new HubSpotSchemaCache((type) =>
      this.session
        .call(undefined, false, () => this.client.crm.properties.coreApi.getAllWithHttpInfo(type))
        .then((r) =>
          r.results.map((p) => ({
            name: p.name,
            type: p.type,
            fieldType: p.fieldType,
            hasUniqueValue: p.hasUniqueValue ?? false,
            hubspotDefined: p.hubspotDefined ?? false,
            options: p.options.map((o) => o.value),
          })),
        ),
    );
  }

  idPropertyOf(objectType: string): string {
    return this.options.idProperties?.[objectType] ?? this.options.idProperty ?? 'netsuite_id';
  }

  /** Limit figures from the last response that carried HubSpot's rate-limit headers. */
  rateLimits() {
    return this.pacer.limits();
  }

  readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    return readChangesBySearch(this.searchDeps(), request);
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const names = request.fields ? [...request.fields] : await this.schema.names(request.objectType);
    // The list endpoint takes the property names in the URL; a portal with hundreds of custom
    // properties would make it too long, so such scans go through search (names in the body),
    // keyed on hs_object_id so HubSpot's per-query result cap never applies.
    if (names.join(',').length > (this.options.maxPropertiesInUrl ?? 1500)) {
      yield* scanBySearch(this.searchDeps(), request, names);
      return;
    }
    const limit = Math.min(Math.max(request.pageSize ?? 100, 1), 100);
    let after: string | undefined;
    do {
      request.signal?.throwIfAborted();
      const cursor = after;
      const page = await this.session.call(undefined, false, () =>
        this.client.crm.objects.basicApi.getPageWithHttpInfo(request.objectType, limit, cursor, names),
      );
      const records = (page.results as ApiObject[]).map((o) => this.toRecord(request.objectType, o));
      if (records.length > 0) yield records;
      after = page.paging?.next?.after;
    } while (after);
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    return this.read(objectType, id, undefined);
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    return this.read(objectType, externalId, this.idPropertyOf(objectType));
  }

  /**
   * One record by id or unique property, through batch read: the property list travels in the
   * body, where a portal's hundreds of properties cannot make the URL too long.
   */
  private async read(
    objectType: string,
    id: string,
    idProperty: string | undefined,
  ): Promise<SystemRecord | undefined> {
    const names = await this.schema.names(objectType);
    const batch = await this.session.call(id, false, () =>
      this.client.crm.objects.batchApi.readWithHttpInfo(objectType, {
        inputs: [{ id }],
        properties: names,
        propertiesWithHistory: [],
        ...(idProperty ? { idProperty } : {}),
      }),
    );
    const found = (batch.results as ApiObject[] | undefined)?.[0];
    return found ? this.toRecord(objectType, found) : undefined;
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    const names = await this.schema.names(objectType);
    this.schema.requireProperty(objectType, field, this.system);
    const found: SystemRecord[] = [];
    let after = '0';
    for (;;) {
      const body = {
        filterGroups: [{ filters: [{ propertyName: field, operator: 'EQ' as never, value }] }],
        properties: names,
        limit: 100,
        after,
      };
      const result = await this.session.call(undefined, true, () =>
        this.client.crm.objects.searchApi.doSearchWithHttpInfo(objectType, body),
      );
      found.push(...(result.results as ApiObject[]).map((o) => this.toRecord(objectType, o)));
      const next = result.paging?.next?.after;
      if (!next) return found;
      after = next;
    }
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    return this.writes.run(request.idempotencyKey, () => this.write(request));
  }

  private async write(request: WriteRequest): Promise<WriteResult> {
    const { objectType, externalId } = request;
    const idProperty = this.idPropertyOf(objectType);
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.fields)) {
      if (k === idProperty) continue;
      if (v !== null && typeof v === 'object') {
        throw new ValidationRejected(
          `HubSpot (${this.system}): property '${k}' of ${objectType} '${externalId}' must be a string, number or boolean; HubSpot properties are flat. Map it to a scalar in the contract.`,
          { path: k },
          { system: this.system, recordId: externalId },
        );
      }
      properties[k] = v === null || v === undefined ? '' : String(v);
    }
    if (request.id) {
      const id = request.id;
      const o = await this.session.call(id, false, () =>
        this.client.crm.objects.basicApi.updateWithHttpInfo(objectType, id, {
          properties: { ...properties, [idProperty]: externalId },
        }),
      );
      return { id: o.id, externalId, created: false, record: this.toRecord(objectType, o as ApiObject) };
    }
    const o = await this.batcher.upsert(objectType, idProperty, externalId, properties);
    return { id: o.id, externalId, created: o._new === true, record: this.toRecord(objectType, o) };
  }

  async describe(): Promise<SystemSchema> {
    const types = this.options.objectTypes ?? ['companies', 'contacts', 'deals'];
    const objects: ObjectSchema[] = [];
    for (const type of types) {
      const props: HubSpotProperty[] = await this.schema.load(type, true);
      objects.push({
        name: type,
        custom: false,
        fields: props.map((p) => ({
          name: p.name,
          type: p.type,
          required: false,
          custom: !p.hubspotDefined,
          ...(p.options.length > 0 ? { enumValues: p.options } : {}),
        })),
      });
    }
    // Portal configuration mappings depend on: deal stages and currencies (from their properties).
    const options = (object: string, property: string) =>
      [
        ...(objects.find((o) => o.name === object)?.fields.find((f) => f.name === property)?.enumValues ??
          []),
      ].sort();
    return {
      kind: 'hubspot',
      apiVersion: 'v3',
      objects,
      configuration: {
        dealStages: options('deals', 'dealstage'),
        currencies: options('deals', 'deal_currency_code'),
      },
    };
  }

  stats(): ConnectorStats {
    return this.gate.stats();
  }

  async close(): Promise<void> {
    this.schema.clear();
  }

  private searchDeps(): SearchDeps {
    return {
      system: this.system,
      session: this.session,
      searchResultCap: this.options.searchResultCap,
      names: (objectType) => this.schema.names(objectType),
      toRecord: (objectType, o) => this.toRecord(objectType, o),
    };
  }

  private toRecord(objectType: string, o: ApiObject): SystemRecord {
    const stamp = o.properties.hs_lastmodifieddate ?? o.updatedAt?.toISOString();
    if (!o.id || !stamp)
      throw new TransientUpstream(
        `HubSpot (${this.system}) returned a ${objectType} without id or hs_lastmodifieddate`,
        {},
        { system: this.system },
      );
    const externalId = o.properties[this.idPropertyOf(objectType)];
    return {
      objectType,
      id: o.id,
      externalId: externalId ?? undefined,
      modifiedAt: new Date(Date.parse(stamp)).toISOString(),
      fields: { ...o.properties },
      ...(o.archived ? { deleted: true } : {}),
    };
  }
}
