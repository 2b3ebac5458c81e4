/**
 * The connector port: how the engine, reconciliation and drift detection talk to one system.
 *
 * A connector owns everything specific to its system — client, auth, paging, limits, error
 * classification — and hands back {@link SystemRecord}s in the system's own field shape. Mapping to
 * canonical records is the contract's job, not the connector's.
 *
 * Rules every implementation follows (the connector contract suite in
 * `test/connectors/connector-contract.ts` checks them against the system's simulator):
 * - reads return records ordered by `(modifiedAt, id)` ascending, and `since` is INCLUSIVE: a
 *   record exactly at the cursor is returned again (boundary records are seen twice, never never);
 * - writes are idempotent: the same `externalId` never creates a second record, and the same
 *   `idempotencyKey` never performs a second side effect;
 * - every failure thrown is an `AccordError` subclass from `src/model/errors.ts` (transient versus
 *   permanent), carrying the system name, the record id and the vendor's detail;
 * - no request is ever in flight beyond the configured cap;
 * - credentials never appear in an error, a log line or a returned value.
 *
 * @example
 *   for await (const page of connector.readChanges({ objectType: 'customer', since })) {
 *     for (const record of page) handle(record);
 *   }
 *   await connector.upsert({ objectType: 'customer', externalId: 'shopify:42', fields, idempotencyKey });
 */

export type SystemKind =
  | 'netsuite'
  | 'shopify'
  | 'stripe'
  | 'salesforce'
  | 'hubspot'
  | 'wms'
  | 'postgres'
  | 'duckdb';

/** One record as a system holds it. */
export interface SystemRecord {
  /** The system's object type: `customer`, `salesOrder`, `Account`, `orders`, `payment_intent`… */
  objectType: string;
  /** The system's own id. */
  id: string;
  /** The id another system (usually Accord) gave it, where the system supports one. */
  externalId?: string | undefined;
  /** Last modification as an ISO-8601 UTC instant with milliseconds (`2026-11-28T14:00:00.000Z`). */
  modifiedAt: string;
  /**
   * The record's fields in the system's own shape (nested objects and sublists allowed). Money
   * stays as the system gives it: decimal strings (NetSuite, Shopify, Salesforce) or integer minor
   * units (Stripe); never converted through a float.
   */
  fields: Record<string, unknown>;
  /** True when the system reports the record as deleted (tombstone). */
  deleted?: boolean | undefined;
}

/** An inclusive position in a system's change stream. */
export interface ChangeCursor {
  modifiedAt: string;
  id: string;
}

export interface ReadChangesRequest {
  objectType: string;
  /** Inclusive lower bound; absent means from the beginning. The engine subtracts its lookback. */
  since?: ChangeCursor | undefined;
  /** Records per page; the connector may cap it at the system's maximum. */
  pageSize?: number | undefined;
  /** The paths the contract's mapping reads; see ScanRequest.mappedPaths. */
  mappedPaths?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

export interface ScanRequest {
  objectType: string;
  /** Only these fields, where the system can project (SuiteQL, SOQL); all when absent. */
  fields?: readonly string[] | undefined;
  /**
   * The full paths the contract's mapping reads (`totalPriceSet.shopMoney.amount`,
   * `lineItems.nodes.sku`). A connector whose reads are priced by what they select (Shopify's
   * GraphQL query cost) may read only these; others ignore it. Everything when absent.
   */
  mappedPaths?: readonly string[] | undefined;
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface WriteRequest {
  objectType: string;
  /**
   * Accord's key for the record in this system (NetSuite `externalId`, a Salesforce external-id
   * field, Stripe metadata): the write is an upsert on it, so a retry never creates a duplicate.
   */
  externalId: string;
  /** The system's id when a link already names it. */
  id?: string | undefined;
  /** Fields to set, in the system's shape. `null` clears a field; an absent key leaves it alone. */
  fields: Record<string, unknown>;
  /** Deterministic key derived from (flow, record, source version): replays are no-ops. */
  idempotencyKey: string;
  /**
   * The caller looked `externalId` up in this system just before and found no record: a connector
   * that would read first only to tell create from update may skip that read and report the write
   * as a create (still an upsert: a record created meanwhile is updated, never duplicated).
   */
  knownAbsent?: boolean | undefined;
}

export interface WriteResult {
  id: string;
  externalId?: string | undefined;
  /** True when this call created the record, false when it updated an existing one. */
  created: boolean;
  /**
   * The record as the system holds it after the write, when the system returns it or the
   * connector re-reads it: server-side scripts may have changed values, and echo detection must
   * compare against what is really stored.
   */
  record?: SystemRecord | undefined;
}

/** A field as the system describes it, for drift detection. */
export interface FieldSchema {
  name: string;
  /** The system's own type name (`currency`, `picklist`, `STRING`, `text`…). */
  type: string;
  required: boolean;
  custom: boolean;
  /** Allowed values for enumerations and picklists. */
  enumValues?: readonly string[] | undefined;
  /** For references: the object type referred to. */
  references?: string | undefined;
}

export interface ObjectSchema {
  name: string;
  custom: boolean;
  fields: readonly FieldSchema[];
}

/** What a system looks like now: compared with the contract and earlier snapshots by drift. */
export interface SystemSchema {
  kind: SystemKind;
  apiVersion: string;
  objects: readonly ObjectSchema[];
  /** System configuration the contract may depend on: subsidiaries, currencies, tax nexuses… */
  configuration: Record<string, readonly string[]>;
}

/** Live figures for progress displays and limit tests. */
export interface ConnectorStats {
  requests: number;
  inFlight: number;
  /** Highest number of requests in flight at once since the connector was created. */
  maxInFlight: number;
  /** The configured concurrency cap. */
  concurrencyCap: number;
  /** Requests the system refused for rate or concurrency. */
  rateLimited: number;
}

export interface ConnectorCapabilities {
  /** Upsert keyed on an external id natively (NetSuite `eid:`, Salesforce external-id fields). */
  upsertByExternalId: boolean;
  /** Idempotency keys natively (Stripe). */
  idempotencyKeys: boolean;
  /** Signed webhooks can feed capture. */
  webhooks: boolean;
  /** Bulk loading (COPY, appender) for large one-way loads. */
  bulkLoad: boolean;
}

/** A propagated deletion: the record to delete or inactivate (`remove`). */
export interface RemoveRequest {
  objectType: string;
  /** The system's id (from the link). */
  id: string;
  /** Deterministic key derived from (flow, record, source version): replays are no-ops. */
  idempotencyKey: string;
}

export interface RemoveResult {
  id: string;
  /** What the system did: a hard delete, or the record kept and marked inactive. */
  how: 'deleted' | 'inactivated';
  /** The record after an inactivation, when read back. */
  record?: SystemRecord | undefined;
}

/** How `findByField` should compare, when the system can be told. */
export interface FindByFieldOptions {
  /** The match key ignores case (its normalisers lowercase, or the field is an email). */
  ignoreCase?: boolean;
}

export interface Connector {
  /** The system's name in the contract (`netsuite`, `shop-eu`…). */
  readonly system: string;
  readonly kind: SystemKind;
  readonly capabilities: ConnectorCapabilities;

