import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  buildSchema,
  type DocumentNode,
  execute,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import {
  type LatencyDistribution,
  type SimulatorServer,
  sendJson,
  startSimulatorServer,
} from '../shared/simulator-server.ts';
import { ADMIN_SCHEMA_SDL } from './admin-schema.ts';
import { CostBucket, type CostBucketOptions } from './cost-bucket.ts';
import { mutationResolvers } from './mutation-resolvers.ts';
import { OrderBook } from './order-book.ts';
import { actualCost, requestedCost } from './query-cost.ts';
import { queryResolvers } from './query-resolvers.ts';
import { ShopStore, type ShopStoreOptions } from './shop-store.ts';
import { Views } from './views.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

export interface ShopifySimulatorOptions {
  /**
   * The app's granted access scopes. The default includes `read_all_orders`; without it the
   * simulator, like Shopify, shows only the last 60 days of orders.
   */
  scopes?: readonly string[];
  /** The Admin API access token the app must send in `X-Shopify-Access-Token`. */
  accessToken?: string;
  /** The app's client secret, which signs webhooks. */
  apiSecret?: string;
  shop?: ShopStoreOptions;
  /**
   * The shop's plan, for the bucket's size and restore rate: `standard` 1000 points restoring
   * 50/s, `plus` 2000 restoring 100/s (the figures most of shopify.dev and every client library
   * document). `bucket` overrides either figure.
   */
  plan?: 'standard' | 'plus';
  bucket?: CostBucketOptions;
  /** Shopify refuses any single query whose requested cost exceeds this (1000). */
  maxQueryCost?: number;
  latencyMs?: number | LatencyDistribution;
  seed?: number;
  webhookMode?: 'immediate' | 'manual';
  port?: number;
}

export interface ShopifySimulator {
  /** `http://127.0.0.1:<port>`: point the Admin API client's fetch here. */
  readonly url: string;
  readonly storeDomain: string;
  readonly accessToken: string;
  readonly apiSecret: string;
  readonly store: ShopStore;
  readonly book: OrderBook;
  readonly bucket: CostBucket;
  readonly webhooks: WebhookDispatcher;
  readonly server: SimulatorServer;
  close(): Promise<void>;
}

const PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json(\?.*)?$/;

const SCHEMA = buildSchema(ADMIN_SCHEMA_SDL);

export const DEFAULT_SCOPES = [
  'read_customers',
  'write_customers',
  'read_orders',
  'read_all_orders',
  'read_products',
  'read_inventory',
  'write_inventory',
  'read_locations',
] as const;

/**
 * Starts a Shopify Admin GraphQL API simulator on loopback: real graphql-js execution over the
 * SDL in `admin-schema.ts`, access-token auth (401 like Shopify), calculated query cost with a
 * leaky bucket (throttled requests are HTTP 200 with `errors[].extensions.code = "THROTTLED"`),
 * `extensions.cost` on every response, and signed webhooks.
 *
 * @example
 *   const sim = await startShopifySimulator({ accessToken: 'shpat_test' });
 *   const client = createAdminApiClient({ storeDomain: sim.storeDomain, apiVersion: '2026-10',
 *     accessToken: 'shpat_test', customFetchApi: loopbackFetch(sim.url) });
 */
