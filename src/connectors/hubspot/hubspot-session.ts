/**
 * One `@hubspot/api-client` Client and the discipline around every call made with it: the
 * concurrency gate, pacing from HubSpot's rate-limit headers (read from the `…WithHttpInfo`
 * variants), error classification, and bounded back-off on 429 and transient failures — never on
 * the DAILY policy, which only the next day can fix. The client's own retries are off: they wait
 * 10 s per 429 and are invisible to the gate.
 *
 * @example
 *   const session = new HubSpotSession({ system: 'hubspot', accessToken, basePath });
 *   const company = await session.call(id, false, () => session.client.crm.objects.basicApi.getByIdWithHttpInfo('companies', id));
 */
import { Client } from '@hubspot/api-client';
import { type RateLimit, RateLimiter } from '../../governance/rate-limiter.ts';
import { RequestGate } from '../../governance/request-gate.ts';
import { RateLimited } from '../../model/errors.ts';
import { classifyHubSpotError, HubSpotRateLimited } from './hubspot-errors.ts';
import { HubSpotPacer } from './hubspot-pacer.ts';

export interface HubSpotSessionOptions {
  system: string;
  accessToken: string;
  /** Default `https://api.hubapi.com`; the simulator's URL in tests. */
  basePath?: string | undefined;
  concurrency?: number | undefined;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** Retries of 429 and transient failures inside one call (default 3), base delay (default 200 ms). */
  maxRetries?: number | undefined;
  retryBaseMs?: number | undefined;
  /** Search requests per second to allow (HubSpot documents 4–5 per token; default 4). */
  searchPerSecond?: number | undefined;
}

export interface HttpInfoLike<T> {
  headers: Record<string, string>;
  data: T;
}

export class HubSpotSession {
  readonly client: Client;
  readonly gate: RequestGate;
  readonly pacer: HubSpotPacer;

  constructor(private readonly options: HubSpotSessionOptions) {
    this.gate = new RequestGate(options.concurrency ?? 4, options.rate && new RateLimiter(options.rate));
    this.pacer = new HubSpotPacer(options.searchPerSecond ?? 4);
    this.client = new Client({
      accessToken: options.accessToken,
      basePath: options.basePath ?? 'https://api.hubapi.com',
      numberOfApiCallRetries: 0,
    });
  }

  /** One API call: paced, gated, classified, retried within bounds. `search` selects the search pace. */
  async call<T>(
    recordId: string | undefined,
    search: boolean,
    fn: () => Promise<HttpInfoLike<T>>,
  ): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        const info = await this.gate.run(async () => {
          await this.pacer.beforeRequest(search);
          try {
            return await fn();
          } finally {
            this.pacer.afterResponse(search);
          }
        });
        this.pacer.observe(info.headers);
        return info.data;
      } catch (thrown) {
        this.pacer.observe((thrown as { headers?: Record<string, string> }).headers);
        const error = classifyHubSpotError(thrown, { system: this.options.system, recordId });
        if (error instanceof RateLimited) this.gate.rateLimited += 1;
        const daily = error instanceof HubSpotRateLimited && error.policyName === 'DAILY';
        if (!error.retryable || daily || attempt >= maxRetries) throw error;
        const base = this.options.retryBaseMs ?? 200;
        const backoff = base * 2 ** attempt * (0.5 + Math.random() / 2);
        // After a 429 the pacer already holds the next request until the window frees up; the
        // back-off here only spreads concurrent retries.
        const wait =
          error instanceof RateLimited
            ? Math.min(error.retryAfterMs ?? backoff, Math.max(backoff, 100))
            : backoff;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
