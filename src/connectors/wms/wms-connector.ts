/**
 * The WMS (3PL) REST connector. Object types:
 * - `order` — outbound orders Accord sends the warehouse; upsert by the order reference (Accord's
 *   external id), created with POST and changed with PATCH, each under an `Idempotency-Key`;
 * - `shipment` — fulfilment confirmations the warehouse sends back (read-only);
 * - `stockLevel` — on-hand/allocated/available per SKU and location (read-only).
 *
 * Fields keep the WMS's nested shape (`recipient.email`); in `upsert` and `findByField` a dotted
 * name addresses a nested field, so a contract can map `recipient.email` directly.
 *
 * @example
 *   const wms = new WmsConnector({ system: 'wms', baseUrl, apiKey, concurrency: 4 });
 *   await wms.upsert({ objectType: 'order', externalId: 'SO-1001', fields: { recipient, lines }, idempotencyKey });
 *   for await (const page of wms.readChanges({ objectType: 'shipment', since })) ingest(page);
 */
import { TransientUpstream, UserInputError } from '../../model/errors.ts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  ReadChangesRequest,
  ScanRequest,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';
import { expandPaths, valueAtPath } from './field-paths.ts';
import { type ListReply, WmsClient, type WmsClientOptions, WmsConflict } from './wms-client.ts';
import { WMS_OBJECTS, type WmsObjectType, wmsSchema } from './wms-objects.ts';

export type WmsConnectorOptions = WmsClientOptions;

interface WmsItem {
  id: string;
  updatedAt: string;
  reference?: string;
}

