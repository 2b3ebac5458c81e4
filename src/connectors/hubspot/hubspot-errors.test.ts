import { describe, expect, it } from 'vitest';
import {
  AuthenticationFailed,
  RecordNotFound,
  TransientUpstream,
  ValidationRejected,
} from '../../model/errors.ts';
import { classifyHubSpotError, HubSpotRateLimited, redact } from './hubspot-errors.ts';

/** What the client's ApiException looks like. */
const apiException = (code: number, body: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });
const where = { system: 'hubspot', recordId: 'ns-9' };

describe('classifyHubSpotError', () => {
  it('turns 429 into RateLimited with the policy and a delay from the interval header', () => {
    const e = classifyHubSpotError(
      apiException(
        429,
        {
          status: 'error',
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
          message: 'You have reached your ten_secondly_rolling limit.',
        },
        { 'x-hubspot-ratelimit-interval-milliseconds': '10000' },
      ),
      where,
    );
    expect(e).toBeInstanceOf(HubSpotRateLimited);
    expect((e as HubSpotRateLimited).policyName).toBe('TEN_SECONDLY_ROLLING');
    expect((e as HubSpotRateLimited).retryAfterMs).toBe(10_000);
    const daily = classifyHubSpotError(
      apiException(429, { policyName: 'DAILY', message: 'You have reached your daily limit.' }),
      where,
    );
    expect((daily as HubSpotRateLimited).retryAfterMs).toBeUndefined();
  });

  it('turns VALIDATION_ERROR into ValidationRejected naming each property', () => {
    const e = classifyHubSpotError(
      apiException(400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message:
          'Property values were not valid: [{"isValid":false,"message":"x","error":"INVALID_OPTION","name":"industry"}]',
        errors: [
          { message: 'x', code: 'INVALID_OPTION', context: { propertyName: ['industry'] } },
          { code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['colour'] } },
        ],
      }),
      where,
    );
    expect(e).toBeInstanceOf(ValidationRejected);
    expect(e.message).toContain('Properties: industry, colour.');
    expect(
      classifyHubSpotError(apiException(409, { category: 'CONFLICT', message: 'exists' }), where).message,
    ).toContain('unique value');
  });

  it('classifies 401/403, 404, 5xx, malformed JSON and network failures', () => {
    expect(
      classifyHubSpotError(apiException(401, { category: 'INVALID_AUTHENTICATION' }), where),
    ).toBeInstanceOf(AuthenticationFailed);
    expect(classifyHubSpotError(apiException(403, { category: 'MISSING_SCOPES' }), where)).toBeInstanceOf(
      AuthenticationFailed,
    );
    expect(classifyHubSpotError(apiException(404, { category: 'OBJECT_NOT_FOUND' }), where)).toBeInstanceOf(
      RecordNotFound,
    );
    expect(classifyHubSpotError(apiException(502, { category: 'INTERNAL_ERROR' }), where)).toBeInstanceOf(
      TransientUpstream,
    );
    expect(classifyHubSpotError(new SyntaxError('Unexpected end of JSON input'), where)).toBeInstanceOf(
      TransientUpstream,
    );
    const drop = Object.assign(new Error('socket hang up'), { name: 'FetchError', code: 'ECONNRESET' });
    expect(classifyHubSpotError(drop, where)).toBeInstanceOf(TransientUpstream);
  });

  it('redacts private-app tokens', () => {
    const token = 'pat-na1-1a2b3c4d-0000-4444-8888-123456789abc';
    const e = classifyHubSpotError(apiException(500, { message: `token ${token} failed` }), where);
    expect(JSON.stringify({ m: e.message, e })).not.toContain(token);
    expect(redact(`Bearer ${token}`)).toBe('Bearer [redacted]');
  });
});
