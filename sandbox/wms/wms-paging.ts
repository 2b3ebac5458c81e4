/**
 * Cursor paging as 3PL APIs do it: results ordered by `(updatedAt, id)`, an inclusive
 * `updated_since`, and an opaque `next_cursor` that carries the position and the filters, so a
 * client never rebuilds a query between pages (and cannot skip records that share a timestamp).
 *
 * @example
 *   listPage(orders, { updatedSince: '2026-11-01T00:00:00Z', limit: '50', filters: {} }, () => true)
 *   // { data: [...], next_cursor: 'eyJ…' | null }
 */
export interface ListQuery {
  updatedSince?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
  filters: Record<string, string>;
}

export class PageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CursorState {
  /** Last (updatedAt, id) returned. */
  u: string;
  i: string;
  f: Record<string, string>;
  l: number;
}

export const MAX_LIMIT = 250;
const DEFAULT_LIMIT = 50;

export function listPage<T extends { id: string; updatedAt: string }>(
  items: readonly T[],
  query: ListQuery,
  match: (item: T, filters: Record<string, string>) => boolean,
): { data: T[]; next_cursor: string | null } {
  let state: CursorState | undefined;
  if (query.cursor) {
    try {
      state = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as CursorState;
    } catch {
      throw new PageError('invalid_cursor', 'cursor is not one this API issued; start again without it');
    }
    if (typeof state?.u !== 'string' || typeof state.i !== 'string') {
      throw new PageError('invalid_cursor', 'cursor is not one this API issued; start again without it');
    }
  }
  const limit = query.limit === undefined ? (state?.l ?? DEFAULT_LIMIT) : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new PageError('invalid_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  let since: string | undefined;
  if (!state && query.updatedSince !== undefined) {
    const parsed = Date.parse(query.updatedSince);
    if (Number.isNaN(parsed))
      throw new PageError('invalid_updated_since', 'updated_since must be an ISO-8601 instant');
    since = new Date(parsed).toISOString();
  }
  const filters = state?.f ?? query.filters;
  const sorted = items
    .filter((item) => match(item, filters))
    .filter((item) =>
      state
        ? item.updatedAt > state.u || (item.updatedAt === state.u && item.id > state.i)
        : since === undefined || item.updatedAt >= since,
    )
    .sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  const data = sorted.slice(0, limit).map((item) => structuredClone(item));
  const last = data[data.length - 1];
  const next =
    sorted.length > limit && last
      ? Buffer.from(
          JSON.stringify({ u: last.updatedAt, i: last.id, f: filters, l: limit } satisfies CursorState),
        ).toString('base64url')
      : null;
  return { data, next_cursor: next };
}
