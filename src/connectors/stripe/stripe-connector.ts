/**
 * The Stripe connector: the {@link Connector} port over the official `stripe` SDK.
 *
 * Capturing changes (`readChanges`). Stripe lists filter on `created` only; no list has an
 * `updated` filter, and objects carry no last-modified time. Changes are therefore read from
 * `/v1/events` — the one strongly consistent feed of every state change, with `created` filters
 * and a `type` wildcard (`customer.*`) — keeping each object's latest event: its `data.object`
 * is the object's state after its last change, and the event time is its `modifiedAt`. Events
 * are kept 30 days, so a first read (no cursor) or a cursor older than the retention window
 * starts with a sweep of the object list by `created` and then overlays the events. Either way
 * the result is sorted by `(modifiedAt, id)` and filtered inclusively on the cursor. Webhooks
 * feed the same mapping (`stripeObjectToRecord`).
 *
 * Writes (`upsert`) are for customers, keyed on `metadata[accord_external_id]` — see
 * {@link StripeCustomerWriter} for why the lookup is search-then-idempotent-create.
 *
 * @example
 *   const connector = createStripeConnector({ system: 'stripe', apiKey, host: '127.0.0.1', port, protocol: 'http' });
 *   for await (const page of connector.readChanges({ objectType: 'payment_intent', since })) handle(page);
 */
import { type RateLimit, RateLimiter } from '../../governance/rate-limiter.ts';
import { UserInputError } from '../../model/errors.ts';
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
import { StripeCallGate } from './stripe-call-gate.ts';
import { createStripeClient, type StripeApi, type StripeReadResource } from './stripe-client.ts';
import { StripeCustomerWriter } from './stripe-customer-writer.ts';
import { classifyStripeError } from './stripe-error-classifier.ts';
import { ZERO_AND_THREE_DECIMAL } from './stripe-money.ts';
import { type StripeObjectLike, secondsToIso, stripeObjectToRecord } from './stripe-records.ts';
import { STRIPE_OBJECTS } from './stripe-schema.ts';

export interface StripeConnectorOptions {
  /** The system's name in the contract. */
  system: string;
  apiKey: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  apiVersion?: string;
  /** Requests in flight at most (default 4; Stripe's test mode allows 25 per second). */
  concurrency?: number;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** Attempts per request, including the first (default 5). */
  maxAttempts?: number;
  /** Backoff base and ceiling in ms (defaults 500 and 16 000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** A client to use instead of building the SDK (tests of error paths). */
  client?: StripeApi;
}

/** Stripe keeps events for 30 days; stay an hour inside that. */
const EVENT_RETENTION_MS = 30 * 86_400_000 - 3_600_000;

