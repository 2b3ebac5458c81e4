/**
 * Upserting Stripe customers on `metadata[accord_external_id]`, so that no retry, crash or
 * concurrent worker ever creates a second customer for one external id.
 *
 * Stripe has no upsert and no external-id field, and its search API is eventually consistent
 * ("data is searchable in less than a minute"; the SDK's docs: "Don't use search in
 * read-after-write flows"). A lookup by search alone could miss a customer created seconds ago
 * and create a twin; a list scan is consistent but costs a full pass per write. So:
 * 1. look up: the connector's own id cache, then search;
 * 2. found → update it, with an idempotency key derived from (external id, the write's
 *    idempotency key) — unless its `metadata[accord_write]` already carries this write's tag, in
 *    which case the write was done before and nothing is sent (idempotent beyond Stripe's 24 h);
 * 3. not found → create with an idempotency key derived from the EXTERNAL ID ALONE. Within the
 *    24 h Stripe keeps keys, every create for that external id — from a retry, another worker or
 *    a restart, whatever search says — hits the same key: identical parameters replay the first
 *    customer; different parameters get Stripe's `idempotency_error`, which proves the customer
 *    exists, so it is found by scanning customers created in the last 25 h and updated. After
 *    24 h search has long caught up.
 */
import { createHash } from 'node:crypto';
import { IdempotencyConflict, ValidationRejected } from '../../model/errors.ts';
import type { WriteRequest } from '../connector.ts';
import type { StripeCustomersResource, StripeList } from './stripe-client.ts';
import { EXTERNAL_ID_KEY, type StripeObjectLike, WRITE_TAG_KEY } from './stripe-records.ts';

type Call = <T>(action: string, recordId: string | undefined, call: () => Promise<T>) => Promise<T>;

const CACHE_LIMIT = 10_000;

export class StripeCustomerWriter {
  /** external id → customer id, for this process's own reads and writes. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly customers: StripeCustomersResource,
    private readonly call: Call,
  ) {}

  async upsert(request: WriteRequest): Promise<{ object: StripeObjectLike; created: boolean }> {
    const tag = digest(['write', request.idempotencyKey]).slice(0, 32);
    const params = toParams(request, tag);
    const existing = request.id ? await this.retrieveLive(request.id) : await this.lookup(request.externalId);
    if (existing) return { object: await this.update(existing, request, params, tag), created: false };

    const createKey = `accord-create-${digest(['customer', request.externalId])}`;
    try {
      const created = await this.call('creating customer for external id', request.externalId, () =>
        this.customers.create(params, { idempotencyKey: createKey }),
      );
      const replayed = created.lastResponse?.headers['idempotent-replayed'] === 'true';
      if (replayed && (await this.retrieveLive(created.id)) === undefined)
        return this.recreate(request, params);
      this.remember(request.externalId, created.id);
      return { object: created, created: true };
    } catch (error) {
      if (!(error instanceof IdempotencyConflict) || error.retryable) throw error;
      // The key was used for this external id within 24 h with other parameters: the customer
      // exists (search just cannot see it yet) — or was deleted, or lost its external id since.
      const recent = await this.scanRecent(request.externalId);
      if (!recent) return this.recreate(request, params);
      return { object: await this.update(recent, request, params, tag), created: false };
    }
  }

  /**
   * The customer first created for this external id is gone: create anew, keyed on this write,
   * so retries of this write still replay rather than duplicate.
   */
  private async recreate(
    request: WriteRequest,
    params: Record<string, unknown>,
  ): Promise<{ object: StripeObjectLike; created: boolean }> {
    const key = `accord-recreate-${digest(['customer', request.externalId, request.idempotencyKey])}`;
    const again = await this.call('re-creating deleted customer for external id', request.externalId, () =>
      this.customers.create(params, { idempotencyKey: key }),
    );
    this.remember(request.externalId, again.id);
    return { object: again, created: true };
  }

