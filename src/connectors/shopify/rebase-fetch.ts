/**
 * A `fetch` that sends requests for `https://<shop>.myshopify.com/…` to another origin (a
 * simulator on loopback), keeping path, method, headers and body. The Admin API client always
 * builds an https URL from the store domain; this is the one seam it offers (`customFetchApi`)
 * to aim it elsewhere, so the client itself stays unmodified.
 *
 * @example
 *   createAdminApiClient({ storeDomain: 'shop.myshopify.com', apiVersion: '2026-10', accessToken,
 *     customFetchApi: rebaseFetch('http://127.0.0.1:4123') });
 */
export function rebaseFetch(baseUrl: string, inner: typeof fetch = fetch): typeof fetch {
  const base = new URL(baseUrl);
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    url.protocol = base.protocol;
    url.host = base.host;
    return inner(url, init);
  };
}
