/**
 * Routes one HTTP request through what NetSuite does before any business logic: authentication
 * (TBA or OAuth 2.0 bearer; any failure → 401 INVALID_LOGIN), then a slot in the account-wide
 * concurrency pool (none free → 429 CONCURRENCY_LIMIT_EXCEEDED), held for the whole request:
 * the service for the path, then the rest of the simulated latency (the latency is the request's
 * total time in the slot, processing included).
 *
 * @example
 *   const router = new Router(deps);
 *   await router.handle(req, res, body);
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../shared/simulator-server.ts';
import { concurrencyLimitExceeded, invalidLogin, NetSuiteApiError, sendError } from './errors.ts';
import type { GovernancePool } from './governance-pool.ts';
import { catalogIndex, recordSchema } from './metadata-catalog.ts';
import type { OAuth2TokenService } from './oauth2-token-service.ts';
import type { RecordService, ServiceReply } from './record-service.ts';
import type { RecordTypeDef } from './record-types.ts';
import type { TbaVerifier } from './tba-verifier.ts';

export interface RouterDeps {
  baseUrl: string;
  tba: TbaVerifier;
  oauth2: OAuth2TokenService;
  pool: GovernancePool;
  records: RecordService;
  types: Map<string, RecordTypeDef>;
  suiteql(q: string, query: URLSearchParams): ServiceReply;
  governanceLimitsVisible: boolean;
  latency(): number;
  /** Why the last authentication failed (for tests; never sent to the client). */
  onAuthFailure(reason: string): void;
}

const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';

export class Router {
  constructor(private readonly deps: RouterDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    // NetSuite tags every response with an operation id, the reference its support desk asks for.
    res.setHeader('x-n-operationid', randomBytes(12).toString('base64url'));
    try {
      const reply = await this.route(req, body);
      const headers = reply.headers ?? {};
      if (reply.body === undefined) {
        res.writeHead(reply.status, headers);
        res.end();
      } else {
        sendJson(res, reply.status, reply.body, headers);
      }
    } catch (error) {
      if (error instanceof NetSuiteApiError) sendError(res, error);
      else
        sendError(
          res,
          new NetSuiteApiError(
            500,
            'UNEXPECTED_ERROR',
            `An unexpected error occurred: ${(error as Error).message}`,
          ),
        );
    }
  }

  private async route(req: IncomingMessage, body: Buffer): Promise<ServiceReply> {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, this.deps.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === TOKEN_PATH) {
      if (method !== 'POST')
        throw new NetSuiteApiError(405, 'METHOD_NOT_ALLOWED', 'Use POST for the token endpoint.');
      const form = new URLSearchParams(body.toString('utf8'));
      const verdict = await this.deps.oauth2.check(form);
      if (!verdict.ok) {
        this.deps.onAuthFailure(verdict.reason);
        throw invalidLogin();
      }
      return { status: 200, body: await this.deps.oauth2.exchange(form) };
    }
    if (!url.pathname.startsWith('/services/rest/')) {
      throw new NetSuiteApiError(404, 'NOT_FOUND', `No resource at ${url.pathname}.`);
    }
    this.authenticate(req, method, rawUrl);
    if (!this.deps.pool.tryAcquire()) throw concurrencyLimitExceeded(this.deps.pool.capacity);
    // Why the latency is the slot's TOTAL time, not a sleep on top of the work: a real server's
    // response time includes its own processing, so "latency 20 ms" means the request holds its
    // slot for 20 ms, of which the simulator's processing (a few ms of JS on a loaded machine) is
    // a part; the rest is slept. Added on top, the pool's ceiling was 5 / (20 ms + processing) and
    // moved with the machine's load, so benches measured the simulator as much as the client.
    // A reply that took longer than the latency is sent at once. (The slot is released before the
    // reply is written, as before; an error reply takes the latency too.)
    const started = performance.now();
    const total = this.deps.latency();
    try {
      return await this.dispatch(req, method, url, body);
    } finally {
      const rest = total - (performance.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      this.deps.pool.release();
    }
  }

  private authenticate(req: IncomingMessage, method: string, rawUrl: string): void {
    const authorization = req.headers.authorization;
    const verdict = /^Bearer\s/i.test(authorization ?? '')
      ? this.deps.oauth2.verifyBearer(authorization)
      : this.deps.tba.verify({
          method,
          url: `http://${req.headers.host ?? '127.0.0.1'}${rawUrl}`,
          authorization,
        });
    if (!verdict.ok) {
      this.deps.onAuthFailure(verdict.reason);
      throw invalidLogin();
    }
  }

  private async dispatch(
    req: IncomingMessage,
    method: string,
    url: URL,
    body: Buffer,
  ): Promise<ServiceReply> {
    const rest = url.pathname
      .slice('/services/rest/'.length)
      .split('/')
      .filter((s) => s !== '');
    const [service, version, ...path] = rest;
    if (service === 'record' && version === 'v1') {
      if (path[0] === 'metadata-catalog') {
        if (method !== 'GET')
          throw new NetSuiteApiError(405, 'METHOD_NOT_ALLOWED', 'The metadata catalog is read-only.');
        return {
          status: 200,
          body: path[1]
            ? recordSchema(this.deps.types, path[1], this.deps.baseUrl)
            : catalogIndex(this.deps.types, this.deps.baseUrl),
        };
      }
      return this.deps.records.handle(method, path, url.searchParams, req.headers, parseBody(body));
    }
    if (service === 'query' && version === 'v1' && path[0] === 'suiteql' && method === 'POST') {
      const prefer = String(req.headers.prefer ?? '');
      if (!/\btransient\b/i.test(prefer)) {
        throw new NetSuiteApiError(
          400,
          'INVALID_HEADER',
          'SuiteQL requests must send the header "Prefer: transient".',
          { header: 'Prefer' },
        );
      }
      const parsed = parseBody(body) as { q?: unknown } | undefined;
      if (typeof parsed?.q !== 'string')
        throw new NetSuiteApiError(400, 'INVALID_CONTENT', 'The body must be {"q": "<SuiteQL query>"}.', {
          path: 'q',
        });
      return this.deps.suiteql(parsed.q, url.searchParams);
    }
    if (service === 'system' && version === 'v1' && path[0] === 'governanceLimits' && method === 'GET') {
      if (!this.deps.governanceLimitsVisible) {
        throw new NetSuiteApiError(
          403,
          'INSUFFICIENT_PERMISSION',
          'The governanceLimits operation is available to administrators only.',
        );
      }
      const limit = this.deps.pool.capacity;
      return {
        status: 200,
        body: {
          accountConcurrencyLimit: limit,
          unallocatedConcurrencyLimit: limit,
          limitType: 'accountUnallocated',
        },
      };
    }
    throw new NetSuiteApiError(404, 'NOT_FOUND', `No resource at ${url.pathname}.`);
  }
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new NetSuiteApiError(
      400,
      'INVALID_CONTENT',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
