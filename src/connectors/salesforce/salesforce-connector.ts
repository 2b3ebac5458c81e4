/**
 * The Salesforce connector: jsforce (unmodified) against an org's REST API, by instance URL and an
 * access token or the OAuth 2.0 client-credentials / password flow.
 *
 * - Changes: SOQL keyset paging on `(SystemModstamp, Id)` — `SystemModstamp > X OR
 *   (SystemModstamp = X AND Id >= Y)`, ordered by both — through `queryAll`, so deletions come
 *   back as tombstones. Salesforce stamps whole seconds, so the `Id` tie-break is what keeps a
 *   page boundary from skipping records that share a second.
 * - Writes: upsert by an external-id field (`NetSuite_Id__c` unless configured); concurrent
 *   upserts are coalesced into sObject Collections calls of up to 200 and read back with one SOQL
 *   query, so the engine sees what Salesforce really stored at a cost of two calls per 200
 *   records. When a link already names the record it is PATCHed by id instead (stamping the
 *   external id on it, so a record created by hand is not duplicated).
 * - Limits: a per-instance concurrency cap; `Sforce-Limit-Info` usage is exposed; the daily
 *   allowance (403 REQUEST_LIMIT_EXCEEDED) surfaces as RateLimited and is not retried here.
 *
 * @example
 *   const crm = new SalesforceConnector({ system: 'crm', instanceUrl, auth: { accessToken } });
 *   await crm.upsert({ objectType: 'Account', externalId: 'ns-42', fields: { Name: 'Acme' }, idempotencyKey: 'k1' });
 */
import type jsforce from 'jsforce';
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
import { classifySalesforceError, garbledReply } from './salesforce-errors.ts';
import { soqlDateTime, soqlLiteral, soqlString, toSystemRecord } from './salesforce-records.ts';
import {
  type SalesforceAuth,
  SalesforceSession,
  type SalesforceSessionOptions,
} from './salesforce-session.ts';
import { SoqlReader } from './soql-reader.ts';
import { SalesforceUpsertBatcher } from './upsert-batcher.ts';

export interface SalesforceConnectorOptions extends SalesforceSessionOptions {
  /** The external-id field Accord upserts on (default `NetSuite_Id__c`), per object if needed. */
  externalIdField?: string | undefined;
  externalIdFields?: Readonly<Record<string, string>> | undefined;
  /** sObjects `describe()` reports (default Account, Contact, Opportunity, OpportunityLineItem). */
  objects?: readonly string[] | undefined;
  /**
   * Fields to read per object (default: every field describe lists). SOQL travels in the URL, so
   * an object with hundreds of fields is best read with only the fields the contract maps.
   */
  queryFields?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Upserts arriving within `batchWindowMs` (default 5) share one Collections call of ≤ `maxBatch` (default 200). */
  maxBatch?: number | undefined;
  batchWindowMs?: number | undefined;
}

interface Described {
  fields: string[];
  types: Map<string, string>;
  raw: jsforce.DescribeSObjectResult;
}

export type { SalesforceAuth };

