/**
 * Token-based authentication (OAuth 1.0a as NetSuite profiles it), verified for real: the
 * signature is recomputed over the RFC 5849 normalised base string and compared in constant time.
 *
 * NetSuite's rules, as the Help Center states them:
 * - `oauth_signature_method` must be HMAC-SHA256 (HMAC-SHA1 is no longer accepted);
 * - `realm` is the account id exactly, sandbox suffix upper-case (`123456_SB1`, never `123456_sb1`
 *   or the host form `123456-sb1`);
 * - a nonce is at least 6 characters and the (nonce, timestamp) pair is single-use per token;
 * - the timestamp must be within 5 minutes of the server's clock.
 *
 * @example
 *   const verifier = new TbaVerifier({ accountId: '123456_SB1', credentials });
 *   const result = verifier.verify({ method: 'GET', url: 'http://127.0.0.1:4000/services/rest/record/v1/customer', authorization });
 *   if (!result.ok) console.log(result.reason); // never shown to the client: it gets INVALID_LOGIN
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TbaCredentials {
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export interface TbaRequest {
  method: string;
  /** The full request URL as the client addressed it: scheme, host[:port], path and query. */
  url: string;
  authorization: string | undefined;
}

export type TbaVerification = { ok: true; tokenId: string } | { ok: false; reason: string };

export interface TbaVerifierOptions {
  accountId: string;
  credentials: TbaCredentials;
  /** Allowed clock skew in seconds (NetSuite: 5 minutes). */
  maxSkewSeconds?: number;
  now?: () => number;
}

/** RFC 3986 percent-encoding, as RFC 5849 §3.6 requires. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes a form-urlencoded component ('+' is a space, RFC 5849 §3.4.1.3.1). */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/** Parses `OAuth realm="…", oauth_consumer_key="…", …` into its parameters. */
export function parseAuthorizationHeader(header: string): Map<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match) return undefined;
  const params = new Map<string, string>();
  const pattern = /([A-Za-z0-9_%.-]+)\s*=\s*"([^"]*)"/g;
  for (const m of match[1]!.matchAll(pattern)) {
    params.set(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
  }
  return params;
}

/** The RFC 5849 §3.4.1 signature base string. */
export function signatureBaseString(method: string, url: string, oauthParams: Map<string, string>): string {
  const parsed = new URL(url);
  const defaultPort =
    (parsed.protocol === 'http:' && parsed.port === '80') ||
    (parsed.protocol === 'https:' && parsed.port === '443');
  const host = parsed.hostname.toLowerCase() + (parsed.port && !defaultPort ? `:${parsed.port}` : '');
  const baseUri = `${parsed.protocol.toLowerCase()}//${host}${parsed.pathname}`;
  const pairs: [string, string][] = [];
  const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([percentEncode(formDecode(key)), percentEncode(formDecode(value))]);
  }
  for (const [key, value] of oauthParams) {
    if (key === 'realm' || key === 'oauth_signature') continue;
    pairs.push([percentEncode(key), percentEncode(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  const normalised = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalised)}`;
}

/** HMAC-SHA256 over the base string with key `consumerSecret&tokenSecret`, base64. */
export function tbaSignature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha256', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
    .update(baseString)
    .digest('base64');
}

export class TbaVerifier {
  private readonly usedNonces = new Map<string, number>();
  private pruneAt = 10_000;
  private readonly maxSkew: number;
  private readonly now: () => number;

  constructor(private readonly options: TbaVerifierOptions) {
    this.maxSkew = options.maxSkewSeconds ?? 300;
    this.now = options.now ?? (() => Date.now());
  }

  verify(request: TbaRequest): TbaVerification {
    if (!request.authorization) return { ok: false, reason: 'no Authorization header' };
    const params = parseAuthorizationHeader(request.authorization);
    if (!params) return { ok: false, reason: 'Authorization is not an OAuth header' };
    const get = (k: string) => params.get(k);
    for (const required of [
      'realm',
      'oauth_consumer_key',
      'oauth_token',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
    ]) {
      if (!get(required)) return { ok: false, reason: `MissingTokenPassportRequiredFields: ${required}` };
    }
    const version = get('oauth_version');
    if (version !== undefined && version !== '1.0') return { ok: false, reason: `oauth_version ${version}` };
    if (get('realm') !== this.options.accountId) {
      return {
        ok: false,
        reason: `realm "${get('realm')}" is not the account id "${this.options.accountId}"`,
      };
    }
    if (get('oauth_signature_method') !== 'HMAC-SHA256') {
      return { ok: false, reason: `signature method ${get('oauth_signature_method')} (only HMAC-SHA256)` };
    }
    const { credentials } = this.options;
    if (get('oauth_consumer_key') !== credentials.consumerKey)
      return { ok: false, reason: 'consumer_key_unknown' };
    if (get('oauth_token') !== credentials.tokenId) return { ok: false, reason: 'token_rejected' };
    const timestamp = Number(get('oauth_timestamp'));
    const nowSeconds = Math.floor(this.now() / 1000);
    if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > this.maxSkew) {
      return { ok: false, reason: 'timestamp_refused: more than 5 minutes from the server clock' };
    }
    const nonce = get('oauth_nonce')!;
    if (nonce.length < 6) return { ok: false, reason: 'nonce_rejected: shorter than 6 characters' };
    const nonceKey = `${credentials.tokenId}|${nonce}|${timestamp}`;
    const expected = tbaSignature(
      signatureBaseString(request.method, request.url, params),
      credentials.consumerSecret,
      credentials.tokenSecret,
    );
    const given = Buffer.from(get('oauth_signature')!);
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return { ok: false, reason: 'signature mismatch' };
    }
    // Only a correctly signed request consumes its nonce, so a forged request cannot burn one.
    if (this.usedNonces.has(nonceKey)) return { ok: false, reason: 'nonce_used' };
    this.usedNonces.set(nonceKey, timestamp);
    this.forgetOldNonces(nowSeconds);
    return { ok: true, tokenId: credentials.tokenId };
  }

  /** Nonces older than the skew window can never be replayed (their timestamp is refused): forget them, amortised O(1). */
  private forgetOldNonces(nowSeconds: number): void {
    if (this.usedNonces.size < this.pruneAt) return;
    for (const [key, ts] of this.usedNonces) if (nowSeconds - ts > this.maxSkew) this.usedNonces.delete(key);
    this.pruneAt = Math.max(10_000, this.usedNonces.size * 2);
  }
}
