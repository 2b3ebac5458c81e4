/**
 * Reading HubSpot through its search endpoint, within the endpoint's rules: one sort property,
 * `after` paging, and at most 10 000 results per query.
 *
 * - {@link readChangesBySearch}: `hs_lastmodifieddate >= since`, sorted on it; ties ordered by id
 *   here; before the cap (or when HubSpot stops offering a next page while `total` says more
 *   remain) the query restarts from the newest timestamp delivered, skipping the ids already
 *   delivered at it.
 * - {@link scanBySearch}: keyset on `hs_object_id > last`, so the cap never applies.
 *
 * @example
 *   for await (const page of readChangesBySearch(deps, { objectType: 'companies', since })) handle(page);
 */
import { TransientUpstream } from '../../model/errors.ts';
import type { ReadChangesRequest, ScanRequest, SystemRecord } from '../connector.ts';
import type { HubSpotSession } from './hubspot-session.ts';

export interface ApiObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: Date;
  archived?: boolean | undefined;
  _new?: boolean | undefined;
}

export interface SearchDeps {
  system: string;
  session: HubSpotSession;
  /** Results one query may reach (HubSpot: 10 000). */
  searchResultCap: number | undefined;
  names(objectType: string): Promise<string[]>;
  toRecord(objectType: string, o: ApiObject): SystemRecord;
}

export async function* readChangesBySearch(
  deps: SearchDeps,
  request: ReadChangesRequest,
): AsyncIterable<SystemRecord[]> {
  const names = await deps.names(request.objectType);
  const limit = Math.min(Math.max(request.pageSize ?? 100, 1), 200);
  const cap = deps.searchResultCap ?? 10_000;
  const since = request.since;
  let fromMs = since ? Date.parse(since.modifiedAt) : 0;
  // The newest timestamp delivered so far and every id delivered at it: a restarted query
  // begins at that timestamp again and skips those ids.
  let frontier = { ms: fromMs, ids: new Set<string>() };
  let skip = new Set<string>();
  let after = 0;
  let deliveredThisQuery = 0;
  for (;;) {
    request.signal?.throwIfAborted();
    const body = {
      filterGroups: [
        {
          filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(fromMs) }],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as never[],
      properties: names,
      limit,
      after: String(after),
    };
    const result = await deps.session.call(undefined, true, () =>
      deps.session.client.crm.objects.searchApi.doSearchWithHttpInfo(request.objectType, body),
    );
    const raw = result.results as ApiObject[];
    const page = raw
      .map((o) => deps.toRecord(request.objectType, o))
      .filter((r) => {
        const ms = Date.parse(r.modifiedAt);
        if (ms === fromMs && skip.has(r.id)) return false;
        // The caller's cursor is inclusive of its own id: drop only smaller ids at its instant.
        return !(since && ms === Date.parse(since.modifiedAt) && compareIds(r.id, since.id) < 0);
      })
      // HubSpot sorts on one property only: order ties by id here.
      .sort((a, b) =>
        a.modifiedAt < b.modifiedAt ? -1 : a.modifiedAt > b.modifiedAt ? 1 : compareIds(a.id, b.id),
      );
    for (const r of page) {
      const ms = Date.parse(r.modifiedAt);
      if (ms > frontier.ms) frontier = { ms, ids: new Set([r.id]) };
      else if (ms === frontier.ms) frontier.ids.add(r.id);
    }
    deliveredThisQuery += page.length;
    if (page.length > 0) yield page;
    const next = result.paging?.next?.after;
    if (next !== undefined && Number(next) + limit <= cap) {
      after = Number(next);
      continue;
    }
    // No next page: either the end, or HubSpot's per-query result cap (it stops paging there).
    if (next === undefined && after + raw.length >= result.total) return;
    if (deliveredThisQuery === 0) {
      throw new TransientUpstream(
        `HubSpot (${deps.system}): more than ${cap} ${request.objectType} share hs_lastmodifieddate ${new Date(fromMs).toISOString()}; the search API cannot page past them`,
        {},
        { system: deps.system },
      );
    }
    // Restart from the newest timestamp delivered, skipping the ids already delivered there.
    fromMs = frontier.ms;
    skip = new Set(frontier.ids);
    after = 0;
    deliveredThisQuery = 0;
  }
}

export async function* scanBySearch(
  deps: SearchDeps,
  request: ScanRequest,
  names: string[],
): AsyncIterable<SystemRecord[]> {
  const limit = Math.min(Math.max(request.pageSize ?? 100, 1), 200);
  let lastId = '0';
  for (;;) {
    request.signal?.throwIfAborted();
    const body = {
      filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT' as never, value: lastId }] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] as never[],
      properties: names,
      limit,
      after: '0',
    };
    const result = await deps.session.call(undefined, true, () =>
      deps.session.client.crm.objects.searchApi.doSearchWithHttpInfo(request.objectType, body),
    );
    const records = (result.results as ApiObject[]).map((o) => deps.toRecord(request.objectType, o));
    if (records.length > 0) yield records;
    if (records.length < limit) return;
    lastId = records.at(-1)!.id;
  }
}

/** HubSpot ids are numeric strings: compare them as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