export class SalesforceConnector implements Connector {
  readonly kind = 'salesforce' as const;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: true,
    idempotencyKeys: false,
    webhooks: false,
    bulkLoad: false,
  };
  readonly system: string;
  private readonly conn: jsforce.Connection;
  private readonly gate: RequestGate;
  private readonly described = new Map<string, Promise<Described>>();
  private readonly writes = new IdempotencyMemo<WriteResult>(1000);
  private readonly batcher: SalesforceUpsertBatcher;
  private readonly session: SalesforceSession;
  private readonly soql: SoqlReader;

  constructor(private readonly options: SalesforceConnectorOptions) {
    this.system = options.system;
    this.session = new SalesforceSession(options);
    this.conn = this.session.conn;
    this.gate = this.session.gate;
    this.soql = new SoqlReader(this.session, options.system);
    this.batcher = new SalesforceUpsertBatcher(
      {
        send: (objectType, extField, items) =>
          this.session.call(
            items.length === 1 ? items[0]!.externalId : undefined,
            () =>
              this.conn.sobject(objectType).upsert(
                items.map((i) => ({ ...i.fields, [extField]: i.externalId })),
                extField,
                { allOrNone: false },
              ) as Promise<unknown>,
          ),
        reread: async (objectType, ids) => {
          const meta = await this.describeObject(objectType);
          const soql = `SELECT ${meta.fields.join(', ')} FROM ${objectType} WHERE Id IN (${ids.map(soqlString).join(', ')})`;
          const records = await this.soql.all(soql, objectType);
          return new Map(records.map((r) => [String(r.Id), r]));
        },
        classify: (thrown, externalId) => classifySalesforceError(thrown, this.where(externalId)),
      },
      options.maxBatch ?? 200,
      options.batchWindowMs ?? 5,
    );
  }

  /** The org's API usage as last reported by `Sforce-Limit-Info`. */
  apiUsage(): { used: number; limit: number } | undefined {
    const usage = this.conn.limitInfo?.apiUsage;
    return usage ? { used: usage.used, limit: usage.limit } : undefined;
  }

  externalIdFieldOf(objectType: string): string {
    return this.options.externalIdFields?.[objectType] ?? this.options.externalIdField ?? 'NetSuite_Id__c';
  }

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    const meta = await this.describeObject(request.objectType);
    const pageSize = Math.min(Math.max(request.pageSize ?? 200, 1), 2000);
    let cursor = request.since
      ? { stamp: soqlDateTime(request.since.modifiedAt), id: request.since.id, op: '>=' }
      : undefined;
    for (;;) {
      request.signal?.throwIfAborted();
      const where = cursor
        ? ` WHERE (SystemModstamp > ${cursor.stamp} OR (SystemModstamp = ${cursor.stamp} AND Id ${cursor.op} ${soqlString(cursor.id)}))`
        : '';
      const soql = `SELECT ${meta.fields.join(', ')} FROM ${request.objectType}${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${pageSize}`;
      // Salesforce may answer a LIMITed query in several batches: follow them to fill the page.
      const page: SystemRecord[] = [];
      for await (const batch of this.soql.batches(soql, {
        objectType: request.objectType,
        signal: request.signal,
        scanAll: true,
      })) {
        page.push(...batch.map((r) => this.toRecord(request.objectType, r, meta)));
      }
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      // Later pages are exclusive of the last id seen: the boundary was already delivered.
      cursor = { stamp: soqlDateTime(last.modifiedAt), id: last.id, op: '>' };
    }
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const meta = await this.describeObject(request.objectType);
    const fields = request.fields ? [...new Set(['Id', 'SystemModstamp', ...request.fields])] : meta.fields;
    const pageSize = Math.max(request.pageSize ?? 200, 1);
    const soql = `SELECT ${fields.join(', ')} FROM ${request.objectType}`;
    for await (const batch of this.soql.batches(soql, {
      objectType: request.objectType,
      signal: request.signal,
    })) {
      const records = batch.map((r) => this.toRecord(request.objectType, r, meta));
      for (let i = 0; i < records.length; i += pageSize) yield records.slice(i, i + pageSize);
    }
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    const meta = await this.describeObject(objectType);
    try {
      const raw = await this.session.call(
        id,
        () => this.conn.sobject(objectType).retrieve(id) as Promise<Record<string, unknown>>,
      );
      if (typeof raw !== 'object' || raw === null) throw garbledReply(this.where(id), 'retrieve', raw);
      return this.toRecord(objectType, raw, meta);
    } catch (error) {
      if ((error as { code?: string }).code === 'RECORD_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    const hits = await this.findByField(objectType, this.externalIdFieldOf(objectType), externalId);
    if (hits.length > 1) {
      throw new ValidationRejected(
        `Salesforce (${this.system}): ${hits.length} ${objectType} records share ${this.externalIdFieldOf(objectType)} = '${externalId}' (${hits.map((h) => h.id).join(', ')}); merge them or clear the duplicate before syncing.`,
        { vendorCode: 'MULTIPLE_CHOICES' },
        this.where(externalId),
      );
    }
    return hits[0];
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    const meta = await this.describeObject(objectType);
    const type = meta.types.get(field);
    if (!type) {
      throw new ValidationRejected(
        `Salesforce (${this.system}): ${objectType} has no field '${field}'. Check the match key in the contract against describe().`,
        { vendorCode: 'INVALID_FIELD' },
        this.where(undefined),
      );
    }
    const soql = `SELECT ${meta.fields.join(', ')} FROM ${objectType} WHERE ${field} = ${soqlLiteral(value, type)} ORDER BY Id`;
    // Every hit, across batches: a key that matches two records must be seen as two.
    return (await this.soql.all(soql, objectType)).map((r) => this.toRecord(objectType, r, meta));
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    return this.writes.run(request.idempotencyKey, () => this.write(request));
  }

  private async write(request: WriteRequest): Promise<WriteResult> {
    const { objectType, externalId } = request;
    const extField = this.externalIdFieldOf(objectType);
    const fields = Object.fromEntries(
      Object.entries(request.fields).filter(([k]) => k !== 'Id' && k !== extField && k !== 'attributes'),
    );
    if (!request.id) {
      const meta = await this.describeObject(objectType);
      const saved = await this.batcher.upsert(objectType, extField, externalId, fields);
      return {
        id: saved.id,
        externalId,
        created: saved.created,
        record: this.toRecord(objectType, saved.raw, meta),
      };
    }
    // A linked record may have been created in Salesforce by hand: stamp the external id on it
    // rather than upserting by external id, which would create a duplicate.
    const linkedId = request.id;
    const result = await this.session.call(
      linkedId,
      () =>
        this.conn
          .sobject(objectType)
          .update({ Id: linkedId, ...fields, [extField]: externalId }) as Promise<unknown>,
    );
    this.checkSaveResult(result, linkedId, 'update');
    const record = await this.get(objectType, linkedId);
    if (!record) {
      throw new TransientUpstream(
        `Salesforce (${this.system}): ${objectType} ${linkedId} was saved but cannot be read back yet`,
        {},
        this.where(externalId),
      );
    }
    return { id: record.id, externalId, created: false, record };
  }

  async describe(): Promise<SystemSchema> {
    const names = this.options.objects ?? ['Account', 'Contact', 'Opportunity', 'OpportunityLineItem'];
    const objects: ObjectSchema[] = [];
    const currencies = new Set<string>();
    for (const name of names) {
      const { raw } = await this.describeObject(name, true);
      objects.push({
        name: raw.name,
        custom: raw.custom,
        fields: raw.fields.map((f) => ({
          name: f.name,
          type: f.type,
          required: !f.nillable && f.createable && !f.defaultedOnCreate,
          custom: f.custom,
          ...(f.picklistValues && f.picklistValues.length > 0
            ? { enumValues: f.picklistValues.map((p) => p.value) }
            : {}),
          ...(f.referenceTo && f.referenceTo.length > 0 ? { references: f.referenceTo[0] } : {}),
        })),
      });
      for (const f of raw.fields)
        if (f.name === 'CurrencyIsoCode') for (const p of f.picklistValues ?? []) currencies.add(p.value);
    }
    return {
      kind: 'salesforce',
      apiVersion: this.conn.version,
      objects,
      configuration: { currencies: [...currencies].sort() },
    };
  }

  stats(): ConnectorStats {
    return this.gate.stats();
  }

  async close(): Promise<void> {
    this.described.clear();
  }

  private where(recordId: string | undefined) {
    return { system: this.system, recordId };
  }

  private async describeObject(objectType: string, fresh = false): Promise<Described> {
    let entry = fresh ? undefined : this.described.get(objectType);
    if (!entry) {
      entry = this.session
        .call(undefined, () => this.conn.sobject(objectType).describe())
        .then((raw) => {
          if (typeof raw !== 'object' || !Array.isArray(raw?.fields))
            throw garbledReply(this.where(undefined), `describe ${objectType}`, raw);
          const wanted = this.options.queryFields?.[objectType];
          const always = new Set([
            'Id',
            'IsDeleted',
            'SystemModstamp',
            'LastModifiedDate',
            this.externalIdFieldOf(objectType),
          ]);
          const known = new Set(raw.fields.map((f) => f.name));
          const unknown = (wanted ?? []).filter((name) => !known.has(name));
          if (unknown.length > 0) {
            throw new ValidationRejected(
              `Salesforce (${this.system}): ${objectType} has no field ${unknown.map((n) => `'${n}'`).join(', ')} (queryFields). Check the names against describe().`,
              { vendorCode: 'INVALID_FIELD' },
              this.where(undefined),
            );
          }
          return {
            raw,
            fields: raw.fields
              .map((f) => f.name)
              .filter((name) => !wanted || always.has(name) || wanted.includes(name)),
            types: new Map(raw.fields.map((f) => [f.name, f.type as string])),
          };
        });
      entry.catch(() => this.described.delete(objectType));
      this.described.set(objectType, entry);
    }
    return entry;
  }

  private toRecord(objectType: string, raw: Record<string, unknown>, meta: Described): SystemRecord {
    return toSystemRecord(objectType, raw, meta.types, this.externalIdFieldOf(objectType));
  }

  private checkSaveResult(result: unknown, recordId: string, what: string): void {
    if (typeof result !== 'object' || result === null || (result as { success?: unknown }).success !== true) {
      throw garbledReply(this.where(recordId), what, result);
    }
  }
}
