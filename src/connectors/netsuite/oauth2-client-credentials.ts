/**
 * OAuth 2.0 client credentials (machine to machine) for NetSuite: a JWT assertion signed with the
 * private key of a certificate mapped to the integration record, exchanged at
 * `/services/rest/auth/oauth2/v1/token` for a bearer token valid 60 minutes.
 *
 * Per Oracle's "The Request Token Structure": header `typ: JWT`, `alg` PS256/384/512 or
 * ES256/384/512, `kid` = the certificate id; payload `iss` = client id, `scope`, `aud` = the
 * token endpoint, `iat`, and `exp` at most 60 minutes after `iat`. The token is cached and
 * renewed `refreshMarginMs` before it expires; concurrent callers share one token request.
 *
 * @example
 *   const auth = new OAuth2ClientCredentials({
 *     system: 'netsuite', tokenUrl: 'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
 *     clientId, certificateId, privateKeyPem, algorithm: 'PS256',
 *   });
 *   headers.authorization = await auth.authorize('GET', url);
 */
import { importPKCS8, SignJWT } from 'jose';
import { AuthenticationFailed, TransientUpstream } from '../../model/errors.ts';
import type { NetSuiteAuth } from './netsuite-auth.ts';
import { networkFailure, requestIdOf } from './netsuite-errors.ts';

export type AssertionAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export interface OAuth2ClientCredentialsOptions {
  /** The contract's system name, for error messages. */
  system: string;
  tokenUrl: string;
  clientId: string;
  certificateId: string;
  privateKeyPem: string;
  algorithm: AssertionAlgorithm;
  /** Default `['rest_webservices']`; add `restlets`, `suite_analytics` as the integration allows. */
  scopes?: readonly string[];
  /** Renew this long before expiry (default 5 minutes). */
  refreshMarginMs?: number;
  /** Assertion lifetime in seconds (default 300; NetSuite allows at most 3600). */
  assertionLifetimeSeconds?: number;
  /** The transport (the connector passes its limited fetch, so token calls count against the pool). */
  fetch?: typeof fetch;
  now?: () => number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export class OAuth2ClientCredentials implements NetSuiteAuth {
  readonly secrets: readonly string[];
  private token: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private key: ReturnType<typeof importPKCS8> | undefined;
  private readonly now: () => number;
  /** Token requests made so far (for tests of the cache). */
  tokenRequests = 0;

  constructor(private readonly options: OAuth2ClientCredentialsOptions) {
    const lifetime = options.assertionLifetimeSeconds ?? 300;
    if (lifetime > 3600 || lifetime < 1) {
      throw new RangeError(`NetSuite accepts an assertion lifetime of 1–3600 seconds, got ${lifetime}`);
    }
    this.now = options.now ?? Date.now;
    this.secrets = [options.privateKeyPem];
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    await this.accessToken(signal);
  }

  authorization(_method: string, _url: string): string {
    // `prepare` left a token valid for at least the renewal margin; only a 401's `invalidate`
    // or an extraordinarily long wait for a slot can have removed or expired it since.
    if (!this.token || this.token.expiresAt <= this.now()) {
      throw new TransientUpstream(
        `NetSuite system "${this.options.system}": the OAuth 2.0 token expired while the request waited for a slot; retry.`,
        {},
        { system: this.options.system },
      );
    }
    return `Bearer ${this.token.value}`;
  }

  async authorize(method: string, url: string, signal?: AbortSignal): Promise<string> {
    await this.prepare(signal);
    return this.authorization(method, url);
  }

  invalidate(): boolean {
    this.token = undefined;
    return true;
  }

  /** Builds the signed client assertion (exposed for tests). */
  async assertion(): Promise<string> {
    this.key ??= importPKCS8(this.options.privateKeyPem, this.options.algorithm).catch(() => {
      this.key = undefined;
      throw new AuthenticationFailed(
        `NetSuite system "${this.options.system}": the OAuth 2.0 private key is not a PKCS#8 PEM key usable with ${this.options.algorithm}; export the certificate's key with "openssl pkcs8 -topk8 -nocrypt".`,
        {},
        { system: this.options.system },
      );
    });
    const key = await this.key;
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ scope: [...(this.options.scopes ?? ['rest_webservices'])] })
      .setProtectedHeader({ alg: this.options.algorithm, kid: this.options.certificateId, typ: 'JWT' })
      .setIssuer(this.options.clientId)
      .setAudience(this.options.tokenUrl)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (this.options.assertionLifetimeSeconds ?? 300))
      .sign(key);
  }

  private async accessToken(signal?: AbortSignal): Promise<CachedToken> {
    const margin = this.options.refreshMarginMs ?? 300_000;
    if (this.token && this.token.expiresAt - margin > this.now()) return this.token;
    this.pending ??= this.requestToken(signal).finally(() => {
      this.pending = undefined;
    });
    this.token = await this.pending;
    return this.token;
  }

  private async requestToken(signal?: AbortSignal): Promise<CachedToken> {
    const fetchImpl = this.options.fetch ?? fetch;
    const path = new URL(this.options.tokenUrl).pathname;
    const where = { system: this.options.system, method: 'POST', path };
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await this.assertion(),
    });
    this.tokenRequests += 1;
    let res: Response;
    try {
      res = await fetchImpl(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw networkFailure(where, error);
    }
    const text = await res.text();
    const requestId = requestIdOf(res.headers);
    const detail = { status: res.status, ...(requestId ? { requestId } : {}) };
    if (res.status === 429 || res.status >= 500) {
      throw new TransientUpstream(
        `NetSuite system "${this.options.system}": the OAuth 2.0 token endpoint answered HTTP ${res.status}; retry later.`,
        detail,
        { system: this.options.system },
      );
    }
    if (!res.ok) {
      // The token endpoint's body says little (INVALID_LOGIN / invalid_client); never echo the assertion.
      throw new AuthenticationFailed(
        `NetSuite system "${this.options.system}" refused the OAuth 2.0 client credentials (HTTP ${res.status}). Check the client id, that certificate id "${this.options.certificateId}" is mapped to this integration and role with ${this.options.algorithm}, the scopes, and the machine clock.`,
        detail,
        { system: this.options.system },
      );
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new TransientUpstream(
        `NetSuite system "${this.options.system}": the OAuth 2.0 token endpoint's reply is not JSON; retry.`,
        detail,
        { system: this.options.system },
      );
    }
    if (typeof parsed.access_token !== 'string') {
      throw new TransientUpstream(
        `NetSuite system "${this.options.system}": the OAuth 2.0 token reply has no access_token; retry.`,
        detail,
        { system: this.options.system },
      );
    }
    // NetSuite sends expires_in as a string ("3600").
    const seconds = Number(parsed.expires_in ?? 3600);
    return {
      value: parsed.access_token,
      expiresAt: this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
    };
  }
}
