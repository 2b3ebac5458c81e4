/**
 * A Stripe API simulator on loopback, speaking the real v1 API closely enough for the official
 * `stripe` SDK pointed at it (`new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`):
 * form-encoded requests with bracket nesting, Bearer (or Basic) secret-key auth, `Request-Id`
 * on every response, Stripe's error bodies, list paging, `expand[]`, idempotency keys, rate
 * limits with `Stripe-Should-Retry`, events and signed webhooks.
 *
 * @example
 *   const sim = await startStripeSimulator({ seed: 7 });
 *   const stripe = new Stripe(sim.apiKey, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
 *   const customer = await stripe.customers.create({ email: 'a@example.com' });
 *   await sim.close();
 */
import { type SimulatorServer, sendJson, startSimulatorServer } from '../shared/simulator-server.ts';
import { DEFAULT_FEES, type FeeSchedule } from './balance.ts';
import { customerRoutes } from './customer-routes.ts';
import { eventRoutes } from './event-routes.ts';
import { canonicalParams, type FormParams, parseFormParams } from './form-params.ts';
import { checkAuth, lockTimeoutError, rateLimitError, respondToFault } from './front-door.ts';
import { IdempotencyStore } from './idempotency-store.ts';
import { invoiceRoutes } from './invoice-routes.ts';
import { paymentIntentRoutes } from './payment-intent-routes.ts';
import { refundRoutes } from './refund-routes.ts';
import { StripeApiError } from './stripe-api-error.ts';
import { applyExpand, type Route } from './stripe-route.ts';
import { StripeState } from './stripe-state.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

export const SIMULATED_API_VERSION = '2026-10-28.endive';

export interface StripeSimulatorOptions {
  /** The account's secret key; a random-looking `sk_test_…` by default. */
  apiKey?: string;
  seed?: number;
  port?: number;
  latencyMs?: number | { min: number; max: number };
  /** The simulator's clock in milliseconds (advance it to expire idempotency keys or events). */
  clock?: () => number;
  /** Stripe's request-rate limiter; off unless set. Test mode really allows 25 per second. */
  rateLimit?: { readsPerSecond: number; writesPerSecond: number };
  /** How long a write stays invisible to the search endpoints (Stripe: "less than a minute"). */
  searchLagMs?: number;
  fees?: FeeSchedule;
}

/**
 * `lock-timeout`: the next requests get 429 `lock_timeout`. `drop-after-execution`: the next
 * POSTs run (and their idempotent result is saved) but the connection is dropped before the
 * response — the lost-response case idempotency keys exist for.
 */
export type StripeFault = 'lock-timeout' | 'drop-after-execution';

export interface StripeSimulator {
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly server: SimulatorServer;
  readonly state: StripeState;
  readonly webhooks: WebhookDispatcher;
  readonly idempotency: IdempotencyStore;
  /** Stripe-specific faults for the next `count` requests (the shared server handles the rest). */
  injectStripeFault(kind: StripeFault, count: number): void;
  /**
   * Pauses every request after its idempotency key is claimed, until the returned function is
   * called: how tests hold a request "in progress" to provoke a 409 without timing races.
   */
  holdExecution(): () => void;
  setSearchLag(ms: number): void;
  /** Runs one API call in-process (no HTTP, no faults) — for seeding data. */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params?: FormParams,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startStripeSimulator(options: StripeSimulatorOptions = {}): Promise<StripeSimulator> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? Date.now;
  const state = new StripeState(seed, clock, SIMULATED_API_VERSION);
  const apiKey = options.apiKey ?? `sk_test_${state.newId('x', 40).slice(2)}`;
  const idempotency = new IdempotencyStore(clock);
  const webhooks = new WebhookDispatcher(state, seed);
  let searchLag = options.searchLagMs ?? 0;
  const fees = options.fees ?? DEFAULT_FEES;
  const routes: Route[] = [
    ...customerRoutes(() => searchLag),
    ...paymentIntentRoutes(() => fees),
    ...refundRoutes(),
    ...invoiceRoutes(() => fees),
    ...eventRoutes(),
  ];
  const stripeFaults: Array<{ kind: StripeFault; count: number }> = [];
  let hold: Promise<void> | undefined;
  const window = { second: -1, reads: 0, writes: 0 };

