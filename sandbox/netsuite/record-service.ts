/**
 * The REST record service, /services/rest/record/v1/…:
 *   GET    /{type}?q=&limit=&offset=        list: ids and links in the paging envelope
 *   POST   /{type}                           create → 204, Location: …/{type}/{id}
 *   GET    /{type}/{id | eid:X}              one record (?expandSubResources=true, ?fields=a,b)
 *   PATCH  /{type}/{id | eid:X}              omitted fields untouched, null clears (?replace=item)
 *   PUT    /{type}/eid:X                     upsert by external id → 204 + Location
 *   DELETE /{type}/{id | eid:X}              → 204
 *   GET    /{type}/{id}/{sublist}            a sublist's lines
 *   POST   /salesOrder/{id}/!transform/{itemFulfillment | invoice}  → 204 + Location
 *
 * @example
 *   const reply = await service.handle('GET', ['customer', 'eid:CUST-1'], new URLSearchParams(), headers, undefined);
 */
import type { AccountClock } from './account-clock.ts';
import { type AccountRules, userError } from './account-rules.ts';
import { pageEnvelope, pagingParams } from './collection-paging.ts';
import { NetSuiteApiError } from './errors.ts';
import { matchesFilter, parseQueryFilter } from './query-filter.ts';
import {
  decodeRecord,
  encodeLines,
  encodeRecord,
  type PropertyNameValidation,
  recordUrl,
} from './record-codec.ts';
import type { RecordStore, StoredRecord } from './record-store.ts';
import type { RecordTypeDef } from './record-types.ts';
import { transformSalesOrder } from './sales-order-transforms.ts';
import { runUserEvents, type UserEventScript, type UserEventType } from './user-event-scripts.ts';

/** Writes that change what is still owed on invoices. */
const AFFECTS_INVOICE_BALANCE = new Set(['customerPayment', 'creditMemo']);

export interface ServiceReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordServiceDeps {
  types: Map<string, RecordTypeDef>;
  store: RecordStore;
  rules: AccountRules;
  scripts: () => readonly UserEventScript[];
  clock: AccountClock;
  baseUrl: string;
}

function notFound(type: string, id: string): NetSuiteApiError {
  return new NetSuiteApiError(
    404,
    'NONEXISTENT_ID',
    `The record instance does not exist. Provide a valid record instance ID. (${type} ${id})`,
  );
}

export class RecordService {
  constructor(private readonly deps: RecordServiceDeps) {}

