/**
 * The NetSuite connector: REST record service v1 for reads and writes, SuiteQL for change capture,
 * scans and match-key lookups, through one concurrency limiter shared by every call.
 *
 * - Writes are upserts by external id (`PUT /record/v1/<type>/eid:<X>`), or a PATCH by internal id
 *   when a link already names the record (the PATCH also stamps the external id). Every write
 *   sends `X-NetSuite-PropertyNameValidation: Error`: NetSuite's default on many operations is to
 *   IGNORE an unknown field, which is how a renamed custom field silently stops syncing.
 * - Accord marks its own writes: a custom field per record type (e.g. `custentity_accord_write`)
 *   set to the write's idempotency key, and/or a prefix on the external ids it assigns, so user
 *   event scripts can skip Accord's saves and echoes are recognisable.
 * - After a write the record is read back: user event scripts and workflows may have changed it,
 *   and echo detection must compare with what is stored.
 * - References are written as NetSuite accepts them, `{ id }` or `{ externalId }`, never by name
 *   (`write-references.ts`); a currency is spoken as its ISO code both ways — `currency.symbol`
 *   on read, `{ symbol: "KWD" }` on write — through the account's currency table
 *   (`currency-codes.ts`), because NetSuite's refName is the currency's name ("Kuwaiti Dinar").
 *
 * @example
 *   const connector = createNetSuiteConnector({
 *     system: 'netsuite', accountId: '123456_SB1', timeZone: 'America/Los_Angeles',
 *     auth: { kind: 'tba', consumerKey, consumerSecret, tokenId, tokenSecret },
 *     concurrency: 5, writeMarker: { fields: { customer: 'custentity_accord_write' } },
 *   });
 *   await connector.upsert({ objectType: 'customer', externalId: 'shop:42', fields: { companyName: 'Acme' }, idempotencyKey: 'k1' });
 */

import { AdaptiveLimiter } from '../../governance/adaptive-limiter.ts';
import type { ConcurrencyLimiter } from '../../governance/concurrency-limiter.ts';
import { RateLimiter } from '../../governance/rate-limiter.ts';
import {
  RecordNotFound,
  TransientUpstream,
  toError,
  UserInputError,
  ValidationRejected,
} from '../../model/errors.ts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  FindByFieldOptions,
  ReadChangesRequest,
  RemoveRequest,
  RemoveResult,
  ScanRequest,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';
import { AccountTime } from './account-time.ts';
import { CurrencyCodes } from './currency-codes.ts';
import {
  findInventoryBalances,
  getInventoryBalance,
  INVENTORY_BALANCE_SEARCHABLE,
  isInventoryBalance,
  readInventoryBalances,
} from './inventory-balance.ts';
import { createItemFulfillment, itemFulfillmentUpdate } from './item-fulfillment-writer.ts';
import { ItemIds } from './item-ids.ts';
import { type NetSuiteAuth, tbaAuth } from './netsuite-auth.ts';
import type { NetSuiteConnectorConfig } from './netsuite-config.ts';
import { NetSuiteHttp } from './netsuite-http.ts';
import { describeNetSuite } from './netsuite-schema.ts';
import { OAuth2ClientCredentials } from './oauth2-client-credentials.ts';
import { RecordShape } from './record-shape.ts';
import { keysetPages, MODIFIED_ALIAS, type SuiteQlRow, suiteqlAll } from './suiteql-reader.ts';
import { type SuiteQlTable, suiteqlColumnOf, suiteqlString, suiteqlTableOf } from './suiteql-tables.ts';
import { hostIdOf } from './tba-signer.ts';
import { writeReferences } from './write-references.ts';

const RECORD_PATH = '/services/rest/record/v1';
const WRITE_HEADERS = { 'x-netsuite-propertynamevalidation': 'Error' };

/**
 * `?replace=item,…` for every sublist a write carries. A mapped sublist is the whole list (an
 * order's lines as the source has them), but NetSuite *appends* the lines of a non-keyed sublist
 * on update ("Updating a Sublist"): without `replace`, re-syncing an order whose lines changed
 * doubled its lines and its total. With it, NetSuite drops the old lines and takes the new ones.
 */
function replacedSublists(fields: Readonly<Record<string, unknown>>): Record<string, string> {
  const names = Object.entries(fields)
    .filter(([, v]) => v !== null && typeof v === 'object' && Array.isArray((v as { items?: unknown }).items))
    .map(([k]) => k);
  return names.length > 0 ? { replace: names.join(',') } : {};
}

