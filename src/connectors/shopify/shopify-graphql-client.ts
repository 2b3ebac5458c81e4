import { type AdminApiClient, createAdminApiClient } from '@shopify/admin-api-client';
import type { RateLimiter } from '../../governance/rate-limiter.ts';
import {
  type AccordError,
  AuthenticationFailed,
  parseRetryAfter,
  RateLimited,
  TransientUpstream,
  toError,
  ValidationRejected,
} from '../../model/errors.ts';
import { rebaseFetch } from './rebase-fetch.ts';
import { ThrottleGate, type ThrottleStatus } from './throttle-gate.ts';

export interface ShopifyClientOptions {
  /** The contract's name for the system, used in every error. */
  system: string;
  storeDomain: string;
  accessToken: string;
  apiVersion: string;
  /** Send requests to this origin instead of `https://<storeDomain>` (a simulator on loopback). */
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Requests in flight at once, at most. */
  concurrency: number;
  /** The contract's `limits.rate`, taken once a slot is held (each attempt is a request). */
  rate?: RateLimiter | undefined;
  /** Attempts per request for throttling and transient failures (first try included). */
  maxAttempts: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions {
  /** Expected requested cost, for the throttle gate before Shopify has told us the real one. */
  estimatedCost: number;
  /** The record concerned, for errors. */
  recordId?: string | undefined;
  signal?: AbortSignal | undefined;
}

interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

interface GraphqlErrorShape {
  message?: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

/**
 * The one door to a shop's Admin GraphQL API: Shopify's own `@shopify/admin-api-client`,
 * unmodified, behind a concurrency cap and a throttle gate fed by every response's
 * `extensions.cost`. It retries what is safe to retry (THROTTLED after the computed wait, 5xx,
 * dropped connections, garbled replies) and turns every other outcome into an AccordError that
 * names the system and never the token.
 *
 * @example
 *   const data = await client.request<{ shop: { name: string } }>('{ shop { name } }', {}, { estimatedCost: 1 });
 */
export class ShopifyGraphqlClient {
  readonly gate: ThrottleGate;
  readonly counters = { requests: 0, inFlight: 0, maxInFlight: 0, rateLimited: 0 };
  private readonly client: AdminApiClient;
  private readonly waiting: (() => void)[] = [];
  private readonly learnedCost = new Map<string, number>();
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ShopifyClientOptions) {
    const fetchApi = options.baseUrl ? rebaseFetch(options.baseUrl, options.fetch) : options.fetch;
    this.client = createAdminApiClient({
      storeDomain: options.storeDomain,
      apiVersion: options.apiVersion,
      accessToken: options.accessToken,
      ...(fetchApi ? { customFetchApi: fetchApi } : {}),
      // The client warns on stdout about versions outside its date-derived support window; the
      // version is the contract's choice, and drift detection reports it.
      logger: () => {},
    });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.gate = new ThrottleGate(options.now, this.sleep);
  }

  /** Runs one operation and returns its `data`, or throws a classified AccordError. */
  async request<T>(
    document: string,
    variables: Record<string, unknown>,
    options: RequestOptions,
  ): Promise<T> {
    const where = { system: this.options.system, recordId: options.recordId };
    let lastError: AccordError | undefined;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const cost = this.learnedCost.get(document) ?? options.estimatedCost;
      const release = await this.gate.acquire(cost, options.signal);
      await this.enter();
      let response: Awaited<ReturnType<AdminApiClient['request']>>;
      try {
        this.counters.requests += 1;
        response = await this.client.request(document, {
          variables,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (thrown) {
        response = { errors: { message: toError(thrown).message } };
      } finally {
        this.leave();
        release();
      }
      const costInfo = (response.extensions as { cost?: QueryCost } | undefined)?.cost;
      this.gate.observe(costInfo?.throttleStatus);
      if (typeof costInfo?.requestedQueryCost === 'number' && costInfo.requestedQueryCost > 0) {
        this.learnedCost.set(document, costInfo.requestedQueryCost);
      }
      const errors = response.errors;
      if (!errors) return response.data as T;
      const graphQLErrors = (errors.graphQLErrors ?? []) as GraphqlErrorShape[];
      const status = errors.networkStatusCode;
      const code = graphQLErrors[0]?.extensions?.code;
      if (code === 'THROTTLED') {
        this.counters.rateLimited += 1;
        const wait = Math.max(this.gate.waitFor(costInfo?.requestedQueryCost ?? cost), 50);
        lastError = new RateLimited(
          `Shopify (${this.options.system}) throttled the request: the cost bucket holds ${costInfo?.throttleStatus?.currentlyAvailable ?? '?'} of the ${costInfo?.requestedQueryCost ?? cost} points needed; retry in ${wait} ms`,
          wait,
          { status: status ?? 200, vendorCode: 'THROTTLED' },
          where,
        );
        if (attempt < this.options.maxAttempts) await this.sleep(wait, options.signal);
        continue;
      }
      if (status === 401 || status === 403) {
        throw new AuthenticationFailed(
          `Shopify (${this.options.system}) refused the Admin API access token (HTTP ${status}); check the token and its scopes in the app settings`,
          { status },
          where,
        );
      }
      if (status === 429) {
        this.counters.rateLimited += 1;
        const wait = parseRetryAfter(errors.response?.headers.get('Retry-After')) ?? 1000;
        lastError = new RateLimited(
          `Shopify (${this.options.system}) answered HTTP 429; retry in ${wait} ms`,
          wait,
          { status },
          where,
        );
        if (attempt < this.options.maxAttempts) await this.sleep(wait, options.signal);
        continue;
      }
      // Transient: no reply at all, a 5xx, Shopify's INTERNAL_SERVER_ERROR, or a 200 whose body
      // would not parse. Any other 4xx is a request Shopify will refuse however often it is sent.
      const transient =
        status === undefined ||
        status >= 500 ||
        code === 'INTERNAL_SERVER_ERROR' ||
        (status === 200 && graphQLErrors.length === 0 && response.data === undefined);
      if (transient) {
        lastError = new TransientUpstream(
          `Shopify (${this.options.system}) failed transiently${status ? ` (HTTP ${status})` : ''}: ${redact(errors.message ?? 'no reply', this.options.accessToken)}`,
          { ...(status ? { status } : {}), ...(code ? { vendorCode: code } : {}) },
          where,
        );
        if (attempt < this.options.maxAttempts) await this.sleep(100 * 2 ** (attempt - 1), options.signal);
        continue;
      }
      if (status !== undefined && status >= 400 && graphQLErrors.length === 0) {
        throw new ValidationRejected(
          `Shopify (${this.options.system}) answered HTTP ${status} (${redact(errors.message ?? '', this.options.accessToken)}); check the store domain, the API version (${this.options.apiVersion}) and the request`,
          { status },
          where,
        );
      }
      const first = graphQLErrors[0];
      throw new ValidationRejected(
        `Shopify (${this.options.system}) rejected the request: ${redact(first?.message ?? errors.message ?? 'unknown error', this.options.accessToken)}${code ? ` [${code}]` : ''}`,
        {
          status: status ?? 200,
          ...(code ? { vendorCode: code } : {}),
          ...(first?.path ? { path: first.path.join('.') } : {}),
        },
        where,
      );
    }
    throw lastError!;
  }

  private async enter(): Promise<void> {
    while (this.counters.inFlight >= this.options.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.counters.inFlight += 1;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
    await this.options.rate?.take();
  }

  private leave(): void {
    this.counters.inFlight -= 1;
    this.waiting.shift()?.();
  }
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
