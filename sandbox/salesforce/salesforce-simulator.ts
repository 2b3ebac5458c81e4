/**
 * A Salesforce org over real HTTP: the REST API under `/services/data/vXX.X/` (sObject create,
 * retrieve, update, delete, upsert by external id, SOQL query with `nextRecordsUrl` paging,
 * describe, limits) and the OAuth 2.0 token endpoint, with Salesforce's error arrays, the
 * `Sforce-Limit-Info` header and the daily request allowance (403 `REQUEST_LIMIT_EXCEEDED`).
 *
 * @example
 *   const sim = await startSalesforceSimulator({ dailyApiLimit: 1000 });
 *   const conn = new jsforce.Connection({ instanceUrl: sim.url, accessToken: sim.accessToken, version: '62.0' });
 *   await conn.sobject('Account').create({ Name: 'Acme' });
 *   await sim.close();
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  parseJsonBody,
  type SimulatorServer,
  type SimulatorServerOptions,
  sendJson,
  startSimulatorServer,
} from '../shared/simulator-server.ts';
import { saveCollection } from './salesforce-collections.ts';
import { SalesforceOAuth } from './salesforce-oauth.ts';
import { type SalesforceError, SalesforceOrg, toApiRecord, type WriteOutcome } from './salesforce-org.ts';
import { type EndpointReply, QueryEndpoint } from './salesforce-query-endpoint.ts';
import { describeSObject, findField, findSObject } from './salesforce-schema.ts';
import {
  type SalesforceSeedOptions,
  type SalesforceSeedSummary,
  seedSalesforceOrg,
} from './salesforce-seed.ts';

export interface SalesforceSimulatorOptions extends Partial<Omit<SimulatorServerOptions, 'name'>> {
  /** Requests allowed per (simulated) 24 hours before 403 REQUEST_LIMIT_EXCEEDED. */
  dailyApiLimit?: number;
  /** Connected-app credentials the token endpoint accepts. */
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  /** A token that is valid from the start (skips the OAuth step in tests). */
  accessToken?: string;
  /** Records per query batch before `nextRecordsUrl` (Salesforce: 2000 by default). */
  queryBatchSize?: number;
  clock?: () => number;
  /** Seeds a realistic dataset with awkward cases (see `salesforce-seed.ts`); empty when absent. */
  dataset?: SalesforceSeedOptions | undefined;
}

export interface SalesforceSimulator extends SimulatorServer {
  readonly org: SalesforceOrg;
  /** What `dataset` seeded, when it was given. */
  readonly dataset: SalesforceSeedSummary | undefined;
  readonly accessToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** API requests counted against the daily allowance so far. */
  apiUsage(): { used: number; limit: number };
  setDailyApiLimit(limit: number, used?: number): void;
  /** Invalidates every issued token (the next call gets 401 INVALID_SESSION_ID). */
  expireSessions(): void;
}

const sfErrors = (
  res: ServerResponse,
  status: number,
  errors: SalesforceError[] | Omit<SalesforceError, 'fields'>[],
  headers: Record<string, string> = {},
) => sendJson(res, status, errors, headers);

