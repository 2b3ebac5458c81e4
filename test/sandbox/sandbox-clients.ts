/**
 * Minimal clients for the sandbox tests: each counts or reads records through a simulator's real
 * HTTP API with the sandbox's credentials (never through its in-process store), so a loader bug
 * shows up as a wrong count or a wrong value.
 */
import { tbaHeader } from '../../sandbox/netsuite/test-client.ts';
import { NETSUITE_ACCOUNT_ID } from '../../sandbox/orchestrator/systems/netsuite.ts';

export interface Endpoint {
  url: string;
  credentials: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

async function json(response: Response, what: string): Promise<Json> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Json;
}

export async function netsuite(
  ns: Endpoint,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = `${ns.url}${path}`;
  const c = ns.credentials;
  const signer = {
    accountId: NETSUITE_ACCOUNT_ID,
    tba: {
      consumerKey: c.consumerKey ?? '',
      consumerSecret: c.consumerSecret ?? '',
      tokenId: c.tokenId ?? '',
      tokenSecret: c.tokenSecret ?? '',
    },
  };
  return fetch(url, {
    method,
    headers: {
      authorization: tbaHeader(signer, method, url),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function netsuiteCount(ns: Endpoint, type: string): Promise<number> {
  const page = await json(
    await netsuite(ns, 'GET', `/services/rest/record/v1/${type}?limit=1`),
    `NetSuite ${type}`,
  );
  return Number(page.totalResults);
}

/** The rows of one SuiteQL query (first page). */
export async function netsuiteQuery(ns: Endpoint, q: string): Promise<Json[]> {
  const reply = await netsuite(ns, 'POST', '/services/rest/query/v1/suiteql', { q }, { prefer: 'transient' });
  return (await json(reply, 'NetSuite SuiteQL')).items as Json[];
}

export async function netsuiteRecord(ns: Endpoint, type: string, id: string): Promise<Response> {
  return netsuite(ns, 'GET', `/services/rest/record/v1/${type}/${id}?expandSubResources=true`);
}

export async function shopify(shop: Endpoint, query: string, variables: Json = {}): Promise<Json> {
  const reply = await json(
    await fetch(`${shop.url}/admin/api/2025-07/graphql.json`, {
      method: 'POST',
      headers: {
        'X-Shopify-Access-Token': shop.credentials.accessToken ?? '',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query, variables }),
    }),
    'Shopify',
  );
  if (reply.errors) throw new Error(`Shopify: ${JSON.stringify(reply.errors)}`);
  return reply.data as Json;
}

/** Every node of a top-level connection (`orders`, `customers`, `products`), paged 50 at a time. */
export async function shopifyAll(shop: Endpoint, connection: string, fields: string): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await shopify(
      shop,
      `query($after: String) { ${connection}(first: 50, after: $after) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = data[connection] as { nodes: Json[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

export async function stripe(st: Endpoint, path: string): Promise<Response> {
  return fetch(`${st.url}${path}`, { headers: { Authorization: `Bearer ${st.credentials.apiKey}` } });
}

export async function stripeCount(st: Endpoint, resource: string): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const page = await json(await stripe(st, `/v1/${resource}?limit=100${after}`), `Stripe ${resource}`);
    const data = page.data as Json[];
    count += data.length;
    if (!page.has_more) return count;
    after = `&starting_after=${String(data.at(-1)?.id)}`;
  }
}

export async function salesforce(sf: Endpoint, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sf.url}/services/data/v62.0${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${sf.credentials.accessToken}`, 'content-type': 'application/json' },
  });
}

/** Every record, the recycle bin included (`queryAll`). */
export async function salesforceCount(sf: Endpoint, object: string): Promise<number> {
  const q = encodeURIComponent(`SELECT COUNT() FROM ${object}`);
  return Number((await json(await salesforce(sf, `/queryAll?q=${q}`), `Salesforce ${object}`)).totalSize);
}

export async function hubspot(hs: Endpoint, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${hs.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${hs.credentials.accessToken}`, 'content-type': 'application/json' },
  });
}

export async function hubspotCount(hs: Endpoint, type: string): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const page = await json(
      await hubspot(hs, `/crm/v3/objects/${type}?limit=100${after}`),
      `HubSpot ${type}`,
    );
    count += (page.results as Json[]).length;
    const next = (page.paging as { next?: { after: string } } | undefined)?.next?.after;
    if (!next) return count;
    after = `&after=${next}`;
  }
}

export async function wms(w: Endpoint, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${w.url}${path}`, {
    ...init,
    headers: { 'X-API-Key': w.credentials.apiKey ?? '', 'content-type': 'application/json' },
  });
}

export async function wmsCount(w: Endpoint, path: string): Promise<number> {
  let count = 0;
  let cursor = '';
  for (;;) {
    const page = await json(await wms(w, `${path}?limit=100${cursor}`), `WMS ${path}`);
    count += (page.data as Json[]).length;
    if (!page.next_cursor) return count;
    cursor = `&cursor=${encodeURIComponent(String(page.next_cursor))}`;
  }
}
