/**
 * A HubSpot portal over real HTTP: CRM v3 objects (companies, contacts, deals) — basic CRUD,
 * list paging, batch read and batch upsert by a unique `idProperty`, the search endpoint (filter
 * groups, one sort, `after` paging, `limit` ≤ 200, at most 10 000 results per query) — property
 * definitions, private-app Bearer tokens, and the rate limits with `X-HubSpot-RateLimit-*`
 * headers and HubSpot's 429 body.
 *
 * @example
 *   const sim = await startHubSpotSimulator({ limits: { max: 100 } });
 *   const client = new Client({ accessToken: sim.accessToken, basePath: sim.url });
 *   await client.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] });
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  parseJsonBody,
  type SimulatorServer,
  type SimulatorServerOptions,
  sendJson,
  startSimulatorServer,
} from '../shared/simulator-server.ts';
import { type HubSpotObject, HubSpotPortal, type PortalWrite, type SearchFilter } from './hubspot-portal.ts';
import { type HubSpotLimitOptions, HubSpotRateLimits } from './hubspot-rate-limit.ts';
import { DEFAULT_PROPERTIES, propertyDefinition } from './hubspot-schema.ts';
import { type HubSpotSeedOptions, type HubSpotSeedSummary, seedHubSpotPortal } from './hubspot-seed.ts';

export interface HubSpotSimulatorOptions extends Partial<Omit<SimulatorServerOptions, 'name'>> {
  accessToken?: string;
  limits?: HubSpotLimitOptions;
  /** Results one search query may page through (HubSpot: 10 000). */
  searchResultCap?: number;
  clock?: () => number;
  /** Seeds a realistic dataset with awkward cases (see `hubspot-seed.ts`); empty when absent. */
  dataset?: HubSpotSeedOptions | undefined;
}

export interface HubSpotSimulator extends SimulatorServer {
  readonly portal: HubSpotPortal;
  /** What `dataset` seeded, when it was given. */
  readonly dataset: HubSpotSeedSummary | undefined;
  readonly limits: HubSpotRateLimits;
  readonly accessToken: string;
}

type Json = Record<string, unknown>;

