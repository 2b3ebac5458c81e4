/**
 * NetSuite REST error bodies. Every failure the simulator returns has NetSuite's documented shape
 * (Help Center, "Error Handling in REST Web Services"):
 *
 *   { "type": "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1",
 *     "title": "Bad Request", "status": 400,
 *     "o:errorDetails": [{ "detail": "...", "o:errorCode": "INVALID_CONTENT", "o:errorPath": "item.items[0].item" }] }
 *
 * @example
 *   throw new NetSuiteApiError(400, 'INVALID_CONTENT', 'Invalid value for field entity.', { path: 'entity' });
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../shared/simulator-server.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// The documented examples point `type` at RFC 2616 section anchors (sec10.4.x client, sec10.5.x server).
const TYPE_ANCHORS: Record<number, string> = {
  400: '#sec10.4.1',
  401: '#sec10.4.2',
  403: '#sec10.4.4',
  404: '#sec10.4.5',
  405: '#sec10.4.6',
  409: '#sec10.4.10',
  415: '#sec10.4.16',
  500: '#sec10.5.1',
  503: '#sec10.5.4',
};

export interface ErrorDetail {
  detail: string;
  'o:errorCode': string;
  'o:errorPath'?: string;
  'o:errorQueryParam'?: string;
  'o:errorHeader'?: string;
  'o:errorUrl'?: string;
}

export interface NetSuiteErrorBody {
  type: string;
  title: string;
  status: number;
  'o:errorDetails': ErrorDetail[];
}

export interface ErrorLocation {
  /** JSON path into the request body (`o:errorPath`). */
  path?: string;
  /** Query parameter at fault (`o:errorQueryParam`). */
  queryParam?: string;
  /** Request header at fault (`o:errorHeader`). */
  header?: string;
}

/** A failure to be answered with NetSuite's error body. Thrown anywhere inside a request handler. */
export class NetSuiteApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly detail: string,
    readonly where: ErrorLocation = {},
  ) {
    super(`${status} ${errorCode}: ${detail}`);
    this.name = 'NetSuiteApiError';
  }

  body(): NetSuiteErrorBody {
    return errorBody(this.status, this.errorCode, this.detail, this.where);
  }
}

export function errorBody(
  status: number,
  errorCode: string,
  detail: string,
  where: ErrorLocation = {},
): NetSuiteErrorBody {
  const entry: ErrorDetail = { detail, 'o:errorCode': errorCode };
  if (where.path !== undefined) entry['o:errorPath'] = where.path;
  if (where.queryParam !== undefined) entry['o:errorQueryParam'] = where.queryParam;
  if (where.header !== undefined) entry['o:errorHeader'] = where.header;
  return {
    type: `https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html${TYPE_ANCHORS[status] ?? ''}`,
    title: TITLES[status] ?? 'Error',
    status,
    'o:errorDetails': [entry],
  };
}

/** The one body every authentication failure gets (NetSuite never says which part was wrong). */
export function invalidLogin(): NetSuiteApiError {
  return new NetSuiteApiError(
    401,
    'INVALID_LOGIN',
    'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
  );
}

export function concurrencyLimitExceeded(limit?: number): NetSuiteApiError {
  const allowed = limit === undefined ? '' : ` The account allows ${limit} concurrent requests.`;
  return new NetSuiteApiError(
    429,
    'CONCURRENCY_LIMIT_EXCEEDED',
    `Concurrent request limit exceeded.${allowed} Wait for a running request to finish and try again.`,
  );
}

export function sendError(
  res: ServerResponse,
  error: NetSuiteApiError,
  headers: Record<string, string> = {},
): void {
  sendJson(res, error.status, error.body(), headers);
}

/** Used by the shared server's fault injection, so injected 429/5xx carry NetSuite's bodies too. */
export function respondToFault(kind: 'rate-limit' | 'server-error', res: ServerResponse): void {
  if (kind === 'rate-limit') {
    sendError(res, concurrencyLimitExceeded());
    return;
  }
  sendError(
    res,
    new NetSuiteApiError(500, 'UNEXPECTED_ERROR', 'An unexpected error occurred. Error ID: simulated-fault'),
  );
}