  /** Changed records since an inclusive cursor, in `(modifiedAt, id)` order, page by page. */
  readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]>;
  /** Every record of a type, page by page, for reconciliation (no order promised). */
  scan(request: ScanRequest): AsyncIterable<SystemRecord[]>;
  /** One record by the system's id; `undefined` when it does not exist. */
  get(objectType: string, id: string): Promise<SystemRecord | undefined>;
  /** One record by the external id Accord gave it; `undefined` when none. */
  getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined>;
  /**
   * Records whose field equals the value, for match keys. The connector compares as the system
   * does, unless `options.ignoreCase` asks for a case-insensitive comparison and the system can
   * express one (NetSuite SuiteQL: `UPPER(col) = UPPER('v')`); a connector that cannot simply
   * compares as the system does. The engine normalises candidates again before deciding. Returns
   * every hit (a key that matches two records must be seen as two).
   */
  findByField(
    objectType: string,
    field: string,
    value: string,
    options?: FindByFieldOptions,
  ): Promise<SystemRecord[]>;
  /** Creates or updates by external id, idempotently. */
  upsert(request: WriteRequest): Promise<WriteResult>;
  /**
   * Deletes or inactivates a record, for a flow whose `onDelete` is `propagate`. Optional: a
   * connector without it cannot propagate deletions (the engine dead-letters the change, saying
   * so). Idempotent: removing a record already removed succeeds. Throws `ValidationRejected` for
   * a record type the system cannot delete or inactivate.
   */
  remove?(request: RemoveRequest): Promise<RemoveResult>;
  /** The system's live schema and configuration. */
  describe(): Promise<SystemSchema>;
  stats(): ConnectorStats;
  close(): Promise<void>;
}

/** A webhook delivery as received over HTTP, before verification. */
export interface WebhookDelivery {
  headers: Record<string, string | undefined>;
  /** The raw body: signatures are computed over bytes, never over re-serialised JSON. */
  rawBody: Buffer;
}

/** A verified webhook event, fed into the same capture path as polling. */
export interface WebhookEvent {
  /** The vendor's event id, for de-duplication (`X-Shopify-Event-Id`, Stripe `evt_…`). */
  eventId: string;
  /** The vendor's topic/type (`orders/updated`, `payment_intent.succeeded`). */
  topic: string;
  objectType: string;
  record: SystemRecord;
}

export type WebhookVerification = { ok: true; event: WebhookEvent } | { ok: false; reason: string };

/** Verifies signatures and freshness of a system's webhooks. */
export interface WebhookVerifier {
  verify(delivery: WebhookDelivery, now?: Date): WebhookVerification;
}
