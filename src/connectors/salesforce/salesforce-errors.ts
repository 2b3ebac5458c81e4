/**
 * Turns whatever jsforce throws into Accord's error classes. jsforce raises `HttpApiError`s named
 * after Salesforce's `errorCode` (with the error array in `data`), `MULTIPLE_CHOICES` for a 300,
 * node-fetch `FetchError`s for network failures, and returns an unparsed string when a reply is
 * not valid JSON; the connector checks reply shapes and calls {@link garbledReply} for that case.
 *
 * @example
 *   try { … } catch (e) { throw classifySalesforceError(e, { system: 'crm', recordId: id }) }
 */
import {
  AccordError,
  AuthenticationFailed,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  toError,
  ValidationRejected,
} from '../../model/errors.ts';

type Where = { system: string; recordId?: string | undefined };

interface SalesforceErrorEntry {
  message?: string;
  errorCode?: string;
  fields?: string[];
}

/** Codes that mean "this payload will never be accepted": dead-letter, do not retry. */
const VALIDATION_CODES = new Set([
  'REQUIRED_FIELD_MISSING',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'STRING_TOO_LONG',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'DUPLICATE_VALUE',
  'DUPLICATES_DETECTED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INVALID_CROSS_REFERENCE_KEY',
  'MALFORMED_ID',
  'JSON_PARSER_ERROR',
  'MALFORMED_QUERY',
  'INVALID_TYPE',
  'MULTIPLE_API_ERRORS',
  'MULTIPLE_CHOICES',
  'DUPLICATE_EXTERNAL_ID',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
]);

const TRANSIENT_CODES = new Set([
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'UNABLE_TO_LOCK_ROW',
  'QUERY_TIMEOUT',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function entries(error: { data?: unknown }): SalesforceErrorEntry[] {
  const data = error.data;
  if (Array.isArray(data)) return data as SalesforceErrorEntry[];
  if (data && typeof data === 'object') return [data as SalesforceErrorEntry];
  return [];
}

/** Removes anything that looks like a Salesforce session id (`00D…!…`) or bearer token. */
export function redact(text: string): string {
  return text
    .replace(/00D[0-9A-Za-z]{12,15}![0-9A-Za-z._-]+/g, '[redacted]')
    .replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
}

/** Classifies a jsforce failure; an AccordError passes through unchanged. */
export function classifySalesforceError(thrown: unknown, where: Where): AccordError {
  if (thrown instanceof AccordError) return thrown;
  const error = toError(thrown) as Error & { errorCode?: string; code?: string; data?: unknown };
  const code = error.errorCode ?? error.name;
  const list = entries(error);
  const fields = [...new Set(list.flatMap((e) => e.fields ?? []))];
  const detailMessage =
    list.length > 0
      ? list.map((e) => `${e.errorCode ?? code}: ${e.message ?? ''}`).join('; ')
      : error.message;
  const subject = `Salesforce (${where.system})${where.recordId ? ` record ${where.recordId}` : ''}`;
  const detail = {
    vendorCode: code,
    body: redact(JSON.stringify(error.data ?? error.message)).slice(0, 2000),
    ...(fields.length ? { path: fields.join(',') } : {}),
  };

  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new RateLimited(
      `${subject}: the org's daily API request allowance is used up (REQUEST_LIMIT_EXCEEDED). Wait for the rolling 24-hour window or raise the allowance.`,
      undefined,
      { status: 403, ...detail },
      where,
    );
  }
  if (
    code === 'INVALID_SESSION_ID' ||
    code === 'invalid_grant' ||
    code === 'invalid_client_id' ||
    code === 'invalid_client' ||
    // jsforce's own refresh attempt after a 401, when the session has no refresh token.
    /^Unable to refresh session/.test(error.message)
  ) {
    return new AuthenticationFailed(
      `${subject}: credentials refused (${code}): ${redact(detailMessage)}. Check the connected app and the integration user.`,
      detail,
      where,
    );
  }
  if (code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') {
    return new RecordNotFound(`${subject}: not found (${code})`, where);
  }
  if (VALIDATION_CODES.has(code)) {
    const fieldNote = fields.length > 0 ? ` Fields: ${fields.join(', ')}.` : '';
    const hint =
      code === 'MULTIPLE_CHOICES' || code === 'DUPLICATE_EXTERNAL_ID'
        ? ' Two or more records share this external id; merge them or clear the duplicate value in Salesforce.'
        : ' Fix the value in the source or the mapping, then replay.';
    return new ValidationRejected(
      `${subject} refused the record: ${redact(detailMessage)}.${fieldNote}${hint}`,
      detail,
      where,
    );
  }
  if (TRANSIENT_CODES.has(code) || /^ERROR_HTTP_5\d\d$/.test(code)) {
    return new TransientUpstream(
      `${subject}: temporary server failure (${code}): ${redact(detailMessage)}`,
      detail,
      where,
    );
  }
  const networkCode = typeof error.code === 'string' ? error.code : undefined;
  if (
    error.name === 'FetchError' ||
    (networkCode && NETWORK_CODES.has(networkCode)) ||
    error.name === 'AbortError'
  ) {
    return new TransientUpstream(
      `${subject}: network failure (${networkCode ?? error.name}): ${redact(error.message)}`,
      { vendorCode: networkCode ?? error.name },
      where,
    );
  }
  if (/^ERROR_HTTP_4\d\d$/.test(code)) {
    return new ValidationRejected(
      `${subject} refused the request (${code}): ${redact(detailMessage)}`,
      detail,
      where,
    );
  }
  // Unknown failures are treated as transient: retrying is safe (every write is an upsert) and a
  // persistent one still ends in the dead-letter queue after the retries run out.
  return new TransientUpstream(
    `${subject}: unexpected failure (${code}): ${redact(error.message)}`,
    detail,
    where,
  );
}

/** A reply that was not the JSON Salesforce promises (truncated, HTML error page…). */
export function garbledReply(where: Where, what: string, reply: unknown): TransientUpstream {
  return new TransientUpstream(
    `Salesforce (${where.system}) sent a reply that is not valid JSON for ${what}; the request may be retried`,
    { body: redact(String(reply)).slice(0, 500) },
    where,
  );
}