  /** The live customer carrying this external id, or undefined; two are an error, never a guess. */
  async lookup(externalId: string): Promise<StripeObjectLike | undefined> {
    const cached = this.ids.get(externalId);
    if (cached) {
      const live = await this.retrieveLive(cached);
      if (live?.metadata?.[EXTERNAL_ID_KEY] === externalId) return live;
      this.ids.delete(externalId);
    }
    const hits = await this.search(`metadata['${EXTERNAL_ID_KEY}']:'${externalId.replace(/'/g, "\\'")}'`);
    return this.single(externalId, hits);
  }

  async search(query: string): Promise<StripeObjectLike[]> {
    const out: StripeObjectLike[] = [];
    let page: string | undefined;
    for (;;) {
      const params: { query: string; limit: number; page?: string } = { query, limit: 100 };
      if (page) params.page = page;
      const result: StripeList = await this.call('searching customers', undefined, () =>
        this.customers.search(params),
      );
      out.push(...result.data);
      if (!result.has_more || !result.next_page) return out;
      page = result.next_page;
    }
  }

  private async update(
    existing: StripeObjectLike,
    request: WriteRequest,
    params: Record<string, unknown>,
    tag: string,
  ): Promise<StripeObjectLike> {
    this.remember(request.externalId, existing.id);
    if (existing.metadata?.[WRITE_TAG_KEY] === tag) return existing;
    const key = `accord-update-${digest(['customer', request.externalId, request.idempotencyKey])}`;
    return this.call('updating customer', existing.id, () =>
      this.customers.update(existing.id, params, { idempotencyKey: key }),
    );
  }

  private async retrieveLive(id: string): Promise<StripeObjectLike | undefined> {
    const found = await this.call('retrieving customer', id, () => this.customers.retrieve(id)).catch(
      (error: unknown) => {
        if ((error as { code?: string }).code === 'RECORD_NOT_FOUND') return undefined;
        throw error;
      },
    );
    return found && !found.deleted ? found : undefined;
  }

  private async scanRecent(externalId: string): Promise<StripeObjectLike | undefined> {
    const since = Math.floor(Date.now() / 1000) - 25 * 3600;
    const hits: StripeObjectLike[] = [];
    let after: string | undefined;
    for (;;) {
      const params: Record<string, unknown> = { created: { gte: since }, limit: 100 };
      if (after) params.starting_after = after;
      const page = await this.call('listing recent customers', undefined, () => this.customers.list(params));
      hits.push(...page.data.filter((c) => c.metadata?.[EXTERNAL_ID_KEY] === externalId));
      if (!page.has_more || page.data.length === 0) break;
      after = page.data[page.data.length - 1]!.id;
    }
    return this.single(externalId, hits);
  }

  private single(externalId: string, hits: StripeObjectLike[]): StripeObjectLike | undefined {
    const live = hits.filter((c) => !c.deleted);
    if (live.length > 1) {
      throw new ValidationRejected(
        `Stripe holds ${live.length} customers with metadata ${EXTERNAL_ID_KEY}="${externalId}" (${live.map((c) => c.id).join(', ')}); merge or delete the extra ones in Stripe, then replay`,
        { vendorCode: 'duplicate_external_id' },
        { recordId: externalId },
      );
    }
    if (live[0]) this.remember(externalId, live[0].id);
    return live[0];
  }

  private remember(externalId: string, id: string): void {
    this.ids.delete(externalId);
    this.ids.set(externalId, id);
    if (this.ids.size > CACHE_LIMIT) this.ids.delete(this.ids.keys().next().value!);
  }
}

/** Stripe's form encoding clears a field with an empty string; Accord's `null` means clear. */
function toParams(request: WriteRequest, tag: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request.fields)) {
    if (key === 'metadata') continue;
    params[key] = value === null ? '' : value;
  }
  const metadata: Record<string, unknown> = {};
  const given = request.fields.metadata;
  if (given && typeof given === 'object') {
    for (const [key, value] of Object.entries(given)) metadata[key] = value === null ? '' : value;
  }
  metadata[EXTERNAL_ID_KEY] = request.externalId;
  metadata[WRITE_TAG_KEY] = tag;
  params.metadata = metadata;
  return params;
}

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
