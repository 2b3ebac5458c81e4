/**
 * A minimal signed client for the simulator's own tests: TBA signatures made by the independent
 * `oauth-1.0a` package (what `netsuite-rest` uses), so the verifier is not checked against itself.
 *
 * @example
 *   const res = await nsFetch(sim, 'GET', '/services/rest/record/v1/customer?limit=2');
 */
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { NetSuiteSimulator } from './index.ts';

export interface SignOptions {
  realm?: string;
  tokenSecret?: string;
  signatureMethod?: 'HMAC-SHA256' | 'HMAC-SHA1';
  timestamp?: number;
  nonce?: string;
}

export function tbaHeader(
  sim: Pick<NetSuiteSimulator, 'accountId' | 'tba'>,
  method: string,
  url: string,
  o: SignOptions = {},
): string {
  const method256 = (o.signatureMethod ?? 'HMAC-SHA256') === 'HMAC-SHA256';
  const oauth = new OAuth({
    consumer: { key: sim.tba.consumerKey, secret: sim.tba.consumerSecret },
    realm: o.realm ?? sim.accountId,
    signature_method: o.signatureMethod ?? 'HMAC-SHA256',
    hash_function: (base, key) =>
      createHmac(method256 ? 'sha256' : 'sha1', key)
        .update(base)
        .digest('base64'),
  });
  if (o.timestamp !== undefined) oauth.getTimeStamp = () => o.timestamp!;
  if (o.nonce !== undefined) oauth.getNonce = () => o.nonce!;
  const data = oauth.authorize(
    { url, method },
    { key: sim.tba.tokenId, secret: o.tokenSecret ?? sim.tba.tokenSecret },
  );
  return oauth.toHeader(data).Authorization;
}

export async function nsFetch(
  sim: NetSuiteSimulator,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; sign?: SignOptions } = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const url = `${sim.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: tbaHeader(sim, method, url, init.sign),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** The id at the end of a Location header. */
export function idFrom(location: string | null): string {
  if (!location) throw new Error('no Location header');
  return location.slice(location.lastIndexOf('/') + 1);
}