export async function startSalesforceSimulator(
  options: SalesforceSimulatorOptions = {},
): Promise<SalesforceSimulator> {
  const org = new SalesforceOrg(options.clock);
  const dataset = options.dataset ? seedSalesforceOrg(org, options.dataset) : undefined;
  const clientId = options.clientId ?? `3MVG9${randomBytes(12).toString('base64url')}`;
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const username = options.username ?? 'integration@accord.test';
  const password = options.password ?? randomBytes(8).toString('hex');
  const oauth = new SalesforceOAuth({ clientId, clientSecret, username, password });
  const initialToken = options.accessToken ?? oauth.issue();
  oauth.accept(initialToken);
  let limit = options.dailyApiLimit ?? 15_000;
  let used = 0;
  const queries = new QueryEndpoint(org, options.queryBatchSize ?? 2000);
  let url = '';

  const limitHeader = () => ({ 'Sforce-Limit-Info': `api-usage=${used}/${limit}` });

  const handler = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const parsed = new URL(req.url ?? '/', 'http://localhost');
    const path = parsed.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';

    if (path === '/services/oauth2/token' && method === 'POST') {
      const reply = oauth.token(body, url);
      return sendJson(res, reply.status, reply.body);
    }
    if (path === '/services/data' && method === 'GET') {
      return sendJson(res, 200, [{ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' }]);
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (!m)
      return sfErrors(res, 404, [
        { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
      ]);
    const version = m[1]!;
    const rest = m[2] ?? '';
    const base = `/services/data/v${version}`;

    const auth = req.headers.authorization ?? '';
    const presented = auth.replace(/^(Bearer|OAuth)\s+/i, '');
    if (!oauth.isValid(presented)) {
      return sfErrors(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (used >= limit) {
      return sfErrors(
        res,
        403,
        [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        limitHeader(),
      );
    }
    used += 1;
    const headers = limitHeader();
    const ok = (status: number, payload: unknown) => sendJson(res, status, payload, headers);
    const fail = (status: number, errors: SalesforceError[]) => sfErrors(res, status, errors, headers);
    const reply = (r: EndpointReply) => ('errors' in r ? fail(r.status, r.errors) : ok(r.status, r.body));
    const noContent = (): void => {
      res.writeHead(204, headers).end();
    };
    const notFound = () =>
      fail(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }]);
    const methodNotAllowed = (allowed: string) =>
      fail(405, [
        {
          errorCode: 'METHOD_NOT_ALLOWED',
          message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`,
          fields: [],
        },
      ]);

    let json: Record<string, unknown> = {};
    if (['POST', 'PATCH'].includes(method)) {
      try {
        const value = parseJsonBody(body);
        if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
          return fail(400, [
            {
              errorCode: 'JSON_PARSER_ERROR',
              message: 'Expected a JSON object as the request body',
              fields: [],
            },
          ]);
        }
        json = (value ?? {}) as Record<string, unknown>;
      } catch (error) {
        return fail(400, [
          {
            errorCode: 'JSON_PARSER_ERROR',
            message: `Unexpected character in request body: ${String(error)}`,
            fields: [],
          },
        ]);
      }
    }
    const writeResult = (outcome: WriteOutcome, objectName: string, upsert: boolean) => {
      if (outcome.ok) {
        // Upsert of an existing record answers 204 No Content, as the REST guide documents; a
        // created record answers 201 with its id (and, for upsert, `created: true`).
        if (!outcome.created) return noContent();
        return ok(201, { id: outcome.id, success: true, errors: [], ...(upsert ? { created: true } : {}) });
      }
      if (outcome.status === 300)
        return ok(
          300,
          outcome.matches?.map((id) => `${base}/sobjects/${objectName}/${id}`),
        );
      return fail(outcome.status, outcome.errors);
    };

    // sObject Collections: up to 200 records per call, one SaveResult/UpsertResult each (200 OK).
    const composite = (typeName: string | undefined, extField: string | undefined) => {
      if (typeName ? method !== 'PATCH' : method !== 'POST')
        return methodNotAllowed(typeName ? 'PATCH' : 'POST');
      const records = Array.isArray(json.records) ? (json.records as Record<string, unknown>[]) : [];
      const r = saveCollection(org, typeName, extField, records);
      return 'errors' in r ? fail(r.status, r.errors) : ok(r.status, r.body);
    };

    if (rest === '' && method === 'GET') {
      return ok(200, {
        sobjects: `${base}/sobjects`,
        query: `${base}/query`,
        limits: `${base}/limits`,
        queryAll: `${base}/queryAll`,
      });
    }
    if (rest === '/limits' && method === 'GET') {
      return ok(200, { DailyApiRequests: { Max: limit, Remaining: Math.max(0, limit - used) } });
    }
    if (rest === '/sobjects' && method === 'GET') {
      return ok(200, {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: Object.values(org.schema).map((o) => ({
          name: o.name,
          label: o.label,
          keyPrefix: o.keyPrefix,
          custom: o.custom,
          queryable: true,
          urls: { sobject: `${base}/sobjects/${o.name}`, describe: `${base}/sobjects/${o.name}/describe` },
        })),
      });
    }
    if (rest === '/query' || rest === '/queryAll') {
      if (method !== 'GET') return methodNotAllowed('GET');
      return reply(
        queries.run(parsed.searchParams.get('q') ?? '', {
          includeDeleted: rest === '/queryAll',
          base,
          queryOptions: req.headers['sforce-query-options'] as string | undefined,
        }),
      );
    }
    const more = /^\/(query|queryAll)\/(01g[0-9A-Za-z]+)-(\d+)$/.exec(rest);
    if (more) {
      return reply(queries.more(more[2]!, Number(more[3]), base));
    }
    const collection = /^\/composite\/sobjects(?:\/([A-Za-z0-9_]+)\/([A-Za-z0-9_]+))?$/.exec(rest);
    if (collection) return composite(collection[1], collection[2]);
    const s = /^\/sobjects\/([A-Za-z0-9_]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(rest);
    if (!s) return notFound();
    const object = findSObject(s[1]!, org.schema);
    if (!object) {
      return fail(404, [
        { errorCode: 'NOT_FOUND', message: `The requested resource does not exist`, fields: [] },
      ]);
    }
    const second = s[2] ? decodeURIComponent(s[2]) : undefined;
    const third = s[3] ? decodeURIComponent(s[3]) : undefined;
    if (second === undefined) {
      if (method === 'POST') return writeResult(org.create(object.name, json), object.name, false);
      if (method === 'GET')
        return ok(200, {
          objectDescribe: { name: object.name, label: object.label, keyPrefix: object.keyPrefix },
          recentItems: [],
        });
      return methodNotAllowed('GET,POST');
    }
    if (second === 'describe' && third === undefined) {
      if (method !== 'GET') return methodNotAllowed('GET');
      return ok(200, describeSObject(object, base));
    }
    if (third !== undefined) {
      // /sobjects/<Object>/<externalIdField>/<value>
      const field = findField(object, second);
      if (method === 'PATCH')
        return writeResult(org.upsert(object.name, second, third, json), object.name, true);
      if (!field?.externalId && field?.type !== 'id') return notFound();
      const hits = org.findBy(object.name, field.name, third);
      if (method === 'GET') {
        if (hits.length === 0) return notFound();
        if (hits.length > 1)
          return ok(
            300,
            hits.map((h) => `${base}/sobjects/${object.name}/${String(h.Id)}`),
          );
        return ok(200, toApiRecord(object, hits[0]!, base));
      }
      if (method === 'DELETE') {
        if (hits.length !== 1)
          return hits.length === 0
            ? notFound()
            : ok(
                300,
                hits.map((h) => String(h.Id)),
              );
        org.delete(object.name, String(hits[0]!.Id));
        return noContent();
      }
      return methodNotAllowed('GET,PATCH,DELETE');
    }
    const record = org.get(object.name, second);
    if (method === 'GET') {
      if (!record) return notFound();
      const wanted = parsed.searchParams.get('fields');
      const fields = wanted ? wanted.split(',').map((n) => findField(object, n.trim())) : object.fields;
      if (fields.some((f) => f === undefined)) {
        return fail(400, [
          {
            errorCode: 'INVALID_FIELD',
            message: `No such column on sobject of type ${object.name}`,
            fields: [],
          },
        ]);
      }
      return ok(200, toApiRecord(object, record, base, fields as NonNullable<(typeof fields)[number]>[]));
    }
    if (method === 'PATCH') {
      const outcome = org.update(object.name, second, json);
      if (outcome.ok) return noContent();
      return fail(outcome.status, outcome.errors);
    }
    if (method === 'DELETE') {
      if (!org.delete(object.name, second)) return notFound();
      return noContent();
    }
    return methodNotAllowed('GET,PATCH,DELETE');
  };

  const server = await startSimulatorServer({ ...options, name: 'salesforce' }, handler, (kind, res) => {
    if (kind === 'rate-limit') {
      sfErrors(
        res,
        403,
        [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        limitHeader(),
      );
    } else {
      sfErrors(res, 503, [
        { message: 'Server temporarily unavailable, please retry', errorCode: 'SERVER_UNAVAILABLE' },
      ]);
    }
  });
  url = server.url;

  return Object.assign(server, {
    org,
    dataset,
    accessToken: initialToken,
    clientId,
    clientSecret,
    username,
    password,
    apiUsage: () => ({ used, limit }),
    setDailyApiLimit: (newLimit: number, newUsed?: number) => {
      limit = newLimit;
      if (newUsed !== undefined) used = newUsed;
    },
    expireSessions: () => oauth.clear(),
  });
}