  const execute = async (
    method: string,
    path: string,
    params: FormParams,
    requestId: string,
    idempotencyKey: string | null,
  ): Promise<{ status: number; body: unknown; headers: Record<string, string> }> => {
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) {
      const error = new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        {},
        false,
      );
      return { status: 404, body: error.body(requestId), headers: {} };
    }
    const key = method === 'POST' ? idempotencyKey : null;
    if (key) {
      const decision = idempotency.begin(key, `${method} ${path} ${canonicalParams(params)}`, requestId);
      if (decision.kind === 'mismatch') {
        // Stripe's documented type for this is `idempotency_error` (the SDK maps it to
        // StripeIdempotencyError); its error-code list has no code for it, so none is sent.
        const error = new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          {},
          false,
        );
        return { status: 400, body: error.body(requestId), headers: {} };
      }
      if (decision.kind === 'in-use') {
        const error = new StripeApiError(
          409,
          'invalid_request_error',
          'There is currently another in-progress request using this idempotency key. Retry this request once the original has completed.',
          { code: 'idempotency_key_in_use' },
          false,
        );
        return { status: 409, body: error.body(requestId), headers: { 'Stripe-Should-Retry': 'true' } };
      }
      if (decision.kind === 'replay') {
        const headers: Record<string, string> = {
          'Idempotent-Replayed': 'true',
          'Original-Request': decision.originalRequestId,
        };
        // Retrying a replayed failure with the same key can only replay it again.
        if (decision.status >= 400) headers['Stripe-Should-Retry'] = 'false';
        return { status: decision.status, body: decision.body, headers };
      }
      if (hold) await hold;
    }
    try {
      const result = route.handle({
        state,
        params,
        ids: route.pattern.exec(path)!.slice(1),
        request: { id: requestId, idempotency_key: key },
      });
      const body = applyExpand(state, result, params.expand);
      if (key) idempotency.complete(key, 200, body);
      return { status: 200, body, headers: {} };
    } catch (thrown) {
      if (!(thrown instanceof StripeApiError)) {
        if (key) idempotency.abandon(key);
        throw thrown;
      }
      const body = thrown.body(requestId);
      if (key && thrown.saved) idempotency.complete(key, thrown.status, body);
      else if (key) idempotency.abandon(key);
      return { status: thrown.status, body, headers: thrown.headers };
    }
  };

  const server = await startSimulatorServer(
    {
      name: 'stripe',
      seed,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    },
    async (req, res, raw) => {
      const requestId = state.newId('req', 14);
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        sendJson(res, status, body, {
          'Request-Id': requestId,
          'Stripe-Version': versionOf(req.headers['stripe-version']),
          ...headers,
        });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();

      const authError = checkAuth(req.headers.authorization, apiKey);
      if (authError) return reply(401, authError.body(requestId));

      const second = Math.floor(clock() / 1000);
      if (second !== window.second) Object.assign(window, { second, reads: 0, writes: 0 });
      if (options.rateLimit) {
        const write = method !== 'GET';
        const used = write ? ++window.writes : ++window.reads;
        const cap = write ? options.rateLimit.writesPerSecond : options.rateLimit.readsPerSecond;
        if (used > cap) return reply(429, rateLimitError().body(requestId));
      }
      const takeFault = (kind: StripeFault): boolean => {
        const fault = stripeFaults.find((f) => f.kind === kind);
        if (!fault) return false;
        fault.count -= 1;
        if (fault.count <= 0) stripeFaults.splice(stripeFaults.indexOf(fault), 1);
        return true;
      };
      if (takeFault('lock-timeout')) {
        const error = lockTimeoutError();
        // Lock timeouts are the 429s Stripe's own libraries retry: it says so with this header.
        return reply(429, error.body(requestId), { 'Stripe-Should-Retry': 'true' });
      }

      let params: FormParams;
      try {
        params = parseFormParams(
          method === 'GET' || method === 'DELETE' ? url.search.slice(1) : raw.toString('utf8'),
        );
      } catch (error) {
        const bad = new StripeApiError(
          400,
          'invalid_request_error',
          `Invalid request body: ${String(error)}`,
          {},
          false,
        );
        return reply(400, bad.body(requestId));
      }
      const key = headerOf(req.headers['idempotency-key']);
      const result = await execute(method, url.pathname, params, requestId, key);
      if (method === 'POST' && takeFault('drop-after-execution')) {
        req.socket.destroy();
        return;
      }
      reply(result.status, result.body, result.headers);
    },
    (kind, res) => respondToFault(kind, res, state.newId('req', 14)),
  );

  return {
    url: server.url,
    port: server.port,
    apiKey,
    server,
    state,
    webhooks,
    idempotency,
    injectStripeFault: (kind, count) => {
      stripeFaults.push({ kind, count });
    },
    holdExecution: () => {
      let release!: () => void;
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        hold = undefined;
        release();
      };
    },
    setSearchLag: (ms) => {
      searchLag = ms;
    },
    call: async (method, path, params = {}) => {
      const result = await execute(method, path, params, state.newId('req', 14), null);
      if (result.status !== 200)
        throw new Error(`${method} ${path} failed in the simulator: ${JSON.stringify(result.body)}`);
      return result.body as Record<string, unknown>;
    },
    close: () => server.close(),
  };
}

function headerOf(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function versionOf(value: string | string[] | undefined): string {
  return headerOf(value) ?? SIMULATED_API_VERSION;
}
