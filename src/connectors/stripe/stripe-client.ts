/**
 * The narrow slice of the official `stripe` SDK the connector calls, and the factory that builds
 * the real SDK client (unmodified; only host, port and protocol point it elsewhere).
 *
 * The SDK's own retries are switched off (`maxNetworkRetries: 0`): the connector's call gate
 * retries instead, so retries count against the concurrency cap and 429s get a backoff the SDK
 * would not apply. (The SDK still re-sends once on a connection closed before any response, with
 * the same idempotency key, which is harmless.)
 */
import Stripe from 'stripe';
import type { StripeObjectLike } from './stripe-records.ts';

export interface StripeList<T = StripeObjectLike> {
  data: T[];
  has_more: boolean;
  next_page?: string | null;
}

export interface StripeResult {
  lastResponse?: { headers: Record<string, string>; requestId: string; statusCode: number };
}

export interface StripeReadResource {
  retrieve(id: string, params?: Record<string, unknown>): Promise<StripeObjectLike & StripeResult>;
  list(params?: Record<string, unknown>): Promise<StripeList & StripeResult>;
}

export interface StripeCustomersResource extends StripeReadResource {
  create(
    params: Record<string, unknown>,
    options: { idempotencyKey: string },
  ): Promise<StripeObjectLike & StripeResult>;
  update(
    id: string,
    params: Record<string, unknown>,
    options: { idempotencyKey: string },
  ): Promise<StripeObjectLike & StripeResult>;
  search(params: { query: string; limit?: number; page?: string }): Promise<StripeList & StripeResult>;
}

/** What the connector needs from a Stripe client. */
export interface StripeApi {
  customers: StripeCustomersResource;
  paymentIntents: StripeReadResource;
  charges: StripeReadResource;
  refunds: StripeReadResource;
  invoices: StripeReadResource;
  balanceTransactions: StripeReadResource;
  events: StripeReadResource;
}

export interface StripeClientOptions {
  apiKey: string;
  host?: string | undefined;
  port?: number | undefined;
  protocol?: 'http' | 'https' | undefined;
  timeoutMs?: number | undefined;
  apiVersion?: string | undefined;
}

/** Builds the official SDK client. */
export function createStripeClient(options: StripeClientOptions): { api: StripeApi; apiVersion: string } {
  const config: Record<string, unknown> = { maxNetworkRetries: 0, timeout: options.timeoutMs ?? 30_000 };
  if (options.host) config.host = options.host;
  if (options.port) config.port = options.port;
  if (options.protocol) config.protocol = options.protocol;
  if (options.apiVersion) config.apiVersion = options.apiVersion;
  const stripe = new Stripe(options.apiKey, config as ConstructorParameters<typeof Stripe>[1]);
  return {
    api: stripe as unknown as StripeApi,
    apiVersion: options.apiVersion ?? Stripe.API_VERSION,
  };
}
