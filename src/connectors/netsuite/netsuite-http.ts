/**
 * The NetSuite connector's transport: every request holds a permit from the concurrency limiter
 * while in flight, carries a fresh Authorization header, and comes back either as a parsed reply
 * or as one of Accord's error classes (see `netsuite-errors.ts`).
 *
 * Retries here are the ones that cannot hurt:
 * - 429 `CONCURRENCY_LIMIT_EXCEEDED` is retried (after telling the limiter, which shrinks its
 *   window): NetSuite refuses such a request before running it, so nothing was applied;
 * - a 401 under OAuth 2.0 is retried once with a new token (the cached one may have been revoked);
 * - 5xx, resets, timeouts and garbled replies are retried only for idempotent calls (GET, PUT by
 *   external id, SuiteQL). A POST that creates is never retried here: the engine decides, with
 *   the record's external id in hand.
 *
 * @example
 *   const http = new NetSuiteHttp({ system: 'netsuite', baseUrl, auth, limiter });
 *   const reply = await http.request({ method: 'GET', path: '/services/rest/record/v1/customer/7', idempotent: true });
 */

import type { ConcurrencyLimiter, PermitOutcome } from '../../governance/concurrency-limiter.ts';
import type { RateLimiter } from '../../governance/rate-limiter.ts';
import {
  type AccordError,
  AuthenticationFailed,
  RateLimited,
  TransientUpstream,
} from '../../model/errors.ts';
import { parseExactJson } from '../shared/exact-json.ts';
import type { NetSuiteAuth } from './netsuite-auth.ts';
import { classifyNetSuiteResponse, malformedReply, networkFailure } from './netsuite-errors.ts';

export interface NetSuiteHttpOptions {
  system: string;
  /** `https://<account-host-id>.suitetalk.api.netsuite.com`, or a simulator's URL. */
  baseUrl: string;
  auth: NetSuiteAuth;
  limiter: ConcurrencyLimiter;
  /** The contract's `limits.rate`, taken once a permit is held (each attempt is a request). */
  rate?: RateLimiter | undefined;
  fetch?: typeof fetch;
  /** Per-request deadline (default 120 s; NetSuite itself times requests out after 15 minutes). */
  timeoutMs?: number;
  /** Attempts for a request refused with 429 (default 12). */
  maxRateLimitAttempts?: number;
  /** Attempts for an idempotent request hitting a transient failure (default 3). */
  maxTransientAttempts?: number;
  /** First backoff delay; doubles per attempt with full jitter (default 25 ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface NetSuiteRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, starting with `/services/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat after a transient failure. */
  idempotent: boolean;
  /** The record concerned, for error messages (`42`, `eid:shop-42`). */
  recordId?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface NetSuiteReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `undefined` for an empty body (204). */
  json: unknown;
}

export interface HttpStats {
  requests: number;
  rateLimited: number;
}

export class NetSuiteHttp {
  private readonly fetchImpl: typeof fetch;
  readonly counters: HttpStats = { requests: 0, rateLimited: 0 };

  constructor(private readonly options: NetSuiteHttpOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get system(): string {
    return this.options.system;
  }

  url(path: string, query?: NetSuiteRequest['query']): string {
    const url = new URL(path, this.options.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * A `fetch` that holds a limiter permit while in flight, for calls made outside `request`
   * (the OAuth 2.0 token endpoint).
   */
  readonly limitedFetch: typeof fetch = async (input, init) => {
    const permit = await this.options.limiter.acquire(init?.signal ?? undefined);
    await this.options.rate?.take();
    let outcome: PermitOutcome = 'error';
    try {
      this.counters.requests += 1;
      const res = await this.fetchImpl(input, init);
      outcome = res.status === 429 ? 'rejected' : 'ok';
      return res;
    } finally {
      permit.release(outcome);
    }
  };

  async request(request: NetSuiteRequest): Promise<NetSuiteReply> {
    const maxRateLimited = this.options.maxRateLimitAttempts ?? 12;
    const maxTransient = request.idempotent ? (this.options.maxTransientAttempts ?? 3) : 1;
    let rateLimitedAttempts = 0;
    let transientAttempts = 0;
    let reauthenticated = false;
    for (;;) {
      try {
        return await this.attempt(request);
      } catch (error) {
        const failure = error as AccordError;
        if (failure instanceof RateLimited) {
          rateLimitedAttempts += 1;
          if (rateLimitedAttempts >= maxRateLimited) throw failure;
          await this.pause(rateLimitedAttempts, failure.retryAfterMs, request.signal);
          continue;
        }
        if (
          failure instanceof AuthenticationFailed &&
          failure.detail.status === 401 &&
          !reauthenticated &&
          this.options.auth.invalidate()
        ) {
          reauthenticated = true;
          continue;
        }
        if (failure instanceof TransientUpstream) {
          transientAttempts += 1;
          if (transientAttempts >= maxTransient) throw failure;
          await this.pause(transientAttempts, failure.retryAfterMs, request.signal);
          continue;
        }
        throw failure;
      }
    }
  }

  private async attempt(request: NetSuiteRequest): Promise<NetSuiteReply> {
    const url = this.url(request.path, request.query);
    const where = {
      system: this.options.system,
      method: request.method,
      path: request.path,
      recordId: request.recordId,
    };
    // An OAuth 2.0 token is fetched before taking a slot (its request takes a slot of its own);
    // the header itself is made once the slot is ours, so a TBA timestamp is never stale.
    await this.options.auth.prepare(request.signal);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';

    const permit = await this.options.limiter.acquire(request.signal);
    await this.options.rate?.take();
    // The deadline starts once the request is really sent, not while it queues for a slot.
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 120_000);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let outcome: PermitOutcome = 'error';
    let status = 0;
    let resHeaders: Headers;
    let text: string;
    try {
      headers.authorization = this.options.auth.authorization(request.method, url);
      this.counters.requests += 1;
      const res = await this.fetchImpl(url, {
        method: request.method,
        headers,
        signal,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      status = res.status;
      resHeaders = res.headers;
      text = await res.text();
      outcome = status === 429 ? 'rejected' : 'ok';
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (error instanceof TransientUpstream) throw error;
      throw networkFailure(where, error);
    } finally {
      permit.release(outcome);
    }
    if (status === 429) this.counters.rateLimited += 1;
    if (status < 200 || status >= 300) {
      throw classifyNetSuiteResponse({ ...where, status, headers: resHeaders, body: text });
    }
    if (text.length === 0) return { status, headers: resHeaders, json: undefined };
    try {
      return { status, headers: resHeaders, json: parseExactJson(text) };
    } catch (error) {
      throw malformedReply({ ...where, status, headers: resHeaders, body: text }, error);
    }
  }

  private pause(attempt: number, retryAfterMs: number | undefined, signal?: AbortSignal): Promise<void> {
    const base = this.options.backoffMs ?? 25;
    const cap = this.options.maxBackoffMs ?? 5_000;
    const ms = retryAfterMs ?? Math.random() * Math.min(cap, base * 2 ** (attempt - 1));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}
