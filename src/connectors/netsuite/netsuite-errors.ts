/**
 * Turns NetSuite REST replies and network failures into Accord's shared error classes, so the
 * engine decides retry versus dead letter from the class alone.
 *
 * NetSuite's error body (REST web services, "Error Handling in REST Web Services"):
 *   { type, title, status, "o:errorDetails": [{ detail, "o:errorCode", "o:errorPath"?, "o:errorHeader"?, … }] }
 *
 * Transient: 429 (CONCURRENCY_LIMIT_EXCEEDED — the account pool is full), 5xx, `RCRD_HAS_BEEN_CHANGED`
 * (another writer saved the record between our read and write), timeouts, connection resets and
 * replies that are not the JSON promised. Permanent: INVALID_CONTENT, USER_ERROR, INVALID_LOGIN…
 * Messages name the system, the method and path (never a query string, which may carry data,
 * nor a header, which carries credentials) and the record id when known.
 *
 * @example
 *   if (!res.ok) throw classifyNetSuiteResponse({ system: 'netsuite', method: 'PUT', path, status: res.status, headers: res.headers, body: await res.text(), recordId: 'eid:shop-42' });
 */
import {
  type AccordError,
  AuthenticationFailed,
  parseRetryAfter,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  type UpstreamDetail,
  ValidationRejected,
} from '../../model/errors.ts';

export interface NetSuiteErrorDetail {
  detail?: string;
  'o:errorCode'?: string;
  'o:errorPath'?: string;
  'o:errorHeader'?: string;
  'o:errorQueryParam'?: string;
  'o:errorUrl'?: string;
}

export interface NetSuiteErrorBody {
  type?: string;
  title?: string;
  status?: number;
  'o:errorDetails'?: NetSuiteErrorDetail[];
}

export interface FailedReply {
  system: string;
  method: string;
  /** Path only (no query string). */
  path: string;
  status: number;
  headers: Headers;
  body: string;
  recordId?: string | undefined;
}

/** NetSuite error codes that say "try again", whatever the HTTP status. */
const TRANSIENT_CODES = new Set([
  'CONCURRENCY_LIMIT_EXCEEDED',
  'RCRD_HAS_BEEN_CHANGED',
  'UNEXPECTED_ERROR',
  'SSS_REQUEST_LIMIT_EXCEEDED',
  'WS_CONCUR_SESSION_DISALLWD',
]);

/** Longest response body kept in an error's detail. */
const BODY_LIMIT = 2_000;

/**
 * NetSuite's response id header. NetSuite REST replies carry an operation id that its support
 * desk asks for; we keep whichever of the known spellings is present.
 */
export function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('x-n-operationid') ??
    headers.get('x-netsuite-request-id') ??
    headers.get('x-request-id') ??
    undefined
  );
}

export function parseNetSuiteErrorBody(text: string): NetSuiteErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as NetSuiteErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

export function classifyNetSuiteResponse(reply: FailedReply): AccordError {
  const body = parseNetSuiteErrorBody(reply.body);
  const first = body?.['o:errorDetails']?.[0];
  const vendorCode = first?.['o:errorCode'];
  const path = first?.['o:errorPath'] ?? first?.['o:errorQueryParam'] ?? first?.['o:errorHeader'];
  const requestId = requestIdOf(reply.headers);
  const detail: UpstreamDetail = {
    status: reply.status,
    body: reply.body.slice(0, BODY_LIMIT),
    ...(vendorCode ? { vendorCode } : {}),
    ...(path ? { path } : {}),
    ...(requestId ? { requestId } : {}),
  };
  const where = { system: reply.system, recordId: reply.recordId };
  const what = first?.detail ?? body?.title ?? `HTTP ${reply.status}`;
  const target = `${reply.method} ${reply.path}${reply.recordId ? ` (record ${reply.recordId})` : ''}`;
  const suffix = [
    vendorCode ? `code ${vendorCode}` : undefined,
    path ? `at ${path}` : undefined,
    requestId ? `request id ${requestId}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const message = (hint: string) =>
    `NetSuite system "${reply.system}" refused ${target}: ${what}${suffix ? ` [${suffix}]` : ''}. ${hint}`;

  if (reply.status === 429 || vendorCode === 'CONCURRENCY_LIMIT_EXCEEDED') {
    return new RateLimited(
      message('The account concurrency pool was full; retry after a pause.'),
      parseRetryAfter(reply.headers.get('retry-after')),
      detail,
      where,
    );
  }
  if (reply.status === 401 || vendorCode === 'INVALID_LOGIN') {
    return new AuthenticationFailed(
      message(
        'Check the account id, the TBA token or OAuth 2.0 client and certificate, and that the integration record is enabled.',
      ),
      detail,
      where,
    );
  }
  if (reply.status === 403) {
    return new AuthenticationFailed(
      message("The role lacks a permission this call needs; grant it on the integration's role."),
      detail,
      where,
    );
  }
  if (reply.status === 404 && vendorCode !== 'INVALID_CONTENT') {
    return new RecordNotFound(message('The record does not exist (or the role cannot see it).'), where);
  }
  if (reply.status >= 500 || (vendorCode !== undefined && TRANSIENT_CODES.has(vendorCode))) {
    return new TransientUpstream(
      message('A NetSuite-side failure; retrying the same request may succeed.'),
      detail,
      where,
      parseRetryAfter(reply.headers.get('retry-after')),
    );
  }
  return new ValidationRejected(
    message(
      path
        ? `Fix the value at ${path} (or the mapping that produced it); the same payload will fail again.`
        : 'Fix the request content; the same payload will fail again.',
    ),
    detail,
    where,
  );
}

/** A reply with a success status whose body is not the JSON NetSuite promised. */
export function malformedReply(
  reply: Omit<FailedReply, 'body'> & { body: string },
  cause: unknown,
): TransientUpstream {
  const requestId = requestIdOf(reply.headers);
  return new TransientUpstream(
    `NetSuite system "${reply.system}" answered ${reply.method} ${reply.path}${
      reply.recordId ? ` (record ${reply.recordId})` : ''
    } with HTTP ${reply.status} but a body that is not valid JSON (${String(
      (cause as Error)?.message ?? cause,
    )}); retrying usually succeeds.`,
    {
      status: reply.status,
      body: reply.body.slice(0, BODY_LIMIT),
      ...(requestId ? { requestId } : {}),
    },
    { system: reply.system, recordId: reply.recordId },
  );
}

/** A failure before any reply: reset, refused connection, timeout, abort by our own deadline. */
export function networkFailure(
  where: { system: string; method: string; path: string; recordId?: string | undefined },
  cause: unknown,
): TransientUpstream {
  const error = cause as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const code = error?.cause?.code ?? error?.code ?? error?.name ?? 'unknown';
  return new TransientUpstream(
    `NetSuite system "${where.system}" did not answer ${where.method} ${where.path}${
      where.recordId ? ` (record ${where.recordId})` : ''
    }: ${code}${error?.message ? ` (${error.message})` : ''}. The request may or may not have been applied; an upsert by external id is safe to retry.`,
    {},
    { system: where.system, recordId: where.recordId },
  );
}