export class WmsConnector implements Connector {
  readonly kind = 'wms' as const;
  readonly system: string;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: false,
    idempotencyKeys: true,
    webhooks: true,
    bulkLoad: false,
  };
  private readonly client: WmsClient;

  constructor(options: WmsConnectorOptions) {
    this.system = options.system;
    this.client = new WmsClient(options);
  }

  readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    // `updated_since` is inclusive, so the record at the cursor comes back again, as the port asks.
    return this.pages(
      request.objectType,
      { updated_since: request.since?.modifiedAt },
      request.pageSize,
      request.signal,
    );
  }

  scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    return this.pages(request.objectType, {}, request.pageSize, request.signal);
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    const object = this.object(objectType);
    const item = await this.client.request<WmsItem>('GET', `${object.path}/${encodeURIComponent(id)}`, {
      recordId: id,
      allowNotFound: true,
    });
    return item && this.toRecord(objectType as WmsObjectType, item);
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    const object = this.object(objectType);
    if (!object.externalIdFilter) {
      throw new UserInputError(
        `${this.system}: ${objectType} records are created by the warehouse and carry no external id`,
      );
    }
    const [first] = await this.findByField(objectType, object.externalIdField!, externalId);
    return first;
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    const object = this.object(objectType);
    const param = object.filters[field];
    if (!param) {
      throw new UserInputError(
        `${this.system}: the WMS cannot search ${objectType} by "${field}"; searchable: ${Object.keys(object.filters).join(', ')}`,
      );
    }
    const found: SystemRecord[] = [];
    for await (const page of this.pages(objectType, { [param]: value }, 250)) found.push(...page);
    return found;
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    if (request.objectType !== 'order') {
      throw new UserInputError(
        `${this.system}: ${request.objectType} is read-only in the WMS; only orders can be written`,
      );
    }
    const reference = request.externalId;
    const fields = expandPaths(request.fields);
    if ('reference' in fields && fields.reference !== reference) {
      throw new UserInputError(
        `${this.system}: order ${reference}: "reference" is the external id and cannot differ from it`,
      );
    }
    delete fields.reference;
    const current = request.id
      ? await this.get('order', request.id)
      : await this.getByExternalId('order', reference);
    // Already as asked (a replay after success, perhaps after the order shipped): no second write,
    // which the WMS would refuse once the order is being picked.
    if (current && containsAll(current.fields, fields)) {
      return { id: current.id, externalId: current.externalId, created: false, record: current };
    }
    let id = current?.id;
    if (!id) {
      try {
        const created = await this.client.request<WmsItem>('POST', '/v1/orders', {
          body: { reference, ...fields },
          idempotencyKey: `${request.idempotencyKey}:create`,
          recordId: reference,
        });
        return this.written(created!, true);
      } catch (error) {
        // Created meanwhile by another writer: fall through to an update of that order.
        if (!(error instanceof WmsConflict) || !error.vendor.id) throw error;
        id = error.vendor.id;
      }
    }
    const updated = await this.client.request<WmsItem>('PATCH', `/v1/orders/${encodeURIComponent(id)}`, {
      body: fields,
      idempotencyKey: `${request.idempotencyKey}:update`,
      recordId: reference,
    });
    return this.written(updated!, false);
  }

  async describe(): Promise<SystemSchema> {
    const locations = await this.client.request<{ data: { code: string }[] }>('GET', '/v1/locations');
    return wmsSchema({ locations: (locations?.data ?? []).map((l) => l.code) });
  }

  stats(): ConnectorStats {
    return {
      requests: this.client.requests,
      inFlight: this.client.gate.inFlight,
      maxInFlight: this.client.gate.maxInFlight,
      concurrencyCap: this.client.gate.cap,
      rateLimited: this.client.rateLimited,
    };
  }

  async close(): Promise<void> {}

  /** Turns one WMS item into a record (also used for webhook payloads). */
  toRecord(objectType: WmsObjectType, item: WmsItem): SystemRecord {
    const object = WMS_OBJECTS[objectType];
    const externalId = object.externalIdField ? valueAtPath(item, object.externalIdField) : undefined;
    return {
      objectType,
      id: item.id,
      externalId: typeof externalId === 'string' ? externalId : undefined,
      modifiedAt: new Date(item.updatedAt).toISOString(),
      fields: item as unknown as Record<string, unknown>,
    };
  }

  private written(item: WmsItem, created: boolean): WriteResult {
    const record = this.toRecord('order', item);
    return { id: item.id, externalId: record.externalId, created, record };
  }

  private async *pages(
    objectType: string,
    query: Record<string, string | undefined>,
    pageSize: number | undefined,
    signal?: AbortSignal,
  ): AsyncIterable<SystemRecord[]> {
    const object = this.object(objectType);
    const limit = String(Math.max(1, Math.min(pageSize ?? 100, 250)));
    let cursor: string | undefined;
    do {
      signal?.throwIfAborted();
      const reply = await this.client.request<ListReply<WmsItem>>('GET', object.path, {
        query: cursor ? { cursor, limit } : { ...query, limit },
      });
      if (!reply || !Array.isArray(reply.data)) {
        throw new TransientUpstream(
          `${this.system}: GET ${object.path} answered without a data list`,
          {},
          { system: this.system },
        );
      }
      if (reply.data.length > 0)
        yield reply.data.map((item) => this.toRecord(objectType as WmsObjectType, item));
      cursor = reply.next_cursor ?? undefined;
    } while (cursor);
  }

  private object(objectType: string) {
    const object = WMS_OBJECTS[objectType as WmsObjectType];
    if (!object) {
      throw new UserInputError(
        `${this.system}: unknown object type "${objectType}"; the WMS has ${Object.keys(WMS_OBJECTS).join(', ')}`,
      );
    }
    return object;
  }
}

/** True when every value in `wanted` (nested objects compared key by key) is already in `have`. */
function containsAll(have: unknown, wanted: unknown): boolean {
  if (typeof wanted !== 'object' || wanted === null || Array.isArray(wanted)) {
    return JSON.stringify(have ?? null) === JSON.stringify(wanted ?? null);
  }
  if (typeof have !== 'object' || have === null) return false;
  return Object.entries(wanted).every(([k, v]) => containsAll((have as Record<string, unknown>)[k], v));
}
