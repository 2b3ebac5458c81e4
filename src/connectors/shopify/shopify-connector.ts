import { type RateLimit, RateLimiter } from '../../governance/rate-limiter.ts';
import { UserInputError, ValidationRejected } from '../../model/errors.ts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  FindByFieldOptions,
  ReadChangesRequest,
  ScanRequest,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';
import { upsertCustomer } from './customer-writer.ts';
import { describeShop } from './describe-shop.ts';
import { changedLevels, findLevels, getLevel, isInventoryLevel, scanLevels } from './inventory-levels.ts';
import { setInventoryLevel } from './inventory-writer.ts';
import { projectedSelection } from './projected-selection.ts';
import { ShopifyGraphqlClient } from './shopify-graphql-client.ts';
import {
  comparePosition,
  type ShopifyObject,
  shopifyObjectNamed,
  shopifyObjectNames,
  toSystemRecord,
} from './shopify-objects.ts';

export interface ShopifyConnectorOptions {
  /** The system's name in the contract; default `shopify`. */
  system?: string;
  /** `accord-test.myshopify.com`. */
  storeDomain: string;
  /** The Admin API access token (`shpat_…`). Never logged, never in an error. */
  accessToken: string;
  apiVersion?: string;
  /** Send requests to this origin instead of `https://<storeDomain>` (a simulator). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** Attempts per request on throttling and transient failures; default 4. */
  maxAttempts?: number;
  /** Shopify's single-query cost limit, which caps page sizes; default 1000. */
  maxQueryCost?: number;
  /**
   * Where Accord's external id lives: a metafield definition of type `id` (unique values), which
   * Shopify offers for exactly this — `customerByIdentifier(customId:)` looks it up and
   * `customerSet(identifier: { customId })` upserts on it atomically. Default `accord.external_id`.
   */
  externalIdMetafield?: { namespace: string; key: string };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/**
 * The Shopify connector: reads customers, orders (with line items, discounts, tax and shipping
 * lines, transactions and refunds), products and inventory items through the Admin GraphQL API;
 * upserts customers by Accord's external id and sets inventory levels.
 *
 * Why a metafield for the external id rather than the customer `note` or tags: a note is free
 * text staff edit, tags are searchable but neither unique nor atomic, while an `id`-type
 * metafield is unique per shop, indexed for `customerByIdentifier`, and `customerSet` upserts on
 * it in one call — so a retried write can never create a second customer.
 *
 * @example
 *   const shop = new ShopifyConnector({ storeDomain: 'acme.myshopify.com', accessToken });
 *   for await (const page of shop.readChanges({ objectType: 'order', since })) …
 */
export class ShopifyConnector implements Connector {
  readonly kind = 'shopify' as const;
  readonly system: string;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: true,
    idempotencyKeys: false,
    webhooks: true,
    bulkLoad: false,
  };
  readonly apiVersion: string;
  private readonly client: ShopifyGraphqlClient;
  private readonly eid: { namespace: string; key: string };
  private readonly maxQueryCost: number;
  private readonly concurrency: number;
  private readonly writes = new Map<string, Promise<WriteResult>>();
  /** How each writable object type is written. */
  private readonly writers: Record<string, (request: WriteRequest) => Promise<WriteResult>> = {
    customer: (request) =>
      upsertCustomer(
        {
          client: this.client,
          system: this.system,
          eid: this.eid,
          lookup: (id) => this.getByExternalId('customer', id),
        },
        request,
      ),
    inventoryLevel: (request) => setInventoryLevel(this.client, this.system, this.apiVersion, request),
  };
  /** GraphQL type names of the writable objects (canonical), as aliases of the writers above. */
  private readonly writerNames: Record<string, string> = {
    Customer: 'customer',
    InventoryLevel: 'inventoryLevel',
  };

