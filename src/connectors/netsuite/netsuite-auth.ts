/**
 * How the NetSuite connector authenticates each request: Token-Based Authentication (OAuth 1.0a,
 * a fresh signature per request) or OAuth 2.0 client credentials (a cached bearer token).
 *
 * @example
 *   const auth = tbaAuth({ accountId: '123456_SB1', consumerKey, consumerSecret, tokenId, tokenSecret });
 *   headers.authorization = await auth.authorize('GET', url);
 */
import { signTba, type TbaCredentials } from './tba-signer.ts';

export interface NetSuiteAuth {
  /**
   * Makes `authorization` answerable without I/O (fetches an OAuth 2.0 token if needed). Called
   * BEFORE taking a concurrency slot: a token request needs a slot of its own.
   */
  prepare(signal?: AbortSignal): Promise<void>;
  /**
   * The `Authorization` header value, computed at send time — AFTER the slot is taken, so a TBA
   * timestamp is fresh even when the request queued for minutes behind others.
   */
  authorization(method: string, url: string): string;
  /** `prepare` then `authorization`, for one-off calls. */
  authorize(method: string, url: string, signal?: AbortSignal): Promise<string>;
  /**
   * Drops any cached token after a 401, so the next request fetches a new one. Returns true when
   * there was something to drop (a retry may then succeed), false when credentials are static.
   */
  invalidate(): boolean;
  /** Credential values to keep out of errors and logs (used by tests and redaction). */
  readonly secrets: readonly string[];
}

/** TBA: every request signed with HMAC-SHA256; nothing cached. */
export function tbaAuth(credentials: TbaCredentials): NetSuiteAuth {
  return {
    prepare: async () => {},
    authorization: (method, url) => signTba({ method, url }, credentials),
    authorize: async (method, url) => signTba({ method, url }, credentials),
    invalidate: () => false,
    secrets: [credentials.consumerSecret, credentials.tokenSecret],
  };
}