export async function startShopifySimulator(
  options: ShopifySimulatorOptions = {},
): Promise<ShopifySimulator> {
  const accessToken = options.accessToken ?? `shpat_${randomUUID().replaceAll('-', '')}`;
  const apiSecret = options.apiSecret ?? `shpss_${randomUUID().replaceAll('-', '')}`;
  const store = new ShopStore(options.shop);
  const book = new OrderBook(store);
  const views = new Views(store, book);
  const plan =
    options.plan === 'plus'
      ? { maximumAvailable: 2000, restoreRate: 100 }
      : { maximumAvailable: 1000, restoreRate: 50 };
  const bucket = new CostBucket({ ...plan, ...options.bucket });
  const maxQueryCost = options.maxQueryCost ?? 1000;
  const webhooks = new WebhookDispatcher(store, {
    secret: apiSecret,
    domain: store.domain,
    mode: options.webhookMode ?? 'manual',
    seed: options.seed ?? 7,
  });
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const rootValue = { ...queryResolvers(store, views, scopes), ...mutationResolvers(store, views) };

  const costExtension = (requested: number, actual: number | null) => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() },
  });

  const throttled = (res: ServerResponse, requested: number) =>
    sendJson(res, 200, {
      errors: [
        {
          message: 'Throttled',
          extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
        },
      ],
      extensions: costExtension(requested, null),
    });

  const server = await startSimulatorServer(
    {
      name: 'shopify',
      latencyMs: options.latencyMs ?? 0,
      seed: options.seed ?? 1,
      ...(options.port ? { port: options.port } : {}),
    },
    (req, res, body) => {
      const headers = { 'x-request-id': randomUUID(), 'x-shopify-api-version': '' };
      const match = PATH.exec(req.url ?? '');
      if (!match) return sendJson(res, 404, { errors: 'Not Found' });
      headers['x-shopify-api-version'] = match[1]!;
      if (req.headers['x-shopify-access-token'] !== accessToken) {
        // Shopify's own wording for a missing or wrong Admin API token.
        return sendJson(
          res,
          401,
          { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
          headers,
        );
      }
      if (req.method !== 'POST') return sendJson(res, 405, { errors: 'Method Not Allowed' }, headers);
      let request: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        request = JSON.parse(body.toString('utf8')) as typeof request;
      } catch {
        return sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } }, headers);
      }
      if (typeof request?.query !== 'string') {
        return sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } }, headers);
      }
      const variables = (request.variables ?? {}) as Record<string, unknown>;
      let document: DocumentNode;
      try {
        document = parse(request.query);
      } catch (error) {
        return sendJson(
          res,
          200,
          { errors: [formatError(error as GraphQLError)], extensions: costExtension(0, 0) },
          headers,
        );
      }
      const validation = validate(SCHEMA, document);
      if (validation.length > 0) {
        return sendJson(
          res,
          200,
          { errors: validation.map(formatError), extensions: costExtension(0, 0) },
          headers,
        );
      }
      const operation = pickOperation(
        document,
        typeof request.operationName === 'string' ? request.operationName : undefined,
      );
      if (!operation)
        return sendJson(
          res,
          200,
          { errors: [{ message: 'No operation to run' }], extensions: costExtension(0, 0) },
          headers,
        );
      const fragments = Object.fromEntries(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const requested = requestedCost(SCHEMA, operation, fragments, variables);
      if (requested > maxQueryCost) {
        return sendJson(
          res,
          200,
          {
            errors: [
              {
                message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost}).`,
                extensions: {
                  code: 'MAX_COST_EXCEEDED',
                  cost: requested,
                  maxCost: maxQueryCost,
                  documentation: 'https://shopify.dev/api/usage/rate-limits',
                },
              },
            ],
            extensions: costExtension(requested, null),
          },
          headers,
        );
      }
      if (!bucket.take(requested)) return throttled(res, requested);
      const result = execute({
        schema: SCHEMA,
        document,
        rootValue,
        variableValues: variables,
        ...(typeof request.operationName === 'string' ? { operationName: request.operationName } : {}),
      }) as Awaited<ReturnType<typeof execute>>;
      const actual = Math.min(requested, actualCost(SCHEMA, operation, fragments, variables, result.data));
      bucket.refund(requested - actual);
      sendJson(
        res,
        200,
        {
          ...(result.errors ? { errors: result.errors.map(formatError) } : {}),
          data: result.data ?? null,
          extensions: costExtension(requested, actual),
        },
        headers,
      );
    },
    (kind, res) => {
      if (kind === 'rate-limit') {
        // A scripted throttle is a real one: the bucket is empty, so the client must wait.
        bucket.drain(0);
        return throttled(res, 0);
      }
      const requestId = randomUUID();
      sendJson(res, 500, {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          },
        ],
      });
    },
  );

  return {
    url: server.url,
    storeDomain: store.domain,
    accessToken,
    apiSecret,
    store,
    book,
    bucket,
    webhooks,
    server,
    close: async () => {
      await webhooks.settle();
      await server.close();
    },
  };
}

function pickOperation(
  document: DocumentNode,
  name: string | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name
    ? operations.find((o) => o.name?.value === name)
    : operations.length === 1
      ? operations[0]
      : undefined;
}

function formatError(error: GraphQLError) {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: {
      code:
        (error.extensions?.code as string | undefined) ??
        (error.path ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_VALIDATION_FAILED'),
      ...error.extensions,
    },
  };
}
