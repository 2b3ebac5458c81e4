/**
 * An error the simulated Stripe API answers with, in Stripe's shape:
 * `{ error: { type, code?, message, param?, doc_url?, request_log_url? } }`.
 *
 * `saved` says whether the idempotency layer stores the response: Stripe saves results "only
 * after the execution of an endpoint begins"; a request that fails parameter validation or
 * conflicts with a concurrent one is not saved and may be retried with the same key
 * (docs.stripe.com/api/idempotent_requests).
 */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'rate_limit_error';

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly extra: { code?: string; param?: string; decline_code?: string } = {},
    readonly saved = true,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(requestId: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.extra.code) {
      error.code = this.extra.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.extra.code.replace(/_/g, '-')}`;
    }
    if (this.extra.param) error.param = this.extra.param;
    if (this.extra.decline_code) error.decline_code = this.extra.decline_code;
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    return { error };
  }
}

/** A parameter problem: 400, never saved by the idempotency layer. */
export function invalidParam(message: string, param: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code, param }, false);
}

export function missingParam(param: string): StripeApiError {
  return invalidParam(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function noSuch(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    { code: 'resource_missing', param },
    false,
  );
}

/** A request that is valid but not allowed in the object's current state (saved). */
export function unexpectedState(message: string, code: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code });
}
