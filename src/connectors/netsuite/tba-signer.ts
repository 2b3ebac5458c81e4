/**
 * NetSuite Token-Based Authentication (TBA): OAuth 1.0a request signing with HMAC-SHA256
 * (RFC 5849 §3.4), as NetSuite requires since 2023.1 (HMAC-SHA1 is refused).
 *
 * Two account-id spellings matter and are easy to mix up:
 * - the `realm` in the Authorization header is the account id in upper case with an underscore,
 *   `123456_SB1` for a sandbox — it is NOT part of the signature base string (RFC 5849 §3.4.1.3.1);
 * - the host uses lower case with a hyphen, `123456-sb1.suitetalk.api.netsuite.com`.
 *
 * @example
 *   const header = signTba(
 *     { method: 'GET', url: 'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/7' },
 *     { accountId: '123456_SB1', consumerKey, consumerSecret, tokenId, tokenSecret },
 *   );
 *   fetch(url, { headers: { authorization: header } });
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface TbaCredentials {
  /** The account id in either spelling (`123456_SB1`, `123456-sb1`); normalised where used. */
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export interface TbaRequest {
  method: string;
  /** The full URL including any query string: query parameters are part of the signature. */
  url: string;
}

/** Fixed nonce and timestamp, for known-answer tests only; production leaves them out. */
export interface TbaSigningOverrides {
  nonce?: string;
  timestamp?: string;
}

/**
 * The OAuth `realm`: the account id upper-cased with `_` (`123456-sb1` → `123456_SB1`).
 * @example realmOf('123456-sb1') // '123456_SB1'
 */
export function realmOf(accountId: string): string {
  return accountId.trim().replace(/-/g, '_').toUpperCase();
}

/**
 * The account id as NetSuite puts it in host names: lower case with `-`.
 * @example hostIdOf('123456_SB1') // '123456-sb1'
 */
export function hostIdOf(accountId: string): string {
  return accountId.trim().replace(/_/g, '-').toLowerCase();
}

/**
 * RFC 3986 percent-encoding as RFC 5849 §3.6 demands: everything but unreserved characters.
 * `encodeURIComponent` leaves `!'()*` alone, which would break the signature.
 * @example percentEncode("a b!") // 'a%20b%21'
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The signature base string (RFC 5849 §3.4.1): METHOD & encoded base URI & encoded sorted
 * parameters (query parameters plus the oauth_* protocol parameters, realm excluded).
 */
export function signatureBaseString(
  method: string,
  url: string,
  oauthParameters: Readonly<Record<string, string>>,
): string {
  const parsed = new URL(url);
  // Base string URI: scheme and host lower case, default ports dropped, no query or fragment.
  const defaultPort =
    (parsed.protocol === 'https:' && parsed.port === '443') ||
    (parsed.protocol === 'http:' && parsed.port === '80');
  const host = parsed.port && !defaultPort ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  const baseUri = `${parsed.protocol.toLowerCase()}//${host.toLowerCase()}${parsed.pathname}`;
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of parsed.searchParams) pairs.push([percentEncode(name), percentEncode(value)]);
  for (const [name, value] of Object.entries(oauthParameters))
    pairs.push([percentEncode(name), percentEncode(value)]);
  // Sorted by encoded name, then encoded value (RFC 5849 §3.4.1.3.2), byte order.
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = pairs.map(([n, v]) => `${n}=${v}`).join('&');
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

/** A fresh nonce: 20 alphanumeric characters (NetSuite accepts 6–64). */
export function tbaNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Signs one request and returns the `Authorization` header value.
 * The secrets only ever enter the HMAC key; they never appear in the returned header.
 */
export function signTba(
  request: TbaRequest,
  credentials: TbaCredentials,
  overrides: TbaSigningOverrides = {},
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: overrides.nonce ?? tbaNonce(),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: overrides.timestamp ?? String(Math.floor(Date.now() / 1000)),
    oauth_token: credentials.tokenId,
    oauth_version: '1.0',
  };
  const base = signatureBaseString(request.method, request.url, oauth);
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret)}`;
  const signature = createHmac('sha256', key).update(base).digest('base64');
  // Parameter order follows Oracle's published header example; servers must not depend on it.
  const header: Array<[string, string]> = [
    ['realm', realmOf(credentials.accountId)],
    ['oauth_token', oauth.oauth_token!],
    ['oauth_consumer_key', oauth.oauth_consumer_key!],
    ['oauth_nonce', oauth.oauth_nonce!],
    ['oauth_timestamp', oauth.oauth_timestamp!],
    ['oauth_signature_method', oauth.oauth_signature_method!],
    ['oauth_version', oauth.oauth_version!],
    ['oauth_signature', signature],
  ];
  return `OAuth ${header.map(([n, v]) => `${n}="${n === 'realm' ? v : percentEncode(v)}"`).join(', ')}`;
}
