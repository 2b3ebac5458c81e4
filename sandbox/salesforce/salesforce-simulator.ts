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
import { type SalesforceError, SalesforceOrg, toApiRecord, type WriteOutcome } from './salesforce-org.ts';
import { describeSObject, findField, findSObject, SOBJECTS } from './salesforce-schema.ts';
import { parseSoql, SoqlSyntaxError } from './soql.ts';
import { planQuery, runQuery, SoqlSemanticError } from './soql-evaluate.ts';

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
}

export interface SalesforceSimulator extends SimulatorServer {
  readonly org: SalesforceOrg;
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
  const clientId = options.clientId ?? `3MVG9${randomBytes(12).toString('base64url')}`;
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const username = options.username ?? 'integration@accord.test';
  const password = options.password ?? randomBytes(8).toString('hex');
  const issue = () =>
    `00DAk000000${randomBytes(3).toString('hex')}!AQ${randomBytes(24).toString('base64url')}`;
  const initialToken = options.accessToken ?? issue();
  const tokens = new Set<string>([initialToken]);
  let limit = options.dailyApiLimit ?? 15_000;
  let used = 0;
  const batchDefault = options.queryBatchSize ?? 2000;
  const cursors = new Map<string, { records: Record<string, unknown>[]; batch: number }>();
  let url = '';

  const limitHeader = () => ({ 'Sforce-Limit-Info': `api-usage=${used}/${limit}` });

  const handler = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const parsed = new URL(req.url ?? '/', 'http://localhost');
    const path = parsed.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';

    if (path === '/services/oauth2/token' && method === 'POST') return token(req, res, body);
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
    if (!presented || !tokens.has(presented)) {
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
      if (records.length > 200) {
        return fail(400, [
          {
            errorCode: 'EXCEEDED_ID_LIMIT',
            message: 'record limit reached. cannot submit more than 200 records into this call',
            fields: [],
          },
        ]);
      }
      const results = records.map((r) => {
        const { attributes, ...fields } = r;
        const object = findSObject(
          typeName ?? String((attributes as { type?: string } | undefined)?.type ?? ''),
        );
        if (!object)
          return {
            success: false,
            errors: [
              { statusCode: 'INVALID_TYPE', message: 'sObject type is missing or invalid', fields: [] },
            ],
          };
        let outcome: WriteOutcome;
        if (extField) {
          const { [extField]: value, ...rest } = fields;
          outcome = org.upsert(object.name, extField, String(value ?? ''), rest);
        } else outcome = org.create(object.name, fields);
        if (outcome.ok)
          return {
            id: outcome.id,
            success: true,
            errors: [],
            ...(extField ? { created: outcome.created } : {}),
          };
        // Collections report errors with `statusCode` in place of `errorCode`.
        return {
          success: false,
          errors: outcome.errors.map((e) => ({
            statusCode: e.errorCode,
            message: e.message,
            fields: e.fields,
          })),
        };
      });
      return ok(200, results);
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
        sobjects: Object.values(SOBJECTS).map((o) => ({
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
      return query(parsed.searchParams.get('q') ?? '', rest === '/queryAll', req, base, ok, fail);
    }
    const more = /^\/(query|queryAll)\/(01g[0-9A-Za-z]+)-(\d+)$/.exec(rest);
    if (more) {
      const cursor = cursors.get(more[2]!);
      if (!cursor)
        return fail(400, [
          { errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator', fields: [] },
        ]);
      return ok(200, page(cursor, more[2]!, Number(more[3]), base));
    }
    const collection = /^\/composite\/sobjects(?:\/([A-Za-z0-9_]+)\/([A-Za-z0-9_]+))?$/.exec(rest);
    if (collection) return composite(collection[1], collection[2]);
    const s = /^\/sobjects\/([A-Za-z0-9_]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(rest);
    if (!s) return notFound();
    const object = findSObject(s[1]!);
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

  const page = (
    cursor: { records: Record<string, unknown>[]; batch: number },
    locator: string,
    offset: number,
    base: string,
  ) => {
    const records = cursor.records.slice(offset, offset + cursor.batch);
    const next = offset + cursor.batch;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(locator);
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `${base}/query/${locator}-${next}` }),
      records,
    };
  };

  const query = (
    q: string,
    includeDeleted: boolean,
    req: IncomingMessage,
    base: string,
    ok: (status: number, payload: unknown) => void,
    fail: (status: number, errors: SalesforceError[]) => void,
  ) => {
    let plan: ReturnType<typeof planQuery>;
    try {
      plan = planQuery(parseSoql(q));
    } catch (error) {
      if (error instanceof SoqlSyntaxError) {
        return fail(400, [
          {
            errorCode: 'MALFORMED_QUERY',
            message: `${q}\n${' '.repeat(error.position)}^\nERROR at Row:1:Column:${error.position + 1}\n${error.message}`,
            fields: [],
          },
        ]);
      }
      if (error instanceof SoqlSemanticError)
        return fail(400, [{ errorCode: error.errorCode, message: error.message, fields: [] }]);
      throw error;
    }
    const rows = runQuery(plan, org.all(plan.object.name, includeDeleted));
    if (plan.query.count) return ok(200, { totalSize: rows.length, done: true, records: [] });
    const records = rows.map((r) => toApiRecord(plan.object, r, base, plan.fields));
    // Sforce-Query-Options: batchSize=N (Salesforce honours 200..2000; the simulator's own
    // option may go lower so tests page through small datasets).
    const header = /batchSize=(\d+)/i.exec(String(req.headers['sforce-query-options'] ?? ''));
    const batch = header
      ? Math.min(2000, Math.max(Math.min(200, batchDefault), Number(header[1])))
      : batchDefault;
    const locator = `01g${randomBytes(6).toString('hex').slice(0, 12)}AAA`;
    const cursor = { records, batch };
    if (records.length > batch) cursors.set(locator, cursor);
    return ok(200, page(cursor, locator, 0, base));
  };

  const token = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const form = new URLSearchParams(body.toString('utf8'));
    const grant = form.get('grant_type');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return sendJson(res, 400, {
        error: 'invalid_client_id',
        error_description: 'client identifier invalid',
      });
    }
    if (grant === 'password') {
      if (form.get('username') !== username || form.get('password') !== password) {
        return sendJson(res, 400, { error: 'invalid_grant', error_description: 'authentication failure' });
      }
    } else if (grant !== 'client_credentials') {
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'grant type not supported',
      });
    }
    const accessToken = issue();
    tokens.add(accessToken);
    void req;
    return sendJson(res, 200, {
      access_token: accessToken,
      instance_url: url,
      id: `${url}/id/00DAk0000000001AAA/005Ak0000000001AAA`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(32).toString('base64'),
    });
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
    expireSessions: () => tokens.clear(),
  });
}
