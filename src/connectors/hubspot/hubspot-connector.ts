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
import type { HubSpotPacer } from './hubspot-pacer.ts';
import { type HubSpotProperty, HubSpotSchemaCache } from './hubspot-schema-cache.ts';
import { HubSpotSession, type HubSpotSessionOptions } from './hubspot-session.ts';
import { IdempotencyMemo } from './idempotency-memo.ts';
import type { RequestGate } from './request-gate.ts';
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

interface ApiObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: Date;
  archived?: boolean | undefined;
  _new?: boolean | undefined;
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

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    const names = await this.schema.names(request.objectType);
    const limit = Math.min(Math.max(request.pageSize ?? 100, 1), 200);
    const cap = this.options.searchResultCap ?? 10_000;
    const since = request.since;
    let fromMs = since ? Date.parse(since.modifiedAt) : 0;
    // The newest timestamp delivered so far and every id delivered at it: a restarted query
    // begins at that timestamp again and skips those ids.
    let frontier = { ms: fromMs, ids: new Set<string>() };
    let skip = new Set<string>();
    let after = 0;
    let deliveredThisQuery = 0;
    for (;;) {
      request.signal?.throwIfAborted();
      const body = {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(fromMs) },
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as never[],
        properties: names,
        limit,
        after: String(after),
      };
      const result = await this.session.call(undefined, true, () =>
        this.client.crm.objects.searchApi.doSearchWithHttpInfo(request.objectType, body),
      );
      const raw = result.results as ApiObject[];
      const page = raw
        .map((o) => this.toRecord(request.objectType, o))
        .filter((r) => {
          const ms = Date.parse(r.modifiedAt);
          if (ms === fromMs && skip.has(r.id)) return false;
          // The caller's cursor is inclusive of its own id: drop only smaller ids at its instant.
          return !(since && ms === Date.parse(since.modifiedAt) && compareIds(r.id, since.id) < 0);
        })
        // HubSpot sorts on one property only: order ties by id here.
        .sort((a, b) =>
          a.modifiedAt < b.modifiedAt ? -1 : a.modifiedAt > b.modifiedAt ? 1 : compareIds(a.id, b.id),
        );
      for (const r of page) {
        const ms = Date.parse(r.modifiedAt);
        if (ms > frontier.ms) frontier = { ms, ids: new Set([r.id]) };
        else if (ms === frontier.ms) frontier.ids.add(r.id);
      }
      deliveredThisQuery += page.length;
      if (page.length > 0) yield page;
      const next = result.paging?.next?.after;
      if (next !== undefined && Number(next) + limit <= cap) {
        after = Number(next);
        continue;
      }
      // No next page: either the end, or HubSpot's per-query result cap (it stops paging there).
      if (next === undefined && after + raw.length >= result.total) return;
      if (deliveredThisQuery === 0) {
        throw new TransientUpstream(
          `HubSpot (${this.system}): more than ${cap} ${request.objectType} share hs_lastmodifieddate ${new Date(fromMs).toISOString()}; the search API cannot page past them`,
          {},
          { system: this.system },
        );
      }
      // Restart from the newest timestamp delivered, skipping the ids already delivered there.
      fromMs = frontier.ms;
      skip = new Set(frontier.ids);
      after = 0;
      deliveredThisQuery = 0;
    }
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const names = request.fields ? [...request.fields] : await this.schema.names(request.objectType);
    // The list endpoint takes the property names in the URL; a portal with hundreds of custom
    // properties would make it too long, so such scans go through search (names in the body),
    // keyed on hs_object_id so HubSpot's per-query result cap never applies.
    if (names.join(',').length > (this.options.maxPropertiesInUrl ?? 1500)) {
      yield* this.scanBySearch(request, names);
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

  private async *scanBySearch(request: ScanRequest, names: string[]): AsyncIterable<SystemRecord[]> {
    const limit = Math.min(Math.max(request.pageSize ?? 100, 1), 200);
    let lastId = '0';
    for (;;) {
      request.signal?.throwIfAborted();
      const body = {
        filterGroups: [
          { filters: [{ propertyName: 'hs_object_id', operator: 'GT' as never, value: lastId }] },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] as never[],
        properties: names,
        limit,
        after: '0',
      };
      const result = await this.session.call(undefined, true, () =>
        this.client.crm.objects.searchApi.doSearchWithHttpInfo(request.objectType, body),
      );
      const records = (result.results as ApiObject[]).map((o) => this.toRecord(request.objectType, o));
      if (records.length > 0) yield records;
      if (records.length < limit) return;
      lastId = records.at(-1)!.id;
    }
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
    const g = this.gate;
    return {
      requests: g.requests,
      inFlight: g.inFlight,
      maxInFlight: g.maxInFlight,
      concurrencyCap: g.cap,
      rateLimited: g.rateLimited,
    };
  }

  async close(): Promise<void> {
    this.schema.clear();
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

/** HubSpot ids are numeric strings: compare them as numbers. */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
