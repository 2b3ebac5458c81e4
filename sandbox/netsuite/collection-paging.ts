/**
 * Collection paging, as the Help Center's "Collection Paging" describes it: `limit` 1..1000
 * (default 1000), `offset` a non-negative multiple of the limit, and the envelope
 * `{ links, count, hasMore, items, offset, totalResults }` with first/previous/next/last/self links.
 *
 * @example
 *   const { limit, offset } = pagingParams(url.searchParams);
 *   return pageEnvelope(collectionUrl, url.searchParams, all.length, limit, offset, page);
 */
import { NetSuiteApiError } from './errors.ts';

export function pagingParams(query: URLSearchParams): { limit: number; offset: number } {
  const limit = query.has('limit') ? Number(query.get('limit')) : 1000;
  const offset = query.has('offset') ? Number(query.get('offset')) : 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new NetSuiteApiError(
      400,
      'INVALID_PARAMETER',
      `Invalid limit ${query.get('limit')}: use an integer from 1 to 1000.`,
      { queryParam: 'limit' },
    );
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
    throw new NetSuiteApiError(
      400,
      'INVALID_PARAMETER',
      `Invalid offset ${query.get('offset')}: the offset must be a non-negative multiple of the limit (${limit}).`,
      { queryParam: 'offset' },
    );
  }
  return { limit, offset };
}

/** The collection envelope: links (self, first, previous, next, last), count, hasMore, items, offset, totalResults. */
export function pageEnvelope(
  url: string,
  query: URLSearchParams,
  total: number,
  limit: number,
  offset: number,
  items: unknown[],
) {
  const link = (rel: string, o: number) => {
    const q = new URLSearchParams(query);
    q.set('limit', String(limit));
    q.set('offset', String(o));
    return { rel, href: `${url}?${q.toString()}` };
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [];
  if (offset > 0) links.push(link('previous', Math.max(0, offset - limit)));
  links.push(link('first', 0));
  if (offset + limit < total) links.push(link('next', offset + limit));
  links.push(link('last', last));
  links.push(link('self', offset));
  return {
    links,
    count: items.length,
    hasMore: offset + items.length < total,
    items,
    offset,
    totalResults: total,
  };
}
