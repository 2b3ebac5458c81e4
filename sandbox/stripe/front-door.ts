/**
 * What Stripe answers before an endpoint runs: authentication, the request-rate limiter, lock
 * timeouts and failures in front of the API. None of these is saved for an idempotency key.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../shared/simulator-server.ts';
import { StripeApiError } from './stripe-api-error.ts';

/** Stripe masks all but the last four characters of a key it refuses. */
export function checkAuth(header: string | undefined, apiKey: string): StripeApiError | undefined {
  let presented: string | undefined;
  if (header?.startsWith('Bearer ')) presented = header.slice(7).trim();
  else if (header?.startsWith('Basic '))
    presented = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  if (!presented) {
    return new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      {},
      false,
    );
  }
  if (presented === apiKey) return undefined;
  const prefix = presented.startsWith('sk_test_')
    ? 'sk_test_'
    : presented.startsWith('sk_live_')
      ? 'sk_live_'
      : '';
  return new StripeApiError(
    401,
    'invalid_request_error',
    `Invalid API Key provided: ${prefix}${'*'.repeat(Math.max(4, presented.length - prefix.length - 4))}${presented.slice(-4)}`,
    {},
    false,
  );
}

/**
 * A real rate limit (as opposed to a lock timeout): 429, code `rate_limit`, and no
 * `Stripe-Should-Retry: true` — Stripe's libraries deliberately do not retry these; the caller
 * is expected to slow down with exponential backoff.
 */
export function rateLimitError(): StripeApiError {
  return new StripeApiError(
    429,
    'invalid_request_error',
    'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    { code: 'rate_limit' },
    false,
  );
}

export function respondToFault(
  kind: 'rate-limit' | 'server-error',
  res: ServerResponse,
  requestId: string,
): void {
  if (kind === 'rate-limit') {
    sendJson(res, 429, rateLimitError().body(requestId), { 'Request-Id': requestId });
    return;
  }
  // A failure in front of the API (nothing executed, nothing saved for the idempotency key): a
  // retry is safe and may succeed.
  const error = new StripeApiError(500, 'api_error', 'An unknown error occurred', {}, false);
  sendJson(res, 500, error.body(requestId), { 'Request-Id': requestId, 'Stripe-Should-Retry': 'true' });
}

/**
 * Another request holds the object's lock: 429 `lock_timeout` — the 429 that Stripe's own
 * libraries do retry, because Stripe marks it with `Stripe-Should-Retry: true`.
 */
export function lockTimeoutError(): StripeApiError {
  return new StripeApiError(
    429,
    'invalid_request_error',
    'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.',
    { code: 'lock_timeout' },
    false,
  );
}