export class StripeConnector implements Connector {
  readonly kind = 'stripe' as const;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: false,
    idempotencyKeys: true,
    webhooks: true,
    bulkLoad: false,
  };
  readonly system: string;
  private readonly api: StripeApi;
  private readonly apiVersion: string;
  private readonly gate: StripeCallGate;
  private readonly writer: StripeCustomerWriter;
  private readonly redact: (text: string) => string;

  constructor(options: StripeConnectorOptions) {
    this.system = options.system;
    const built = options.client
      ? { api: options.client, apiVersion: options.apiVersion ?? 'unknown' }
      : createStripeClient(options);
    this.api = built.api;
    this.apiVersion = built.apiVersion;
    this.gate = new StripeCallGate({
      cap: options.concurrency ?? 4,
      ...(options.rate ? { rate: new RateLimiter(options.rate) } : {}),
      maxAttempts: options.maxAttempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 16_000,
    });
    const secret = options.apiKey;
    this.redact = (text) => (secret ? text.split(secret).join('[redacted key]') : text);
    this.writer = new StripeCustomerWriter(this.api.customers, (action, recordId, call) =>
      this.call(action, recordId, call),
    );
  }

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    const spec = this.spec(request.objectType);
    const pageSize = Math.max(1, request.pageSize ?? 100);
    const since = request.since;
    const sinceMs = since ? Date.parse(since.modifiedAt) : undefined;
    const horizonMs = Date.now() - EVENT_RETENTION_MS;
    const latest = new Map<string, SystemRecord>();
    const sinceSeconds = sinceMs === undefined ? undefined : Math.floor(sinceMs / 1000);

    if (sinceMs === undefined || sinceMs < horizonMs || !spec.events) {
      const created = sinceSeconds === undefined ? undefined : { gte: sinceSeconds };
      for await (const object of this.list(
        spec.resource,
        'listing',
        created ? { created } : {},
        request.signal,
      )) {
        if (!object.deleted) latest.set(object.id, stripeObjectToRecord(object));
      }
    }
    if (spec.events) {
      const fromSeconds = Math.max(sinceSeconds ?? 0, Math.floor(horizonMs / 1000));
      const seen = new Set<string>();
      const params = { type: spec.events, created: { gte: fromSeconds } };
      // Events come newest first: the first one seen per object is its latest state.
      for await (const event of this.list(this.api.events, 'listing events', params, request.signal)) {
        const data = event.data as { object?: StripeObjectLike } | undefined;
        const object = data?.object;
        if (!object || object.object !== request.objectType || seen.has(object.id)) continue;
        seen.add(object.id);
        const record = stripeObjectToRecord(object, event.created);
        if (String(event.type).endsWith('.deleted')) record.deleted = true;
        latest.set(object.id, record);
      }
    }
    // Stripe times are whole seconds: compare from the cursor's second, so a change stamped
    // `…:05.000Z` that really happened after a cursor at `…:05.123Z` is not skipped.
    const fromIso = sinceSeconds === undefined ? undefined : secondsToIso(sinceSeconds);
    const ordered = [...latest.values()]
      .filter((r) => fromIso === undefined || r.modifiedAt >= fromIso)
      .sort((a, b) =>
        a.modifiedAt < b.modifiedAt
          ? -1
          : a.modifiedAt > b.modifiedAt
            ? 1
            : a.id < b.id
              ? -1
              : a.id > b.id
                ? 1
                : 0,
      );
    for (let i = 0; i < ordered.length; i += pageSize) yield ordered.slice(i, i + pageSize);
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const spec = this.spec(request.objectType);
    const limit = Math.min(100, Math.max(1, request.pageSize ?? 100));
    let after: string | undefined;
    for (;;) {
      request.signal?.throwIfAborted();
      const params: Record<string, unknown> = { limit };
      if (after) params.starting_after = after;
      const page = await this.call('listing', undefined, () => spec.resource.list(params));
      if (page.data.length > 0) yield page.data.map((o) => stripeObjectToRecord(o));
      if (!page.has_more || page.data.length === 0) return;
      after = page.data[page.data.length - 1]!.id;
    }
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    const spec = this.spec(objectType);
    const object = await this.call('retrieving', id, () => spec.resource.retrieve(id)).catch(
      (error: unknown) => {
        if ((error as { code?: string }).code === 'RECORD_NOT_FOUND') return undefined;
        throw error;
      },
    );
    return object ? stripeObjectToRecord(object) : undefined;
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    this.requireCustomer(objectType, 'look up by external id');
    const found = await this.writer.lookup(externalId);
    return found ? stripeObjectToRecord(found) : undefined;
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    const spec = this.spec(objectType);
    let objects: StripeObjectLike[] = [];
    if (objectType === 'customer' && field === 'email') {
      // The list filter is exact and strongly consistent, unlike search.
      for await (const o of this.list(spec.resource, 'finding by email', { email: value })) objects.push(o);
    } else if (objectType === 'customer' && ['name', 'phone', 'description'].includes(field)) {
      objects = await this.writer.search(`${field}:'${value.replace(/'/g, "\\'")}'`);
    } else if (['payment_intent', 'charge', 'invoice'].includes(objectType) && field === 'customer') {
      for await (const o of this.list(spec.resource, 'finding by customer', { customer: value }))
        objects.push(o);
    } else {
      throw new UserInputError(
        `stripe system "${this.system}" cannot match ${objectType} records on "${field}"; use email, name, phone or description for customers, or customer for payment_intent, charge and invoice`,
        { system: this.system },
      );
    }
    return objects.map((o) => stripeObjectToRecord(o));
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    this.requireCustomer(request.objectType, 'write');
    const { object, created } = await this.writer.upsert(request);
    return { id: object.id, externalId: request.externalId, created, record: stripeObjectToRecord(object) };
  }

  async describe(): Promise<SystemSchema> {
    return {
      kind: 'stripe',
      apiVersion: this.apiVersion,
      objects: STRIPE_OBJECTS,
      configuration: ZERO_AND_THREE_DECIMAL,
    };
  }

  stats(): ConnectorStats {
    return this.gate.stats();
  }

  async close(): Promise<void> {}

  private call<T>(action: string, recordId: string | undefined, call: () => Promise<T>): Promise<T> {
    return this.gate.run(call, (error) =>
      classifyStripeError(error, { system: this.system, recordId, action }, this.redact),
    );
  }

  private async *list(
    resource: StripeReadResource,
    action: string,
    filters: Record<string, unknown>,
    signal?: AbortSignal,
  ): AsyncIterable<StripeObjectLike> {
    let after: string | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const params: Record<string, unknown> = { ...filters, limit: 100 };
      if (after) params.starting_after = after;
      const page = await this.call(action, undefined, () => resource.list(params));
      yield* page.data;
      if (!page.has_more || page.data.length === 0) return;
      after = page.data[page.data.length - 1]!.id;
    }
  }

  private spec(objectType: string): { resource: StripeReadResource; events?: string } {
    const specs: Record<string, { resource: StripeReadResource; events?: string }> = {
      customer: { resource: this.api.customers, events: 'customer.*' },
      payment_intent: { resource: this.api.paymentIntents, events: 'payment_intent.*' },
      charge: { resource: this.api.charges, events: 'charge.*' },
      refund: { resource: this.api.refunds, events: 'refund.*' },
      invoice: { resource: this.api.invoices, events: 'invoice.*' },
      // Balance transactions never change after creation: the created-ordered list is enough.
      balance_transaction: { resource: this.api.balanceTransactions },
    };
    const spec = specs[objectType];
    if (!spec) {
      throw new UserInputError(
        `stripe system "${this.system}" has no object type "${objectType}"; use one of ${Object.keys(specs).join(', ')}`,
        { system: this.system },
      );
    }
    return spec;
  }

  private requireCustomer(objectType: string, what: string): void {
    if (objectType !== 'customer') {
      throw new UserInputError(
        `stripe system "${this.system}" cannot ${what} ${objectType} records: Accord writes only customers to Stripe (payments, charges and refunds are created by checkout and read from Stripe)`,
        { system: this.system },
      );
    }
  }
}

export function createStripeConnector(options: StripeConnectorOptions): StripeConnector {
  return new StripeConnector(options);
}
