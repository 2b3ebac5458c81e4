/**
 * The failures a caller must tell apart, each with a stable `code`. Connectors classify every
 * upstream failure into one of these; the engine decides retry versus dead letter from the class
 * alone, never from a vendor's message text.
 *
 * @example
 *   try { await connector.upsert(req) } catch (e) {
 *     const err = toError(e);
 *     if (isRetryable(err)) schedule(retryDelayMs(err, attempt));
 *     else deadLetter(err);
 *   }
 */
export abstract class AccordError extends Error {
  abstract readonly code: string;
  /** Transient failures are retried with backoff; permanent ones go to the dead-letter queue. */
  abstract readonly retryable: boolean;
  /** The system (contract name) the failure came from, when there is one. */
  readonly system: string | undefined;
  /** The record concerned, in that system's ids, when known. */
  readonly recordId: string | undefined;

  constructor(message: string, where: { system?: string | undefined; recordId?: string | undefined } = {}) {
    super(message);
    this.name = new.target.name;
    this.system = where.system;
    this.recordId = where.recordId;
  }
}

/** Details an upstream API gave us, kept for the dead letter (secrets already redacted). */
export interface UpstreamDetail {
  status?: number;
  /** The vendor's own error code, e.g. NetSuite `INVALID_CONTENT`, Stripe `card_declined`. */
  vendorCode?: string;
  /** Where in the payload the vendor says the problem is, e.g. NetSuite `o:errorPath`. */
  path?: string;
  /** The vendor's request id, for its support desk. */
  requestId?: string;
  /** The response body as received (possibly truncated). */
  body?: string;
}

type Where = { system?: string | undefined; recordId?: string | undefined };

/** The system asked us to slow down (HTTP 429, Shopify THROTTLED, NetSuite CONCURRENCY_LIMIT_EXCEEDED). */
export class RateLimited extends AccordError {
  readonly code = 'RATE_LIMITED';
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly detail: UpstreamDetail = {},
    where: Where = {},
  ) {
    super(message, where);
  }
}

/** A failure that may well succeed if tried again: 5xx, timeout, connection reset, garbled reply. */
export class TransientUpstream extends AccordError {
  readonly code = 'TRANSIENT_UPSTREAM';
  readonly retryable = true;
  constructor(
    message: string,
    readonly detail: UpstreamDetail = {},
    where: Where = {},
    readonly retryAfterMs?: number,
  ) {
    super(message, where);
  }
}

/** The system refused the record's content; retrying the same payload cannot help. */
export class ValidationRejected extends AccordError {
  readonly code = 'VALIDATION_REJECTED';
  readonly retryable = false;
  constructor(
    message: string,
    readonly detail: UpstreamDetail = {},
    where: Where = {},
  ) {
    super(message, where);
  }
}

/** Credentials were refused. Permanent until someone fixes the credentials. */
export class AuthenticationFailed extends AccordError {
  readonly code = 'AUTHENTICATION_FAILED';
  readonly retryable = false;
  constructor(
    message: string,
    readonly detail: UpstreamDetail = {},
    where: Where = {},
  ) {
    super(message, where);
  }
}

/** The record does not exist in the system. */
export class RecordNotFound extends AccordError {
  readonly code = 'RECORD_NOT_FOUND';
  readonly retryable = false;
  constructor(message: string, where: Where = {}) {
    super(message, where);
  }
}

/** The same idempotency key is being used for a different request, or concurrently. */
export class IdempotencyConflict extends AccordError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    message: string,
    /** A concurrent request with the same key (409) is retryable; a parameter mismatch is not. */
    readonly retryable: boolean,
    readonly detail: UpstreamDetail = {},
    where: Where = {},
  ) {
    super(message, where);
  }
}

/** A mistake in what the user gave us (contract, CLI arguments, a file): report, do not retry. */
export class UserInputError extends AccordError {
  readonly code = 'USER_INPUT';
  readonly retryable = false;
}

/** Normalises anything thrown into an Error, so every `catch` handles one type. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(`non-error thrown: ${JSON.stringify(thrown)}`);
  } catch {
    return new Error(`non-error thrown: ${String(thrown)}`);
  }
}

/** True for failures worth retrying: Accord's transient classes and unclassified network errors. */
export function isRetryable(error: Error): boolean {
  if (error instanceof AccordError) return error.retryable;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(code)
  );
}

/** The delay the system asked for, if any. */
export function retryAfterOf(error: Error): number | undefined {
  if (error instanceof RateLimited || error instanceof TransientUpstream) return error.retryAfterMs;
  return undefined;
}

/**
 * Parses an HTTP `Retry-After` header (seconds or an HTTP date) into milliseconds.
 * @example parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number.parseFloat(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
