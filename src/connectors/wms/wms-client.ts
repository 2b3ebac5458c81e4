/**
 * HTTP client for the WMS REST API (see `sandbox/wms/README.md`): API-key header, a concurrency
 * cap, retries of transient failures honouring `Retry-After`, and classification of every failure
 * into Accord's error classes. The API key never appears in an error or a log line.
 *
 * Retrying writes is safe because every write carries an `Idempotency-Key`.
 *
 * @example
 *   const client = new WmsClient({ system: 'wms', baseUrl: 'https://api.3pl.example', apiKey });
 *   const page = await client.request<ListReply<Order>>('GET', '/v1/orders', { query: { limit: '50' } });
 */

import { type RateLimit, RateLimiter } from '../../governance/rate-limiter.ts';
import { RequestGate } from '../../governance/request-gate.ts';
import {
  type AccordError,
  AuthenticationFailed,
  parseRetryAfter,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  toError,
  ValidationRejected,
} from '../../model/errors.ts';

export interface WmsClientOptions {
  system: string;
  baseUrl: string;
  apiKey: string;
  /** Most requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** Retries of a transient failure before it is thrown. Default 2. */
  maxRetries?: number | undefined;
  /** Longest wait between retries, even when `Retry-After` asks for more. Default 10 s. */
  maxRetryWaitMs?: number | undefined;
  timeoutMs?: number | undefined;
}

export interface ListReply<T> {
  data: T[];
  next_cursor: string | null;
}

export interface RequestOptions {
  query?: Record<string, string | undefined> | undefined;
  body?: unknown;
  idempotencyKey?: string | undefined;
  /** The record concerned, named in errors. */
  recordId?: string | undefined;
  /** Answer 404 with `undefined` instead of throwing RecordNotFound. */
  allowNotFound?: boolean | undefined;
}

export interface VendorError {
  code?: string;
  message?: string;
  id?: string;
  details?: { field: string; message: string }[];
}

/** A 409 the caller may resolve (a duplicate reference names the existing id). */
export class WmsConflict extends Error {
  constructor(readonly vendor: VendorError) {
    super(vendor.message ?? 'conflict');
  }
}

export class WmsClient {
  readonly gate: RequestGate;
  requests = 0;
  rateLimited = 0;

  // A #private field: not enumerable, so neither JSON.stringify nor util.inspect of the client
  // (say, in a log line) can reveal the key.
  readonly #apiKey: string;
  private readonly options: Omit<WmsClientOptions, 'apiKey'>;

  constructor(options: WmsClientOptions) {
    const { apiKey, ...rest } = options;
    this.#apiKey = apiKey;
    this.options = rest;
    this.gate = new RequestGate(options.concurrency ?? 4, options.rate && new RateLimiter(options.rate));
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T | undefined> {
    const maxRetries = this.options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.gate.run(() => this.once<T>(method, path, options));
      } catch (thrown) {
        const error = toError(thrown);
        const retryable = error instanceof RateLimited || error instanceof TransientUpstream;
        if (!retryable || attempt >= maxRetries) throw error;
        const asked = error.retryAfterMs;
        const backoff = 100 * 2 ** attempt * (0.5 + Math.random() / 2);
        await new Promise((r) =>
          setTimeout(r, Math.min(asked ?? backoff, this.options.maxRetryWaitMs ?? 10_000)),
        );
      }
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<T | undefined> {
    const url = new URL(path, this.options.baseUrl);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const where = { system: this.options.system, recordId: options.recordId };
    const what = `${this.options.system}: ${method} ${url.pathname}${options.recordId ? ` (record ${options.recordId})` : ''}`;
    const headers: Record<string, string> = { 'x-api-key': this.#apiKey, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    this.requests += 1;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (thrown) {
      const cause = toError(thrown);
      const code = (cause.cause as { code?: string } | undefined)?.code ?? cause.name;
      throw new TransientUpstream(`${what} failed before a reply (${code}); it will be retried`, {}, where);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new TransientUpstream(
        `${what}: the reply (HTTP ${response.status}) is not valid JSON`,
        {
          status: response.status,
          body: text.slice(0, 500),
        },
        where,
      );
    }
    if (response.ok) return json as T;
    const vendor = ((json as { error?: VendorError } | undefined)?.error ?? {}) as VendorError;
    if (response.status === 404 && options.allowNotFound) return undefined;
    throw this.classify(response, vendor, text, what, where, requestId);
  }

  private classify(
    response: Response,
    vendor: VendorError,
    body: string,
    what: string,
    where: { system: string; recordId: string | undefined },
    requestId: string | undefined,
  ): AccordError | WmsConflict {
    const status = response.status;
    const detail = {
      status,
      vendorCode: vendor.code ?? String(status),
      body: body.slice(0, 2000),
      ...(requestId ? { requestId } : {}),
    };
    if (status === 429) {
      this.rateLimited += 1;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return new RateLimited(
        `${what}: rate limited by the WMS (retry after ${retryAfterMs ?? '?'} ms)`,
        retryAfterMs,
        detail,
        where,
      );
    }
    if (status >= 500)
      return new TransientUpstream(
        `${what}: the WMS failed (HTTP ${status}, ${vendor.code ?? 'no code'})`,
        detail,
        where,
      );
    if (status === 401 || status === 403) {
      return new AuthenticationFailed(
        `${what}: the WMS refused the API key (HTTP ${status}); check the key configured for ${where.system}`,
        detail,
        where,
      );
    }
    if (status === 404) return new RecordNotFound(`${what}: not found in the WMS`, where);
    if (status === 409) return new WmsConflict(vendor);
    const fields = (vendor.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ');
    return new ValidationRejected(
      `${what}: the WMS rejected it (${vendor.code ?? status}): ${vendor.message ?? ''}${fields ? ` — ${fields}` : ''}`,
      { ...detail, ...(vendor.details?.[0] ? { path: vendor.details[0].field } : {}) },
      where,
    );
  }
}
