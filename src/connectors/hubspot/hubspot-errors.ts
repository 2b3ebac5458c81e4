/**
 * Turns what `@hubspot/api-client` throws into Accord's error classes. The client raises
 * `ApiException`s carrying the HTTP status, HubSpot's JSON body (`{status:'error', category,
 * message, errors, policyName}`) and the response headers; a reply that is not JSON surfaces as a
 * `SyntaxError`, a dropped connection as node-fetch's `FetchError`.
 *
 * @example
 *   try { … } catch (e) { throw classifyHubSpotError(e, { system: 'crm', recordId }) }
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

export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  errorType?: string;
  policyName?: string;
  correlationId?: string;
  errors?: { message?: string; code?: string; context?: { propertyName?: string[] } }[];
}

/** A rate-limit refusal, with the policy HubSpot named (TEN_SECONDLY_ROLLING, SECONDLY, DAILY). */
export class HubSpotRateLimited extends RateLimited {
  constructor(
    message: string,
    retryAfterMs: number | undefined,
    readonly policyName: string,
    detail: ConstructorParameters<typeof RateLimited>[2],
    where: Where,
  ) {
    super(message, retryAfterMs, detail, where);
  }
}

/** Removes HubSpot private-app tokens and bearer values from text. */
export function redact(text: string): string {
  return text
    .replace(/pat-[a-z0-9]+-[0-9a-f-]{20,}/gi, '[redacted]')
    .replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
}

/** Property names a VALIDATION_ERROR is about, from `errors[].context` or the message's JSON. */
function propertyNames(body: HubSpotErrorBody): string[] {
  const names = new Set<string>();
  for (const e of body.errors ?? []) for (const n of e.context?.propertyName ?? []) names.add(n);
  for (const match of (body.message ?? '').matchAll(/"name":"([^"]+)"/g)) names.add(match[1]!);
  return [...names];
}

export function classifyHubSpotError(thrown: unknown, where: Where): AccordError {
  if (thrown instanceof AccordError) return thrown;
  const error = toError(thrown) as Error & {
    code?: unknown;
    body?: unknown;
    headers?: Record<string, string>;
  };
  const subject = `HubSpot (${where.system})${where.recordId ? ` record ${where.recordId}` : ''}`;
  if (typeof error.code === 'number') {
    const status = error.code;
    const body = (
      typeof error.body === 'object' && error.body !== null ? error.body : {}
    ) as HubSpotErrorBody;
    const message = redact(body.message ?? String(error.body ?? error.message));
    const detail = {
      status,
      ...(body.category ? { vendorCode: body.category } : {}),
      ...(body.correlationId ? { requestId: body.correlationId } : {}),
      body: redact(JSON.stringify(error.body ?? null)).slice(0, 2000),
    };
    if (status === 429) {
      const policy = body.policyName ?? 'UNKNOWN';
      const interval = Number(error.headers?.['x-hubspot-ratelimit-interval-milliseconds']);
      const retryAfter =
        policy === 'DAILY'
          ? undefined
          : policy === 'SECONDLY'
            ? 1000
            : Number.isFinite(interval)
              ? interval
              : 10_000;
      return new HubSpotRateLimited(
        `${subject}: rate limit reached (${policy}): ${message}`,
        retryAfter,
        policy,
        detail,
        where,
      );
    }
    if (status === 401 || status === 403) {
      return new AuthenticationFailed(
        `${subject}: the private-app token was refused (${status} ${body.category ?? ''}): ${message}. Check the token and its scopes.`,
        detail,
        where,
      );
    }
    if (status === 404) return new RecordNotFound(`${subject}: not found`, where);
    if (status >= 500)
      return new TransientUpstream(
        `${subject}: temporary server failure (${status}): ${message}`,
        detail,
        where,
      );
    const names = propertyNames(body);
    const fieldNote = names.length > 0 ? ` Properties: ${names.join(', ')}.` : '';
    const hint =
      status === 409
        ? ' Another record already holds this unique value; merge the two in HubSpot or fix the source.'
        : ' Fix the value in the source or the mapping, then replay.';
    return new ValidationRejected(
      `${subject} refused the record (${status} ${body.category ?? ''}): ${message}.${fieldNote}${hint}`,
      { ...detail, ...(names.length ? { path: names.join(',') } : {}) },
      where,
    );
  }
  if (error instanceof SyntaxError) {
    return new TransientUpstream(
      `${subject} sent a reply that is not valid JSON; the request may be retried`,
      { body: redact(error.message).slice(0, 500) },
      where,
    );
  }
  const network = typeof error.code === 'string' ? error.code : error.name;
  return new TransientUpstream(
    `${subject}: network or unexpected failure (${network}): ${redact(error.message)}`,
    { vendorCode: network },
    where,
  );
}