export async function startHubSpotSimulator(
  options: HubSpotSimulatorOptions = {},
): Promise<HubSpotSimulator> {
  const clock = options.clock ?? Date.now;
  const portal = new HubSpotPortal(clock);
  const dataset = options.dataset ? seedHubSpotPortal(portal, options.dataset) : undefined;
  const limits = new HubSpotRateLimits(options.limits, clock);
  const accessToken = options.accessToken ?? `pat-na1-${randomUUID()}`;
  const searchCap = options.searchResultCap ?? 10_000;

  const error = (
    res: ServerResponse,
    status: number,
    category: string,
    message: string,
    extra: Json = {},
    headers: Record<string, string> = {},
  ) =>
    sendJson(
      res,
      status,
      { status: 'error', message, correlationId: randomUUID(), category, ...extra },
      headers,
    );

  const handler = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (token !== accessToken) {
      return error(
        res,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    const isSearch = method === 'POST' && /\/search$/.test(path);
    const verdict = limits.admit(token, isSearch);
    if (!verdict.ok) {
      return error(
        res,
        429,
        'RATE_LIMITS',
        verdict.message,
        { errorType: 'RATE_LIMIT', policyName: verdict.policyName },
        verdict.headers,
      );
    }
    const headers = verdict.headers;
    const ok = (status: number, payload: unknown) => sendJson(res, status, payload, headers);
    const fail = (status: number, category: string, message: string, extra: Json = {}) =>
      error(res, status, category, message, extra, headers);

    let json: Json = {};
    if (method === 'POST' || method === 'PATCH') {
      try {
        json = (parseJsonBody(body) ?? {}) as Json;
      } catch {
        return fail(
          400,
          'VALIDATION_ERROR',
          'Invalid input JSON on line 1: the request body is not valid JSON',
        );
      }
    }
    const listParam = (name: string) =>
      url.searchParams
        .getAll(name)
        .flatMap((v) => v.split(','))
        .filter(Boolean);

    const props = url.pathname.match(/^\/crm\/v3\/properties\/([a-z_0-9]+)(?:\/([a-z_0-9]+))?$/);
    if (props && method === 'GET') {
      const type = props[1]!;
      if (!portal.has(type))
        return fail(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${type}`);
      const defs = portal.definitions(type).map(propertyDefinition);
      if (props[2]) {
        const one = defs.find((d) => d.name === props[2]);
        return one ? ok(200, one) : fail(404, 'OBJECT_NOT_FOUND', `Property ${props[2]} does not exist`);
      }
      return ok(200, { results: defs });
    }

    const m = /^\/crm\/v3\/objects\/([a-z_0-9]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
    if (!m) return fail(404, 'OBJECT_NOT_FOUND', 'resource not found');
    const type = m[1]!;
    if (!portal.has(type)) return fail(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${type}`);
    const second = m[2] ? decodeURIComponent(m[2]) : undefined;
    const third = m[3];
    const view = (o: HubSpotObject, wanted: readonly string[] | undefined, extra: Json = {}): Json => {
      const names = wanted && wanted.length > 0 ? wanted : (DEFAULT_PROPERTIES[type] ?? []);
      const properties: Json = {};
      for (const n of new Set([...names, 'hs_object_id', 'createdate', 'hs_lastmodifieddate'])) {
        if (portal.definitions(type).some((d) => d.name === n)) properties[n] = o.properties[n] ?? null;
      }
      return {
        id: o.id,
        properties,
        createdAt: new Date(o.createdAt).toISOString(),
        updatedAt: new Date(o.updatedAt).toISOString(),
        archived: o.archived,
        ...extra,
      };
    };
    const written = (
      w: PortalWrite,
      status: number,
      asView: (o: HubSpotObject, created: boolean) => unknown,
    ) => {
      if (w.ok) return ok(status, asView(w.record, w.created));
      if (w.status === 400) return validation(w.errors);
      return fail(w.status, w.status === 409 ? 'CONFLICT' : 'OBJECT_NOT_FOUND', w.message);
    };
    const validation = (errors: { message: string; error: string; name: string }[]) =>
      fail(
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: ${JSON.stringify(errors.map((e) => ({ ...e, localizedErrorMessage: e.message })))}`,
        {
          errors: errors.map((e) => ({
            message: e.message,
            code: e.error,
            context: { propertyName: [e.name] },
          })),
        },
      );
    const propertiesOf = (input: unknown): Json =>
      (input && typeof input === 'object' ? ((input as Json).properties as Json) : undefined) ?? {};

    if (second === undefined) {
      if (method === 'POST')
        return written(portal.write(type, undefined, propertiesOf(json)), 201, (o) =>
          view(o, Object.keys(propertiesOf(json))),
        );
      if (method !== 'GET') return fail(405, 'VALIDATION_ERROR', `HTTP ${method} is not supported`);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
      const after = Number(url.searchParams.get('after') ?? 0);
      const archived = url.searchParams.get('archived') === 'true';
      const all = portal.all(type, archived).sort((a, b) => Number(a.id) - Number(b.id));
      const start = all.findIndex((o) => Number(o.id) >= after);
      const slice = start < 0 ? [] : all.slice(start, start + limit);
      const next = start >= 0 ? all[start + limit] : undefined;
      return ok(200, {
        results: slice.map((o) => view(o, listParam('properties'))),
        ...(next
          ? { paging: { next: { after: next.id, link: `${url.origin}${path}?after=${next.id}` } } }
          : {}),
      });
    }
    if (second === 'search' && method === 'POST') return search(type, json, ok, fail, view);
    if (second === 'batch' && method === 'POST') {
      const inputs = Array.isArray(json.inputs) ? (json.inputs as Json[]) : [];
      if (inputs.length > 100)
        return fail(400, 'VALIDATION_ERROR', 'Batch input must contain at most 100 inputs');
      const startedAt = new Date(clock()).toISOString();
      if (third === 'read') {
        const idProperty = typeof json.idProperty === 'string' ? json.idProperty : undefined;
        const wanted = Array.isArray(json.properties) ? (json.properties as string[]) : undefined;
        const found = inputs.map((i) => portal.get(type, String(i.id), idProperty));
        const missing = inputs.filter((_, i) => !found[i]).map((i) => String(i.id));
        return ok(missing.length ? 207 : 200, {
          status: 'COMPLETE',
          results: found.filter((o): o is HubSpotObject => o !== undefined).map((o) => view(o, wanted)),
          ...(missing.length
            ? {
                numErrors: 1,
                errors: [
                  {
                    status: 'error',
                    category: 'OBJECT_NOT_FOUND',
                    message: `Could not get some ${type} objects, they may be deleted or not exist. Check that ids are valid.`,
                    context: { ids: missing },
                  },
                ],
              }
            : {}),
          startedAt,
          completedAt: new Date(clock()).toISOString(),
        });
      }
      if (third === 'upsert') return upsert(type, inputs, startedAt, ok, fail, validation, view);
      return fail(404, 'OBJECT_NOT_FOUND', 'resource not found');
    }
    const idProperty = url.searchParams.get('idProperty') ?? undefined;
    const target = portal.get(type, second, idProperty);
    if (method === 'GET')
      return target
        ? ok(200, view(target, listParam('properties')))
        : fail(404, 'OBJECT_NOT_FOUND', 'resource not found');
    if (method === 'PATCH') {
      if (!target) return fail(404, 'OBJECT_NOT_FOUND', 'resource not found');
      return written(portal.write(type, target.id, propertiesOf(json)), 200, (o) =>
        view(o, Object.keys(propertiesOf(json))),
      );
    }
    if (method === 'DELETE') {
      if (target) portal.archive(type, target.id);
      res.writeHead(204, headers).end();
      return;
    }
    return fail(405, 'VALIDATION_ERROR', `HTTP ${method} is not supported`);
  };

  const upsert = (
    type: string,
    inputs: Json[],
    startedAt: string,
    ok: (s: number, p: unknown) => void,
    fail: (s: number, c: string, m: string, e?: Json) => void,
    validation: (errors: { message: string; error: string; name: string }[]) => void,
    view: (o: HubSpotObject, wanted: readonly string[] | undefined, extra?: Json) => Json,
  ) => {
    const defs = portal.definitions(type);
    // Validate the whole batch before writing any of it: a bad input fails the request.
    for (const input of inputs) {
      const idProperty = String(input.idProperty ?? 'hs_object_id');
      if (!defs.some((d) => d.name === idProperty && d.hasUniqueValue)) {
        return fail(
          400,
          'VALIDATION_ERROR',
          `${idProperty} is not a unique property and cannot be used as idProperty`,
        );
      }
    }
    const results: Json[] = [];
    for (const input of inputs) {
      const idProperty = String(input.idProperty);
      const id = String(input.id ?? '');
      const properties = ((input.properties as Json | undefined) ?? {}) as Json;
      const existing = portal.findUnique(type, idProperty, id);
      const w = portal.write(type, existing?.id, existing ? properties : { ...properties, [idProperty]: id });
      if (!w.ok)
        return w.status === 400
          ? validation(w.errors)
          : fail(w.status, w.status === 409 ? 'CONFLICT' : 'OBJECT_NOT_FOUND', w.message);
      results.push(view(w.record, [...Object.keys(properties), idProperty], { new: w.created }));
    }
    return ok(200, { status: 'COMPLETE', results, startedAt, completedAt: new Date(clock()).toISOString() });
  };

  const search = (
    type: string,
    json: Json,
    ok: (s: number, p: unknown) => void,
    fail: (s: number, c: string, m: string, e?: Json) => void,
    view: (o: HubSpotObject, wanted: readonly string[] | undefined) => Json,
  ) => {
    const limit = json.limit === undefined ? 10 : Number(json.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      return fail(400, 'VALIDATION_ERROR', 'limit must be between 1 and 200');
    const groups = (Array.isArray(json.filterGroups) ? json.filterGroups : []) as {
      filters?: SearchFilter[];
    }[];
    const filterCount = groups.reduce((n, g) => n + (g.filters?.length ?? 0), 0);
    if (groups.length > 5 || groups.some((g) => (g.filters?.length ?? 0) > 6) || filterCount > 18) {
      return fail(
        400,
        'VALIDATION_ERROR',
        'Too many filters: at most 5 filterGroups with 6 filters each, 18 in total',
      );
    }
    const sorts = (Array.isArray(json.sorts) ? json.sorts : []) as (
      | string
      | { propertyName: string; direction?: string }
    )[];
    if (sorts.length > 1)
      return fail(400, 'VALIDATION_ERROR', 'Only one sort is supported per search request');
    // The typed client declares `sorts` as strings: accept a property name ("-name" descending),
    // a JSON-encoded sort object, or the documented {propertyName, direction} object.
    const decode = (x: (typeof sorts)[number] | undefined) => {
      if (typeof x !== 'string' || !x.trim().startsWith('{')) return x;
      try {
        return JSON.parse(x) as { propertyName: string; direction?: string };
      } catch {
        return x;
      }
    };
    const first = decode(sorts[0]);
    const sort =
      first === undefined
        ? undefined
        : typeof first === 'string'
          ? { propertyName: first.replace(/^-/, ''), descending: first.startsWith('-') }
          : { propertyName: first.propertyName, descending: first.direction === 'DESCENDING' };
    const after = Number(json.after ?? 0);
    if (after + limit > searchCap) {
      return fail(
        400,
        'VALIDATION_ERROR',
        `Paging is limited to ${searchCap} results per query: refine the filters (for example on hs_lastmodifieddate) instead of paging further`,
      );
    }
    const hits = portal.search(
      type,
      groups.map((g) => ({ filters: g.filters ?? [] })),
      sort,
    );
    const page = hits.slice(after, after + limit);
    const next = after + limit;
    return ok(200, {
      total: hits.length,
      results: page.map((o) =>
        view(o, Array.isArray(json.properties) ? (json.properties as string[]) : undefined),
      ),
      ...(next < hits.length && next < searchCap ? { paging: { next: { after: String(next) } } } : {}),
    });
  };

  const server = await startSimulatorServer({ ...options, name: 'hubspot' }, handler, (kind, res) => {
    if (kind === 'rate-limit') {
      error(
        res,
        429,
        'RATE_LIMITS',
        'You have reached your ten_secondly_rolling limit.',
        { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
        {
          'X-HubSpot-RateLimit-Max': String(limits.max),
          'X-HubSpot-RateLimit-Remaining': '0',
          'X-HubSpot-RateLimit-Interval-Milliseconds': String(limits.intervalMs),
        },
      );
    } else error(res, 502, 'INTERNAL_ERROR', 'Bad Gateway: the upstream service did not answer in time');
  });
  return Object.assign(server, { portal, dataset, limits, accessToken });
}