  private typeDef(name: string): RecordTypeDef {
    const def = [...this.deps.types.values()].find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!def) throw new NetSuiteApiError(404, 'INVALID_RECORD_TYPE', `Record type '${name}' does not exist.`);
    return def;
  }

  private find(def: RecordTypeDef, key: string): StoredRecord | undefined {
    const k = decodeURIComponent(key);
    return k.startsWith('eid:')
      ? this.deps.store.findByExternalId(def.name, k.slice(4))
      : this.deps.store.get(def.name, k);
  }

  private mustFind(def: RecordTypeDef, key: string): StoredRecord {
    const record = this.find(def, key);
    if (!record) throw notFound(def.name, decodeURIComponent(key));
    return record;
  }

  private refName = (type: string, id: string): string | undefined => {
    const def = this.deps.types.get(type);
    const record = def ? this.deps.store.get(type, id) : undefined;
    const name = record && def ? record[def.nameField] : undefined;
    return name === undefined || name === null ? undefined : String(name);
  };

  async handle(
    method: string,
    path: string[],
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
  ): Promise<ServiceReply> {
    const [typeName, key, sub, target] = path;
    if (!typeName)
      throw new NetSuiteApiError(404, 'INVALID_RECORD_TYPE', 'A record type is required in the path.');
    const def = this.typeDef(typeName);
    const validation = this.validation(headers);
    if (key === undefined) {
      if (method === 'GET') return this.list(def, query);
      if (method === 'POST') return this.write(def, 'create', undefined, body, validation, query);
    } else if (sub === undefined) {
      if (method === 'GET') return this.get(def, key, query);
      if (method === 'PATCH')
        return this.write(def, 'edit', this.mustFind(def, key), body, validation, query);
      if (method === 'PUT') {
        const k = decodeURIComponent(key);
        if (!k.startsWith('eid:'))
          throw new NetSuiteApiError(
            405,
            'METHOD_NOT_ALLOWED',
            'PUT upserts by external ID only: use …/{type}/eid:{externalId}.',
          );
        const existing = this.find(def, key);
        return this.write(def, existing ? 'edit' : 'create', existing, body, validation, query, k.slice(4));
      }
      if (method === 'DELETE') {
        const record = this.mustFind(def, key);
        this.deps.store.delete(def.name, record.id);
        if (AFFECTS_INVOICE_BALANCE.has(def.name)) this.deps.rules.recomputeInvoiceBalances();
        return { status: 204 };
      }
    } else if (sub === '!transform' && target && method === 'POST') {
      return transformSalesOrder(this.deps, def, this.mustFind(def, key), target, body ?? {}, {
        validation: this.validation(headers),
        resolveRef: this.resolveRef,
      });
    } else if (def.sublists[sub] && method === 'GET') {
      const record = this.mustFind(def, key);
      const lines = encodeLines(
        def.sublists[sub],
        (record[sub] as Record<string, unknown>[]) ?? [],
        this.encodeContext(query),
      );
      return {
        status: 200,
        body: {
          links: [{ rel: 'self', href: `${recordUrl(this.deps.baseUrl, def.name, record.id)}/${sub}` }],
          items: lines,
          totalResults: lines.length,
          count: lines.length,
          hasMore: false,
          offset: 0,
        },
      };
    }
    throw new NetSuiteApiError(
      405,
      'METHOD_NOT_ALLOWED',
      `${method} is not supported on ${['record/v1', ...path].join('/')}.`,
    );
  }

  private validation(headers: Record<string, string | string[] | undefined>): PropertyNameValidation {
    const raw = headers['x-netsuite-propertynamevalidation'];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value === undefined || value === '') return 'Warning';
    const known = ['Error', 'Warning', 'Ignore'].find((v) => v.toLowerCase() === value.toLowerCase());
    if (!known)
      throw new NetSuiteApiError(
        400,
        'INVALID_HEADER',
        `Invalid value '${value}' for X-NetSuite-PropertyNameValidation: use Error, Warning or Ignore.`,
        { header: 'X-NetSuite-PropertyNameValidation' },
      );
    return known as PropertyNameValidation;
  }

  private encodeContext(query: URLSearchParams) {
    return {
      baseUrl: this.deps.baseUrl,
      refName: this.refName,
      expandSubResources: query.get('expandSubResources') === 'true',
      fields: query
        .get('fields')
        ?.split(',')
        .map((f) => f.trim()),
    };
  }

  private list(def: RecordTypeDef, query: URLSearchParams): ServiceReply {
    const { limit, offset } = pagingParams(query);
    const q = query.get('q');
    const filter = q ? parseQueryFilter(q) : undefined;
    const all = this.deps.store
      .all(def.name)
      .filter((r) => !filter || matchesFilter(filter, def, r, this.deps.clock));
    const items = all.slice(offset, offset + limit).map((r) => ({
      links: [{ rel: 'self', href: recordUrl(this.deps.baseUrl, def.name, r.id) }],
      id: r.id,
    }));
    return {
      status: 200,
      body: pageEnvelope(
        `${this.deps.baseUrl}/services/rest/record/v1/${def.name}`,
        query,
        all.length,
        limit,
        offset,
        items,
      ),
    };
  }

  private get(def: RecordTypeDef, key: string, query: URLSearchParams): ServiceReply {
    return { status: 200, body: encodeRecord(def, this.mustFind(def, key), this.encodeContext(query)) };
  }

  private resolveRef = (type: string, value: { id?: string; externalId?: string }, path: string): string => {
    const record =
      value.id !== undefined
        ? this.deps.store.get(type, value.id)
        : value.externalId !== undefined
          ? this.deps.store.findByExternalId(type, value.externalId)
          : undefined;
    if (!record) {
      throw new NetSuiteApiError(
        400,
        'INVALID_CONTENT',
        `Error while accessing a resource. You have entered an Invalid Field Value ${value.id ?? `eid:${value.externalId}`} for the following field: ${path.split('.').pop()}`,
        { path },
      );
    }
    return record.id;
  };

  private async write(
    def: RecordTypeDef,
    event: 'create' | 'edit',
    existing: StoredRecord | undefined,
    body: unknown,
    validation: PropertyNameValidation,
    query: URLSearchParams,
    externalIdFromUrl?: string,
  ): Promise<ServiceReply> {
    const replace =
      query
        .get('replace')
        ?.split(',')
        .map((s) => s.trim()) ?? [];
    const fields = decodeRecord(
      def,
      body ?? {},
      { validation, resolveRef: this.resolveRef },
      existing,
      replace,
    );
    if (externalIdFromUrl !== undefined) {
      if (fields.externalId !== undefined && fields.externalId !== externalIdFromUrl) {
        throw new NetSuiteApiError(
          400,
          'INVALID_CONTENT',
          `The externalId in the body (${String(fields.externalId)}) differs from the one in the URL (${externalIdFromUrl}).`,
          { path: 'externalId' },
        );
      }
      fields.externalId = externalIdFromUrl;
    }
    const merged: Record<string, unknown> = existing ? structuredClone(existing) : {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    delete merged.id;
    delete merged.lastModifiedDate; // stamped by the store on every write
    if (typeof merged.externalId === 'string') {
      const clash = this.deps.store.findByExternalId(def.name, merged.externalId);
      if (clash && clash.id !== existing?.id) {
        throw userError(
          `A ${def.label} record with external ID ${merged.externalId} already exists (internal ID ${clash.id}).`,
          'externalId',
        );
      }
    }
    const type: UserEventType = event === 'create' ? 'create' : 'edit';
    const fail = (scriptId: string, name: string, message: string) =>
      new NetSuiteApiError(
        400,
        'USER_ERROR',
        `Error while accessing a resource. {"type":"error.SuiteScriptError","name":"${name}","message":"${message}","scriptId":"${scriptId}"}`,
      );
    const scripts = this.deps.scripts();
    runUserEvents(
      scripts,
      'beforeSubmit',
      {
        type,
        recordType: def.name,
        newRecord: merged,
        oldRecord: existing,
        executionContext: 'RESTWEBSERVICES',
      },
      fail,
    );
    this.deps.rules.apply(def.name, merged, event, existing);
    let id: string;
    if (existing) {
      id = existing.id;
      this.deps.store.replace(def.name, id, merged);
    } else {
      id = this.deps.store.insert(def.name, merged);
    }
    const stored = this.deps.store.get(def.name, id)!;
    const after = structuredClone(stored);
    runUserEvents(
      scripts,
      'afterSubmit',
      {
        type,
        recordType: def.name,
        newRecord: after,
        oldRecord: existing,
        executionContext: 'RESTWEBSERVICES',
      },
      fail,
    );
    if (JSON.stringify(after) !== JSON.stringify(stored)) {
      const { id: _id, ...rest } = after;
      this.deps.store.replace(def.name, id, rest);
    }
    if (AFFECTS_INVOICE_BALANCE.has(def.name)) this.deps.rules.recomputeInvoiceBalances();
    return { status: 204, headers: { location: recordUrl(this.deps.baseUrl, def.name, id) } };
  }
}