  constructor(options: ShopifyConnectorOptions) {
    this.system = options.system ?? 'shopify';
    this.apiVersion = options.apiVersion ?? '2026-10';
    this.concurrency = options.concurrency ?? 4;
    this.maxQueryCost = options.maxQueryCost ?? 1000;
    this.eid = options.externalIdMetafield ?? { namespace: 'accord', key: 'external_id' };
    this.client = new ShopifyGraphqlClient({
      system: this.system,
      storeDomain: options.storeDomain,
      accessToken: options.accessToken,
      apiVersion: this.apiVersion,
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      concurrency: this.concurrency,
      ...(options.rate ? { rate: new RateLimiter(options.rate) } : {}),
      maxAttempts: options.maxAttempts ?? 4,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }

  /**
   * The object a record name means: the GraphQL type name (`Order`) or its lower-case alias
   * (`order`). Records come back named as they were asked for, so a contract's mapping and the
   * records it reads agree on the object type whichever spelling the contract uses.
   */
  private object(objectType: string): ShopifyObject {
    const object = shopifyObjectNamed(objectType);
    if (!object) {
      throw new UserInputError(
        `Shopify (${this.system}) has no readable object type "${objectType}"; use one of ${shopifyObjectNames()} (the record names in the contract's shopify mappings)`,
        { system: this.system },
      );
    }
    return { ...object, name: objectType };
  }

  private levelRead(request: {
    objectType: string;
    pageSize?: number | undefined;
    signal?: AbortSignal | undefined;
  }) {
    return { objectType: request.objectType, pageSize: request.pageSize ?? 50, signal: request.signal };
  }

  /** Variables every customer selection needs (the external id metafield). */
  private vars(object: ShopifyObject): Record<string, unknown> {
    return object.keyedByExternalId ? { eidNamespace: this.eid.namespace, eidKey: this.eid.key } : {};
  }

  private varDecls(object: ShopifyObject): string {
    return object.keyedByExternalId ? ', $eidNamespace: String!, $eidKey: String!' : '';
  }

  /**
   * Page size within a quarter of the single-query cost limit. A page is admitted only when the
   * bucket holds its requested cost, but costs only what it returns, so small pages keep the
   * bucket working: 81 orders of the demo (requested 57, actual ~16 points each) took 22 s in
   * pages of 17 (954 points requested) and 11 s in pages of 4, on a 1000-point bucket at 50/s.
   */
  private pageSize(object: ShopifyObject, requested: number | undefined): number {
    const affordable = Math.floor((this.maxQueryCost / 4 - 2) / (1 + object.nodeCost));
    return Math.max(1, Math.min(requested ?? 100, 250, affordable));
  }

  /**
   * The object read with only the contract's paths, when it gave them (projected-selection.ts:
   * a fraction of the query cost), or with the connector's full selection.
   */
  private projected(object: ShopifyObject, paths: readonly string[] | undefined): ShopifyObject {
    if (!paths || paths.length === 0) return object;
    return { ...object, ...projectedSelection(object, paths) };
  }

  private async *pages(
    object: ShopifyObject,
    query: string | undefined,
    sortKey: string | undefined,
    first: number,
    signal?: AbortSignal,
  ) {
    const document = `query Page($first: Int!, $after: String, $query: String${this.varDecls(object)}) {
      ${object.connection}(first: $first, after: $after, query: $query${sortKey ? `, sortKey: ${sortKey}` : ''}) {
        pageInfo { hasNextPage endCursor } nodes { ${object.selection} } } }`;
    let after: string | null = null;
    for (;;) {
      const data: Record<
        string,
        { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Record<string, unknown>[] }
      > = await this.client.request(
        document,
        { first, after, query: query ?? null, ...this.vars(object) },
        { estimatedCost: 2 + first * (1 + object.nodeCost), signal },
      );
      const connection = data[object.connection]!;
      yield connection.nodes.map((node) => toSystemRecord(object.name, node));
      if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return;
      after = connection.pageInfo.endCursor;
    }
  }

  /**
   * Changed records since an inclusive cursor. Shopify's `updated_at` has second resolution, so
   * the filter is `updated_at:>='<second of the cursor>'` and records of that second are returned
   * again whatever their id: seeing a boundary record twice is harmless, missing one is not.
   */
  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    if (isInventoryLevel(request.objectType)) {
      yield* changedLevels(this.client, request.since?.modifiedAt, this.levelRead(request));
      return;
    }
    const object = this.projected(this.object(request.objectType), request.mappedPaths);
    const query = request.since
      ? `updated_at:>='${request.since.modifiedAt.replace(/\.\d+Z$/, 'Z')}'`
      : undefined;
    const first = this.pageSize(object, request.pageSize);
    if (object.sortsByUpdatedAt) {
      yield* this.pages(object, query, 'UPDATED_AT', first, request.signal);
      return;
    }
    // inventoryItems has no UPDATED_AT sort key: gather the (filtered) changes, then order them.
    const all: SystemRecord[] = [];
    for await (const page of this.pages(object, query, undefined, first, request.signal)) all.push(...page);
    all.sort(comparePosition);
    for (let i = 0; i < all.length; i += first) yield all.slice(i, i + first);
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    if (isInventoryLevel(request.objectType)) {
      yield* scanLevels(this.client, this.levelRead(request));
      return;
    }
    const object = this.projected(this.object(request.objectType), request.mappedPaths);
    yield* this.pages(object, undefined, undefined, this.pageSize(object, request.pageSize), request.signal);
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    if (isInventoryLevel(objectType)) return getLevel(this.client, objectType, id);
    const object = this.object(objectType);
    if (!id.startsWith(`gid://shopify/${object.graphqlType}/`)) {
      if (!/^\d+$/.test(id)) return undefined;
      id = `gid://shopify/${object.graphqlType}/${id}`;
    }
    const document = `query Get($id: ID!${this.varDecls(object)}) { ${object.single}(id: $id) { ${object.selection} } }`;
    const data = await this.client.request<Record<string, Record<string, unknown> | null>>(
      document,
      { id, ...this.vars(object) },
      { estimatedCost: 1 + object.nodeCost, recordId: id },
    );
    const node = data[object.single];
    return node ? toSystemRecord(object.name, node) : undefined;
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    // A level is an item at a location: it has no metafields to carry Accord's id.
    if (isInventoryLevel(objectType)) return undefined;
    const object = this.object(objectType);
    if (!object.keyedByExternalId) {
      throw new UserInputError(
        `Shopify (${this.system}) ${objectType} records carry no Accord external id; match them by Shopify id or findByField`,
        { system: this.system },
      );
    }
    const document = `query ByEid($value: String!${this.varDecls(object)}) {
      customerByIdentifier(identifier: { customId: { namespace: $eidNamespace, key: $eidKey, value: $value } }) { ${object.selection} } }`;
    const data = await this.client
      .request<{ customerByIdentifier: Record<string, unknown> | null }>(
        document,
        { value: externalId, ...this.vars(object) },
        { estimatedCost: 1 + object.nodeCost, recordId: externalId },
      )
      .catch((error: unknown) => {
        if (error instanceof ValidationRejected && /definition/i.test(error.message)) {
          throw new ValidationRejected(
            `${error.message} — the shop has no unique (type id) customer metafield ${this.eid.namespace}.${this.eid.key} for Accord's external ids; run ensureExternalIdDefinition() once (it needs the write_customers scope)`,
            error.detail,
            { system: this.system, recordId: externalId },
          );
        }
        throw error;
      });
    return data.customerByIdentifier ? toSystemRecord(object.name, data.customerByIdentifier) : undefined;
  }

  /**
   * Every record whose field equals `value`. Shopify's search silently ignores a filter on a field
   * it does not know — and would return the whole shop — so only mapped fields are accepted, and
   * hits are compared exactly again (search is tokenised and case-insensitive).
   */
  async findByField(
    objectType: string,
    field: string,
    value: string,
    options: FindByFieldOptions = {},
  ): Promise<SystemRecord[]> {
    if (isInventoryLevel(objectType)) {
      const found = await findLevels(this.client, objectType, field, value, options.ignoreCase === true);
      if (found) return found;
      throw new UserInputError(
        `Shopify (${this.system}) cannot search ${objectType} by "${field}"; searchable: item.sku, location.name`,
        { system: this.system },
      );
    }
    const object = this.object(objectType);
    const searchField = object.searchFields[field];
    if (!searchField) {
      throw new UserInputError(
        `Shopify (${this.system}) cannot search ${objectType} by "${field}"; searchable fields: ${Object.keys(object.searchFields).join(', ')}`,
        { system: this.system },
      );
    }
    const query = `${searchField}:"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    const hits: SystemRecord[] = [];
    for await (const page of this.pages(object, query, undefined, this.pageSize(object, 50))) {
      for (const record of page) {
        const actual = record.fields[field];
        const same = Array.isArray(actual)
          ? actual.includes(value)
          : field === 'email'
            ? String(actual ?? '').toLowerCase() === value.toLowerCase()
            : String(actual ?? '') === value;
        if (same) hits.push(record);
      }
    }
    return hits;
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    // The same idempotency key in flight (or just done) in this process shares one write.
    const key = `${request.objectType}:${request.idempotencyKey}`;
    const existing = this.writes.get(key);
    if (existing) return existing;
    const write = this.write(request);
    this.writes.set(key, write);
    if (this.writes.size > 1000) this.writes.delete(this.writes.keys().next().value!);
    write.catch(() => this.writes.delete(key));
    return write;
  }

  private write(request: WriteRequest): Promise<WriteResult> {
    const writer = this.writers[this.writerNames[request.objectType] ?? request.objectType];
    if (!writer) {
      throw new UserInputError(
        `Shopify (${this.system}) connector writes Customer (alias customer) and InventoryLevel (alias inventoryLevel), not ${request.objectType}`,
        { system: this.system },
      );
    }
    return writer(request);
  }

  /**
   * Creates the customer metafield definition that holds Accord's external ids (type `id`, so
   * Shopify enforces unique values and indexes it for `customerByIdentifier`). Idempotent: an
   * existing definition is left as it is. A one-time setup step, not done silently on first write:
   * it changes the merchant's shop.
   *
   * @example await connector.ensureExternalIdDefinition(); // { created: true }
   */
  async ensureExternalIdDefinition(): Promise<{ created: boolean }> {
    const data = await this.client.request<{
      metafieldDefinitionCreate: {
        createdDefinition: { id: string } | null;
        userErrors: { message: string; code: string | null }[];
      };
    }>(
      `mutation Define($definition: MetafieldDefinitionInput!) {
        metafieldDefinitionCreate(definition: $definition) { createdDefinition { id } userErrors { field message code } } }`,
      {
        definition: {
          name: 'Accord external id',
          namespace: this.eid.namespace,
          key: this.eid.key,
          type: 'id',
          ownerType: 'CUSTOMER',
          description: "Accord's key for this customer in the other systems it syncs with",
        },
      },
      { estimatedCost: 10 },
    );
    const { createdDefinition, userErrors } = data.metafieldDefinitionCreate;
    if (createdDefinition) return { created: true };
    if (userErrors.every((e) => e.code === 'TAKEN')) return { created: false };
    throw new ValidationRejected(
      `Shopify (${this.system}) refused the external id metafield definition ${this.eid.namespace}.${this.eid.key}: ${userErrors.map((e) => e.message).join('; ')}`,
      { status: 200, ...(userErrors[0]?.code ? { vendorCode: userErrors[0].code } : {}) },
      { system: this.system },
    );
  }

  describe(): Promise<SystemSchema> {
    return describeShop(this.client, this.apiVersion);
  }

  stats(): ConnectorStats {
    const c = this.client.counters;
    return {
      requests: c.requests,
      inFlight: c.inFlight,
      maxInFlight: c.maxInFlight,
      concurrencyCap: this.concurrency,
      rateLimited: c.rateLimited,
    };
  }

  async close(): Promise<void> {
    this.writes.clear();
  }
}
