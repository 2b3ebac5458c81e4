/**
 * One authenticated jsforce connection and the discipline around every call made on it: the
 * concurrency gate, OAuth 2.0 (client credentials or username-password) with one re-authorisation
 * when the session expires, error classification, and bounded retries of transient failures
 * (upserts are keyed on the external id, so repeating one is safe).
 *
 * @example
 *   const session = new SalesforceSession({ system: 'crm', instanceUrl, auth: { accessToken } });
 *   const account = await session.call(id, () => session.conn.sobject('Account').retrieve(id));
 */
import jsforce from 'jsforce';
import { type RateLimit, RateLimiter } from '../../governance/rate-limiter.ts';
import { RequestGate } from '../../governance/request-gate.ts';
import { AuthenticationFailed, RateLimited, TransientUpstream } from '../../model/errors.ts';
import { classifySalesforceError } from './salesforce-errors.ts';

export type SalesforceAuth =
  | { accessToken: string }
  | {
      clientId: string;
      clientSecret: string;
      username?: string | undefined;
      password?: string | undefined;
      loginUrl?: string | undefined;
    };

export interface SalesforceSessionOptions {
  system: string;
  instanceUrl: string;
  auth: SalesforceAuth;
  /** API version without the `v` (default `62.0`). */
  version?: string | undefined;
  /** Requests in flight at once (default 4; Salesforce allows 25 long-running per org). */
  concurrency?: number | undefined;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** Retries of transient failures inside one call (default 2), with this base delay (default 100 ms). */
  maxRetries?: number | undefined;
  retryBaseMs?: number | undefined;
  /**
   * Daily API requests to leave for the org's other integrations (default 0): once
   * `Sforce-Limit-Info` shows no more than this many left, calls fail fast with RateLimited
   * instead of spending them, letting one call through per minute to see whether the rolling
   * 24-hour window has freed some.
   */
  reserveApiRequests?: number | undefined;
}

export class SalesforceSession {
  readonly conn: jsforce.Connection;
  readonly gate: RequestGate;
  private authorized: Promise<void> | undefined;
  private lastProbeAt = 0;

  constructor(private readonly options: SalesforceSessionOptions) {
    this.gate = new RequestGate(options.concurrency ?? 4, options.rate && new RateLimiter(options.rate));
    const version = options.version ?? '62.0';
    const auth = options.auth;
    this.conn =
      'accessToken' in auth
        ? new jsforce.Connection({ instanceUrl: options.instanceUrl, accessToken: auth.accessToken, version })
        : new jsforce.Connection({
            version,
            instanceUrl: options.instanceUrl,
            oauth2: {
              clientId: auth.clientId,
              clientSecret: auth.clientSecret,
              loginUrl: auth.loginUrl ?? options.instanceUrl,
            },
          });
  }

  /** One API call through the gate, classified, with bounded retries of transient failures. */
  async call<T>(recordId: string | undefined, fn: () => Promise<T>): Promise<T> {
    await this.ensureAuthorized();
    this.checkReserve(recordId);
    let reauthorized = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.gate.run(fn);
      } catch (thrown) {
        const error = classifySalesforceError(thrown, { system: this.options.system, recordId });
        if (error.code === 'RATE_LIMITED') this.gate.rateLimited += 1;
        if (error instanceof AuthenticationFailed && !reauthorized && !('accessToken' in this.options.auth)) {
          reauthorized = true;
          this.authorized = undefined;
          await this.ensureAuthorized();
          continue;
        }
        if (!(error instanceof TransientUpstream) || attempt >= (this.options.maxRetries ?? 2)) throw error;
        const base = this.options.retryBaseMs ?? 100;
        await new Promise((r) => setTimeout(r, base * 2 ** attempt * (0.5 + Math.random() / 2)));
      }
    }
  }

  private checkReserve(recordId: string | undefined): void {
    const reserve = this.options.reserveApiRequests ?? 0;
    const usage = this.conn.limitInfo?.apiUsage;
    if (reserve <= 0 || !usage || usage.limit - usage.used > reserve) return;
    const now = Date.now();
    if (now - this.lastProbeAt >= 60_000) {
      this.lastProbeAt = now;
      return;
    }
    this.gate.rateLimited += 1;
    throw new RateLimited(
      `Salesforce (${this.options.system}): ${usage.used} of ${usage.limit} daily API requests used; the last ${reserve} are reserved for the org's other integrations (reserveApiRequests). Retry later.`,
      60_000,
      { vendorCode: 'RESERVE_REACHED' },
      { system: this.options.system, recordId },
    );
  }

  private ensureAuthorized(): Promise<void> {
    const auth = this.options.auth;
    if ('accessToken' in auth) return Promise.resolve();
    this.authorized ??= this.gate
      .run(async () => {
        if (auth.username && auth.password) await this.conn.loginByOAuth2(auth.username, auth.password);
        else await this.conn.authorize({ grant_type: 'client_credentials' });
      })
      .then(
        () => undefined,
        (thrown) => {
          this.authorized = undefined;
          throw classifySalesforceError(thrown, { system: this.options.system });
        },
      );
    return this.authorized;
  }
}
