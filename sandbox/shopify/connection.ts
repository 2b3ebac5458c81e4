import { GraphQLError } from 'graphql';

/**
 * Relay connections as the Admin API pages them: `first`/`after` (or `last`/`before`), at most
 * 250 per page, opaque cursors. Shopify's cursors are base64 JSON of the last id and sort value
 * (`{"last_id":…,"last_value":…}`); ours are the same, so a cursor stays valid when rows change
 * between pages.
 */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export const MAX_PAGE_SIZE = 250;

type SortValue = string | number;

export function encodeCursor(id: number, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
}

function decodeCursor(cursor: string): { id: number; value: SortValue } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    if (typeof parsed.last_id !== 'number') throw new Error('no id');
    return { id: parsed.last_id, value: parsed.last_value as SortValue };
  } catch {
    throw new GraphQLError('Invalid cursor for current pagination sort.', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
}

/**
 * Sorts rows by `(sortValue, id)`, applies the cursor and page size, and builds the connection.
 * @throws GraphQLError when neither `first` nor `last` is given, or either exceeds 250.
 */
export function paginate<T extends { id: number }>(
  rows: readonly T[],
  args: ConnectionArgs,
  sortValue: (row: T) => SortValue,
): Connection<T> {
  const first = args.first ?? undefined;
  const last = args.last ?? undefined;
  if (first === undefined && last === undefined) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  for (const n of [first, last]) {
    if (n !== undefined && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The page size must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
  }
  const direction = args.reverse ? -1 : 1;
  const cmp = (a: { id: number; value: SortValue }, b: { id: number; value: SortValue }): number => {
    if (a.value < b.value) return -direction;
    if (a.value > b.value) return direction;
    return (a.id - b.id) * direction;
  };
  const keyed = rows.map((row) => ({ row, key: { id: row.id, value: sortValue(row) } }));
  keyed.sort((a, b) => cmp(a.key, b.key));
  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    const index = keyed.findIndex((k) => cmp(k.key, after) > 0);
    start = index < 0 ? keyed.length : index;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    const index = keyed.findIndex((k) => cmp(k.key, before) >= 0);
    end = index < 0 ? keyed.length : index;
  }
  let window = keyed.slice(start, end);
  let hasNextPage = end < keyed.length;
  let hasPreviousPage = start > 0;
  if (first !== undefined && window.length > first) {
    window = window.slice(0, first);
    hasNextPage = true;
  }
  if (last !== undefined && window.length > last) {
    window = window.slice(window.length - last);
    hasPreviousPage = true;
  }
  const edges = window.map((k) => ({ cursor: encodeCursor(k.key.id, k.key.value), node: k.row }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Maps a connection's nodes, keeping cursors and page info. */
export function mapConnection<T, U>(c: Connection<T>, f: (row: T) => U) {
  const edges = c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: c.pageInfo };
}
