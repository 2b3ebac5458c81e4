/**
 * SuiteQL over REST (`POST /services/rest/query/v1/suiteql`, `Prefer: transient`) with keyset
 * paging.
 *
 * Why keyset rather than `offset`: NetSuite serves at most 100,000 rows per query (offset +
 * limit), and offset paging over rows that move while we read (a record modified mid-read jumps
 * to the end of a `lastmodifieddate` order) shifts every later row one place left, so one row is
 * silently skipped at each page boundary. Each page here is a fresh query that starts strictly
 * after the last row seen, `WHERE (lastmodifieddate, id) > (cursor)` written out for SuiteQL,
 * with `offset=0`: the cap is never reached however many rows there are, and no row is skipped.
 *
 * Timestamps go in and out as FULL account-local timestamps through `TO_TIMESTAMP` / `TO_CHAR`,
 * never as dates: see `account-time.ts` for why a date-only cursor loses records.
 *
 * @example
 *   for await (const rows of keysetPages(suiteql, { table: { table: 'customer' }, columns: ['email'], pageSize: 1000, order: 'modified' })) …
 */
import type { NetSuiteHttp } from './netsuite-http.ts';
import type { SuiteQlTable } from './suiteql-tables.ts';

export const SUITEQL_PATH = '/services/rest/query/v1/suiteql';
/** NetSuite's largest SuiteQL page. */
export const SUITEQL_MAX_PAGE = 1000;
const LOCAL_FORMAT = "'YYYY-MM-DD HH24:MI:SS'";
/** The alias our full-timestamp column gets, out of the way of real column names. */
export const MODIFIED_ALIAS = 'accord_modified';

export type SuiteQlRow = Record<string, unknown>;

export interface SuiteQlPage {
  items: SuiteQlRow[];
  hasMore: boolean;
  totalResults: number | undefined;
}

/** Runs one SuiteQL page. */
export async function suiteqlPage(
  http: NetSuiteHttp,
  q: string,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<SuiteQlPage> {
  const reply = await http.request({
    method: 'POST',
    path: SUITEQL_PATH,
    query: { limit: page.limit, offset: page.offset },
    body: { q },
    headers: { prefer: 'transient' },
    // A query changes nothing: safe to repeat after a transient failure.
    idempotent: true,
    signal,
  });
  const body = (reply.json ?? {}) as { items?: SuiteQlRow[]; hasMore?: boolean; totalResults?: number };
  const items = (body.items ?? []).map(({ links: _links, ...row }) => row);
  return { items, hasMore: body.hasMore === true, totalResults: body.totalResults };
}

/** Every row of a query, paging with limit/offset — for small result sets (configuration lists). */
export async function suiteqlAll(http: NetSuiteHttp, q: string, signal?: AbortSignal): Promise<SuiteQlRow[]> {
  const rows: SuiteQlRow[] = [];
  for (let offset = 0; ; offset += SUITEQL_MAX_PAGE) {
    const page = await suiteqlPage(http, q, { limit: SUITEQL_MAX_PAGE, offset }, signal);
    rows.push(...page.items);
    if (!page.hasMore || page.items.length === 0) return rows;
  }
}

export interface KeysetPosition {
  /** Account-local `YYYY-MM-DD HH:MM:SS`; only for `order: 'modified'`. */
  modified?: string;
  /** Internal id (an integer in NetSuite). */
  id: string;
}

export interface KeysetRequest {
  table: SuiteQlTable;
  /** Extra columns to select (SuiteQL names). `id`, `externalid` and the full timestamp always are. */
  columns?: readonly string[];
  /** Extra condition, already valid SuiteQL. */
  where?: string;
  /** `modified`: by (lastmodifieddate, id), for change capture; `id`: by id, for scans. */
  order: 'modified' | 'id';
  /** Start here: INCLUSIVE for `from`, exclusive for every later page. */
  from?: KeysetPosition;
  pageSize: number;
  signal?: AbortSignal | undefined;
}

function idLiteral(id: string): string {
  if (!/^\d+$/.test(id)) throw new RangeError(`a NetSuite internal id is an integer, got "${id}"`);
  return id;
}

function timestamp(local: string): string {
  return `TO_TIMESTAMP('${local.replace(/'/g, '')}', ${LOCAL_FORMAT})`;
}

/** The keyset condition: rows at or after `position` (inclusive) or strictly after it. */
export function keysetCondition(
  order: KeysetRequest['order'],
  position: KeysetPosition,
  inclusive: boolean,
): string {
  const idOp = inclusive ? '>=' : '>';
  if (order === 'id') return `id ${idOp} ${idLiteral(position.id)}`;
  if (!position.modified) throw new RangeError('a change cursor needs a timestamp');
  const t = timestamp(position.modified);
  // SuiteQL has no row-value comparison; this is (lastmodifieddate, id) > (t, id) spelled out.
  return `(lastmodifieddate > ${t} OR (lastmodifieddate = ${t} AND id ${idOp} ${idLiteral(position.id)}))`;
}

/** Builds the query for one keyset page (exposed for tests). */
export function keysetQuery(
  request: KeysetRequest,
  position: KeysetPosition | undefined,
  inclusive: boolean,
): string {
  const columns = [
    'id',
    'externalid',
    `TO_CHAR(lastmodifieddate, ${LOCAL_FORMAT}) AS ${MODIFIED_ALIAS}`,
    ...(request.columns ?? []).filter((c) => !['id', 'externalid', MODIFIED_ALIAS].includes(c)),
  ];
  const conditions = [
    request.table.filter,
    request.where,
    position && keysetCondition(request.order, position, inclusive),
  ]
    .filter((c): c is string => Boolean(c))
    .map((c) => `(${c})`);
  const order = request.order === 'modified' ? 'lastmodifieddate ASC, id ASC' : 'id ASC';
  return `SELECT ${columns.join(', ')} FROM ${request.table.table}${
    conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''
  } ORDER BY ${order}`;
}

/** Pages of rows in keyset order, as many as there are (well past the 100,000-row cap). */
export async function* keysetPages(http: NetSuiteHttp, request: KeysetRequest): AsyncGenerator<SuiteQlRow[]> {
  const limit = Math.max(1, Math.min(SUITEQL_MAX_PAGE, Math.floor(request.pageSize)));
  let position = request.from;
  let inclusive = true;
  for (;;) {
    const q = keysetQuery(request, position, inclusive);
    const page = await suiteqlPage(http, q, { limit, offset: 0 }, request.signal);
    if (page.items.length > 0) yield page.items;
    if (page.items.length < limit || !page.hasMore) return;
    const last = page.items[page.items.length - 1]!;
    position = {
      id: String(last.id),
      ...(request.order === 'modified' ? { modified: String(last[MODIFIED_ALIAS]) } : {}),
    };
    inclusive = false;
  }
}
