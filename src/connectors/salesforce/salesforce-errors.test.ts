import { describe, expect, it } from 'vitest';
import {
  AuthenticationFailed,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  ValidationRejected,
} from '../../model/errors.ts';
import { classifySalesforceError, garbledReply, redact } from './salesforce-errors.ts';

/** What jsforce's HttpApiError looks like: name and errorCode are Salesforce's code. */
const apiError = (errorCode: string, data: unknown, message = 'x') =>
  Object.assign(new Error(message), { name: errorCode, errorCode, data });
const where = { system: 'crm', recordId: 'ns-7' };

describe('classifySalesforceError', () => {
  it('turns REQUEST_LIMIT_EXCEEDED into RateLimited with the vendor code', () => {
    const e = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', {
        message: 'TotalRequests Limit exceeded.',
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
      }),
      where,
    );
    expect(e).toBeInstanceOf(RateLimited);
    expect(e.retryable).toBe(true);
    expect((e as RateLimited).detail.vendorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('turns validation codes into ValidationRejected naming system, record and fields', () => {
    const e = classifySalesforceError(
      apiError('MULTIPLE_API_ERRORS', [
        {
          errorCode: 'INVALID_EMAIL_ADDRESS',
          message: 'Billing Email: invalid email address: x',
          fields: ['Email__c'],
        },
        {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [Name]',
          fields: ['Name'],
        },
      ]),
      where,
    );
    expect(e).toBeInstanceOf(ValidationRejected);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('Salesforce (crm) record ns-7');
    expect(e.message).toContain('Fields: Email__c, Name.');
    expect((e as ValidationRejected).detail.path).toBe('Email__c,Name');
    expect(classifySalesforceError(apiError('MULTIPLE_CHOICES', ['/a', '/b']), where).message).toContain(
      'share this external id',
    );
  });

  it('turns 5xx codes, network failures and unknown errors into TransientUpstream', () => {
    expect(
      classifySalesforceError(
        apiError('SERVER_UNAVAILABLE', { errorCode: 'SERVER_UNAVAILABLE', message: 'retry' }),
        where,
      ),
    ).toBeInstanceOf(TransientUpstream);
    expect(classifySalesforceError(apiError('ERROR_HTTP_502', undefined), where)).toBeInstanceOf(
      TransientUpstream,
    );
    const fetchError = Object.assign(new Error('request to http://x failed, reason: socket hang up'), {
      name: 'FetchError',
      code: 'ECONNRESET',
    });
    expect(classifySalesforceError(fetchError, where)).toBeInstanceOf(TransientUpstream);
    expect(classifySalesforceError(new TypeError('boom'), where)).toBeInstanceOf(TransientUpstream);
    expect(garbledReply(where, 'upsert', '{"trunc').retryable).toBe(true);
  });

  it('turns session and OAuth failures into AuthenticationFailed, NOT_FOUND into RecordNotFound', () => {
    expect(
      classifySalesforceError(
        apiError('INVALID_SESSION_ID', {
          errorCode: 'INVALID_SESSION_ID',
          message: 'Session expired or invalid',
        }),
        where,
      ),
    ).toBeInstanceOf(AuthenticationFailed);
    expect(
      classifySalesforceError(
        Object.assign(new Error('authentication failure'), { name: 'invalid_grant' }),
        where,
      ),
    ).toBeInstanceOf(AuthenticationFailed);
    expect(classifySalesforceError(apiError('NOT_FOUND', { errorCode: 'NOT_FOUND' }), where)).toBeInstanceOf(
      RecordNotFound,
    );
  });

  it('never lets a session id or bearer token through', () => {
    const token = '00DAk0000001234!AQ4AQHbQ_xyz.abc-123';
    const e = classifySalesforceError(
      apiError('UNKNOWN_EXCEPTION', { errorCode: 'UNKNOWN_EXCEPTION', message: `bad token ${token}` }),
      where,
    );
    expect(JSON.stringify({ m: e.message, e })).not.toContain(token);
    expect(redact(`Authorization: Bearer ${token}`)).toBe('Authorization: Bearer [redacted]');
  });
});
