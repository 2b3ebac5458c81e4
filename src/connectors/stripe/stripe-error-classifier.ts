/**
 * Turns whatever the `stripe` SDK throws into Accord's error classes, and says whether an
 * immediate local retry makes sense.
 *
 * Retry policy, from Stripe's documented behaviour:
 * - `Stripe-Should-Retry` on the response wins when present (`true` on lock timeouts and
 *   front-door failures; `false` when a retry could only replay a saved result);
 * - 429 `rate_limit`: retry after exponential backoff — Stripe's SDKs deliberately do not retry
 *   these, so the connector does, slowly;
 * - 409 `idempotency_key_in_use`: the original request is still running; retrying with the same
 *   key returns its result once it finishes;
 * - 5xx, connection failures, timeouts, unparseable bodies: retry (writes carry idempotency keys,
 *   so a retry after a lost response replays instead of acting twice);
 * - everything else (400, 401, 402, 403, 404, idempotency mismatch) is permanent.
 */
import {
  AccordError,
  AuthenticationFailed,
  IdempotencyConflict,
  parseRetryAfter,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  type UpstreamDetail,
  ValidationRejected,
} from '../../model/errors.ts';

/** The fields of a `Stripe.errors.StripeError` the connector reads (structural, no SDK import). */
export interface StripeSdkError {
  type?: string;
  rawType?: string;
  code?: string;
  param?: string;
  message?: string;
  statusCode?: number;
  requestId?: string;
  headers?: Record<string, string | undefined>;
}

export interface Where {
  system: string;
  recordId?: string | undefined;
  action: string;
}

export function shouldRetry(error: unknown): boolean {
  if (error instanceof AccordError) return error.retryable;
  const e = error as StripeSdkError;
  const advice = e.headers?.['stripe-should-retry'];
  if (advice === 'false') return false;
  if (advice === 'true') return true;
  const status = e.statusCode;
  if (status === undefined) return true;
  return status === 429 || status === 409 || status >= 500;
}

export function classifyStripeError(
  error: unknown,
  where: Where,
  redact: (text: string) => string,
): AccordError {
  if (error instanceof AccordError) return error;
  const e = (error ?? {}) as StripeSdkError;
  const status = e.statusCode;
  const vendorMessage = redact(String(e.message ?? error));
  const detail: UpstreamDetail = {};
  if (status !== undefined) detail.status = status;
  if (e.code) detail.vendorCode = e.code;
  else if (e.rawType) detail.vendorCode = e.rawType;
  if (e.param) detail.path = e.param;
  if (e.requestId) detail.requestId = e.requestId;
  const context = [
    e.code && `code ${e.code}`,
    e.param && `param ${e.param}`,
    e.requestId && `request ${e.requestId}`,
  ].filter(Boolean);
  const subject = where.recordId ? ` ${where.recordId}` : '';
  const base = `stripe system "${where.system}" refused ${where.action}${subject}: ${vendorMessage}${context.length ? ` (${context.join(', ')})` : ''}`;
  const at = { system: where.system, recordId: where.recordId };

  if (status === 429) {
    return new RateLimited(
      `${base}. Slow down; Accord retries with backoff.`,
      parseRetryAfter(e.headers?.['retry-after']),
      detail,
      at,
    );
  }
  if (status === 409) {
    return new IdempotencyConflict(
      `${base}. Another request with the same idempotency key is still running; retry later.`,
      true,
      detail,
      at,
    );
  }
  if (e.rawType === 'idempotency_error' || e.type === 'StripeIdempotencyError') {
    return new IdempotencyConflict(
      `${base}. The same idempotency key was used with different parameters: the key must be derived from the exact change.`,
      false,
      detail,
      at,
    );
  }
  if (status === 401 || status === 403) {
    return new AuthenticationFailed(`${base}. Check the secret key configured for this system.`, detail, at);
  }
  if (status === 404) return new RecordNotFound(base, at);
  if (status !== undefined && status >= 400 && status < 500) {
    return new ValidationRejected(`${base}. Fix the record's fields and replay it.`, detail, at);
  }
  return new TransientUpstream(`${base}. Stripe or the network failed; safe to retry.`, detail, at);
}