export class NetSuiteConnector implements Connector {
  readonly kind = 'netsuite' as const;
  readonly system: string;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: true,
    idempotencyKeys: false,
    webhooks: false,
    bulkLoad: false,
  };
  readonly limiter: ConcurrencyLimiter;
  readonly auth: NetSuiteAuth;
  private readonly http: NetSuiteHttp;
  private readonly clock: AccountTime;
  private readonly shape: RecordShape;
  private readonly cap: number;
  /** The account's currencies by ISO code: `currency.symbol` on read, `{ symbol }` → `{ id }` on write. */
  private readonly currencies: CurrencyCodes;
  /** The account's items by itemid (SKU): a line's `item.itemId` on read, `{ itemId }` → `{ id }` on write. */
  private readonly items: ItemIds;
  /** Writes in flight by idempotency key: a concurrent replay shares the first call's outcome. */
  private readonly inFlightWrites = new Map<string, Promise<WriteResult>>();

  constructor(private readonly config: NetSuiteConnectorConfig) {
    this.system = config.system;
    this.clock = new AccountTime(config.timeZone);
    this.shape = new RecordShape(this.clock, config.writeMarker?.externalIdPrefix);
    this.cap = config.concurrency ?? 5;
    const baseUrl = config.baseUrl ?? `https://${hostIdOf(config.accountId)}.suitetalk.api.netsuite.com`;
    let http: NetSuiteHttp | undefined;
    this.limiter =
      config.limiter ??
      new AdaptiveLimiter({
        cap: this.cap,
        ...config.adaptive,
        ...(config.readGovernanceLimits === false ? {} : { readCeiling: () => this.governanceLimit() }),
      });
    const auth: NetSuiteAuth =
      config.auth.kind === 'tba'
        ? tbaAuth({ accountId: config.accountId, ...config.auth })
        : new OAuth2ClientCredentials({
            system: config.system,
            tokenUrl: new URL('/services/rest/auth/oauth2/v1/token', baseUrl).toString(),
            clientId: config.auth.clientId,
            certificateId: config.auth.certificateId,
            privateKeyPem: config.auth.privateKeyPem,
            algorithm: config.auth.algorithm,
            ...(config.auth.scopes ? { scopes: config.auth.scopes } : {}),
            // Token calls count against the account's pool like any other request.
            fetch: (input, init) => http!.limitedFetch(input, init),
          });
    this.auth = auth;
    http = new NetSuiteHttp({
      system: config.system,
      baseUrl,
      auth,
      limiter: this.limiter,
      ...(config.rate ? { rate: new RateLimiter(config.rate) } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    });
    this.http = http;
    this.currencies = new CurrencyCodes(config.system, (q) => suiteqlAll(http, q));
    this.items = new ItemIds(config.system, (q) => suiteqlAll(http, q));
  }

  /**
   * The concurrency the account allows this integration, from `system/v1/governanceLimits`, or
   * `undefined` when the role may not read it (only administrators may).
   */
  async governanceLimit(): Promise<number | undefined> {
    const reply = await this.http.request({
      method: 'GET',
      path: '/services/rest/system/v1/governanceLimits',
      idempotent: true,
    });
    const body = (reply.json ?? {}) as {
      accountConcurrencyLimit?: number;
      accountUnallocatedConcurrencyLimit?: number;
      integrationConcurrencyLimit?: number;
      integrationLimitType?: string;
    };
    // An integration with its own allocation gets exactly that; one without shares the
    // account's unallocated part (Oracle: "GovernanceLimits Operation").
    if (body.integrationLimitType === 'integrationSpecific') return body.integrationConcurrencyLimit;
    return body.accountUnallocatedConcurrencyLimit ?? body.accountConcurrencyLimit;
  }

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    if (isInventoryBalance(request.objectType)) {
      // No change stamp on balances: every read is a scan (see inventory-balance.ts).
      yield* this.balances(request.objectType, request.pageSize, request.signal);
      return;
    }
    const table = this.tableOf(request.objectType);
    const from = request.since
      ? { modified: this.clock.toLocal(request.since.modifiedAt), id: this.sinceId(request.since.id) }
      : undefined;
    for await (const rows of keysetPages(this.http, {
      table,
      order: 'modified',
      ...(from ? { from } : {}),
      pageSize: request.pageSize ?? 1000,
      signal: request.signal,
    })) {
      yield this.config.changeShape === 'row'
        ? rows.map((row) => this.shape.fromRow(request.objectType, row))
        : await this.hydrate(request.objectType, rows);
    }
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    if (isInventoryBalance(request.objectType)) {
      yield* this.balances(request.objectType, request.pageSize, request.signal);
      return;
    }
    const columns = request.fields?.map(suiteqlColumnOf);
    for await (const rows of keysetPages(this.http, {
      table: this.tableOf(request.objectType),
      order: 'id',
      ...(columns ? { columns } : {}),
      pageSize: request.pageSize ?? 1000,
      signal: request.signal,
    })) {
      // Projected scans (reconciliation) stay SuiteQL rows; a full scan returns REST records.
      yield columns
        ? rows.map((row) => this.shape.fromRow(request.objectType, row))
        : await this.hydrate(request.objectType, rows);
    }
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    if (isInventoryBalance(objectType)) {
      const record = await getInventoryBalance(this.http, id);
      return record && { ...record, objectType };
    }
    // Internal ids are integers: anything else cannot exist.
    if (!/^\d+$/.test(id)) return undefined;
    return this.fetchRecord(objectType, id, id);
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    // A balance carries no external id: it is nobody's record to key.
    if (isInventoryBalance(objectType)) return undefined;
    const eid = this.shape.eidOf(externalId);
    return this.fetchRecord(objectType, `eid:${encodeURIComponent(eid)}`, `eid:${eid}`);
  }

  async findByField(
    objectType: string,
    field: string,
    value: string,
    options: FindByFieldOptions = {},
  ): Promise<SystemRecord[]> {
    if (isInventoryBalance(objectType)) {
      const found = await findInventoryBalances(this.http, field, value);
      if (!found) {
        throw new UserInputError(
          `NetSuite (${this.system}) cannot search ${objectType} by "${field}"; searchable: ${INVENTORY_BALANCE_SEARCHABLE.join(', ')}`,
          { system: this.system },
        );
      }
      return found.map((record) => ({ ...record, objectType }));
    }
    const table = this.tableOf(objectType);
    const column = suiteqlColumnOf(field);
    // SuiteQL runs on Oracle, whose `=` on text compares case-sensitively (no vendor page says
    // otherwise; the community's SuiteQL answers wrap both sides in UPPER/LOWER), so a key the
    // contract lowercases is asked for case-insensitively, or `Shared@x.com` misses `shared@x.com`.
    const condition = options.ignoreCase
      ? `UPPER(${column}) = UPPER(${suiteqlString(value)})`
      : `${column} = ${suiteqlString(value)}`;
    const q = `SELECT id FROM ${table.table} WHERE ${table.filter ? `(${table.filter}) AND ` : ''}${condition} ORDER BY id`;
    const rows = await suiteqlAll(this.http, q);
    // A record deleted between the query and the read is no match.
    return (await this.hydrate(objectType, rows)).filter((record) => !record.deleted);
  }

  upsert(request: WriteRequest): Promise<WriteResult> {
    if (isInventoryBalance(request.objectType)) {
      return Promise.reject(
        new ValidationRejected(
          `NetSuite (${this.system}) ${request.objectType} is read-only: stock moves only through transactions (an inventory adjustment, a receipt, a fulfilment); a flow may read balances from NetSuite, not write them`,
          {},
          { system: this.system, recordId: request.id ?? request.externalId },
        ),
      );
    }
    const key = `${request.objectType}\u0000${request.idempotencyKey}`;
    const running = this.inFlightWrites.get(key);
    if (running) return running;
    const write = this.write(request).finally(() => this.inFlightWrites.delete(key));
    this.inFlightWrites.set(key, write);
    return write;
  }

  /**
   * A propagated deletion: NetSuite keeps the record and sets `isInactive` (entities, items, lists
   * and custom records all carry it). A hard DELETE is refused by NetSuite for any record that has
   * transactions, and would lose the history finance reconciles against. Transactions have no
   * inactive flag (they are closed or voided, a business decision), so they are refused: flag
   * them for review instead. A record already gone counts as removed.
   */
  async remove(request: RemoveRequest): Promise<RemoveResult> {
    if (this.tableOf(request.objectType).table === 'transaction') {
      throw new ValidationRejected(
        `NetSuite (${this.system}) ${request.objectType} ${request.id}: a transaction cannot be deleted or inactivated by a sync; ` +
          "set the flow's onDelete to flag and close or void it in NetSuite by hand",
        {},
        { system: this.system, recordId: request.id },
      );
    }
    try {
      await this.http.request({
        method: 'PATCH',
        path: `${RECORD_PATH}/${request.objectType}/${encodeURIComponent(request.id)}`,
        body: { isInactive: true },
        headers: WRITE_HEADERS,
        idempotent: true,
        recordId: request.id,
      });
    } catch (error) {
      if (error instanceof RecordNotFound) return { id: request.id, how: 'deleted' };
      throw error;
    }
    const record = await this.fetchRecord(request.objectType, request.id, request.id);
    return { id: request.id, how: 'inactivated', ...(record ? { record } : {}) };
  }

  describe(): Promise<SystemSchema> {
    return describeNetSuite(this.http, {
      types: this.config.describeTypes,
      query: (q) => suiteqlAll(this.http, q),
    });
  }

  stats(): ConnectorStats {
    const limiter = this.limiter.stats();
    return {
      requests: this.http.counters.requests,
      inFlight: limiter.inFlight,
      maxInFlight: limiter.maxInFlight,
      concurrencyCap: Math.min(this.cap, limiter.cap),
      rateLimited: this.http.counters.rateLimited,
    };
  }

  async close(): Promise<void> {
    if (!this.config.limiter) this.limiter.close();
  }

  private async write(request: WriteRequest): Promise<WriteResult> {
    try {
      return await this.writeRecord(request);
    } catch (error) {
      throw await this.items.explainRefusal(toError(error), request.fields);
    }
  }

  private async writeRecord(request: WriteRequest): Promise<WriteResult> {
    const eid = this.shape.eidOf(request.externalId);
    // A fulfilment names its order, shipping item and SKUs by name on purpose: its writer looks
    // them up (item-fulfillment-writer.ts). Every other record's references go out as ids.
    const fields =
      request.objectType === 'itemFulfillment'
        ? { ...request.fields }
        : await writeReferences(request.fields, {
            system: this.system,
            recordId: request.id ?? `eid:${eid}`,
            currencies: this.currencies,
            items: this.items,
          });
    const markerField = this.config.writeMarker?.fields?.[request.objectType];
    if (markerField) fields[markerField] = request.idempotencyKey;
    let id: string;
    let created: boolean;
    if (request.objectType === 'itemFulfillment') {
      ({ id, created } = await this.writeFulfillment(request, eid, fields));
    } else if (request.id) {
      // A link names the record: update it in place and make sure it carries our external id.
      const recordId = request.id;
      await this.http.request({
        method: 'PATCH',
        path: `${RECORD_PATH}/${request.objectType}/${encodeURIComponent(recordId)}`,
        body: { ...fields, externalId: eid },
        query: replacedSublists(fields),
        headers: WRITE_HEADERS,
        idempotent: true,
        recordId,
      });
      id = recordId;
      created = false;
    } else {
      // NetSuite's upsert answers 204 either way; a read first tells create from update — unless the
      // caller has just read by this external id and found nothing (one request of four per new
      // order in `npm run bench -- engine-netsuite`).
      const existing = request.knownAbsent
        ? undefined
        : await this.getByExternalId(request.objectType, request.externalId);
      const reply = await this.http.request({
        method: 'PUT',
        path: `${RECORD_PATH}/${request.objectType}/eid:${encodeURIComponent(eid)}`,
        body: fields,
        query: replacedSublists(fields),
        headers: WRITE_HEADERS,
        // Upsert by external id: repeating it lands on the same record.
        idempotent: true,
        recordId: `eid:${eid}`,
      });
      const location = reply.headers.get('location');
      const fromLocation = location
        ? /\/(\d+)\/?$/.exec(new URL(location, 'http://x').pathname)?.[1]
        : undefined;
      id = fromLocation ?? existing?.id ?? '';
      created = existing === undefined;
    }
    const record = id
      ? await this.fetchRecord(request.objectType, id, id)
      : await this.getByExternalId(request.objectType, request.externalId);
    if (!record) {
      throw new TransientUpstream(
        `NetSuite system "${this.system}" accepted the write of ${request.objectType} eid:${eid} but the record cannot be read back; retry the upsert (it is idempotent).`,
        {},
        { system: this.system, recordId: id || `eid:${eid}` },
      );
    }
    return { id: record.id, externalId: request.externalId, created, record };
  }

  /** Fulfilments are made by transforming their sales order (see item-fulfillment-writer.ts). */
  private async writeFulfillment(
    request: WriteRequest,
    eid: string,
    fields: Record<string, unknown>,
  ): Promise<{ id: string; created: boolean }> {
    const deps = {
      system: this.system,
      http: this.http,
      query: (q: string) => suiteqlAll(this.http, q),
      headers: WRITE_HEADERS,
    };
    const existing = request.id
      ? { id: request.id }
      : await this.getByExternalId(request.objectType, request.externalId);
    if (!existing) return { id: (await createItemFulfillment(deps, eid, fields)) ?? '', created: true };
    const { body, query } = await itemFulfillmentUpdate(deps, eid, fields);
    await this.http.request({
      method: 'PATCH',
      path: `${RECORD_PATH}/itemFulfillment/${encodeURIComponent(existing.id)}`,
      query,
      body: { ...body, externalId: eid },
      headers: WRITE_HEADERS,
      idempotent: true,
      recordId: existing.id,
    });
    return { id: existing.id, created: false };
  }

  private async fetchRecord(
    objectType: string,
    pathId: string,
    recordId: string,
  ): Promise<SystemRecord | undefined> {
    try {
      const reply = await this.http.request({
        method: 'GET',
        path: `${RECORD_PATH}/${objectType}/${pathId}`,
        query: { expandSubResources: 'true' },
        idempotent: true,
        recordId,
      });
      return await this.withLineItemIds(
        await this.withCurrencySymbol(
          this.shape.fromRecord(objectType, (reply.json ?? {}) as Record<string, unknown>),
        ),
      );
    } catch (error) {
      if (error instanceof RecordNotFound) return undefined;
      throw error;
    }
  }

  /** A record's `currency` reference gains the ISO code (`symbol`) beside NetSuite's id and name. */
  private async withCurrencySymbol(record: SystemRecord): Promise<SystemRecord> {
    const currency = record.fields.currency as { id?: unknown } | null | undefined;
    if (!currency || typeof currency !== 'object' || currency.id == null) return record;
    const symbol = await this.currencies.symbolOf(String(currency.id));
    if (symbol === undefined) return record;
    return { ...record, fields: { ...record.fields, currency: { ...currency, symbol } } };
  }

  /** Each line's `item` reference (`item.items[].item`) gains its itemid (the SKU) as `itemId`. */
  private async withLineItemIds(record: SystemRecord): Promise<SystemRecord> {
    const sublist = record.fields.item as { items?: unknown } | null | undefined;
    if (!sublist || typeof sublist !== 'object' || !Array.isArray(sublist.items)) return record;
    const lines = sublist.items as unknown[];
    const refOf = (line: unknown) => {
      const item = line && typeof line === 'object' ? (line as { item?: unknown }).item : undefined;
      return item && typeof item === 'object' && (item as { id?: unknown }).id != null
        ? (item as Record<string, unknown>)
        : undefined;
    };
    const ids = lines
      .map((l) => refOf(l)?.id)
      .filter((id) => id != null)
      .map(String);
    if (ids.length === 0) return record;
    await this.items.prefetchIds(ids);
    const items = await Promise.all(
      lines.map(async (line) => {
        const ref = refOf(line);
        if (!ref) return line;
        const itemId = await this.items.itemIdOf(String(ref.id));
        return itemId === undefined ? line : { ...(line as object), item: { ...ref, itemId } };
      }),
    );
    return { ...record, fields: { ...record.fields, item: { ...sublist, items } } };
  }

  private async hydrate(objectType: string, rows: readonly SuiteQlRow[]): Promise<SystemRecord[]> {
    const records = await Promise.all(
      rows.map(async (row) => {
        const id = String(row.id);
        const record = await this.fetchRecord(objectType, id, id);
        // Listed a moment ago, gone now: deleted in between. Report it rather than drop it.
        if (!record) return { ...this.shape.fromRow(objectType, row), fields: {}, deleted: true };
        // The change stream is ordered by the timestamp the query saw; keep it for the cursor.
        return row[MODIFIED_ALIAS] ? { ...record, modifiedAt: this.shape.modifiedOf(row) } : record;
      }),
    );
    return records;
  }

  private async *balances(
    objectType: string,
    pageSize: number | undefined,
    signal: AbortSignal | undefined,
  ): AsyncIterable<SystemRecord[]> {
    for await (const page of readInventoryBalances(this.http, { pageSize: pageSize ?? 1000, signal }))
      yield page.map((record) => ({ ...record, objectType }));
  }

  private sinceId(id: string): string {
    // An engine cursor from before any record was seen may carry an empty or non-numeric id.
    return /^\d+$/.test(id) ? id : '0';
  }

  private tableOf(objectType: string): SuiteQlTable {
    return suiteqlTableOf(objectType, this.config.suiteqlTables);
  }
}

export type { NetSuiteAuthConfig, NetSuiteConnectorConfig } from './netsuite-config.ts';

/** Builds a NetSuite connector. */
export function createNetSuiteConnector(config: NetSuiteConnectorConfig): NetSuiteConnector {
  return new NetSuiteConnector(config);
}
