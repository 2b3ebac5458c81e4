import { describe, expect, it } from 'vitest';
import {
  AuthenticationFailed,
  isRetryable,
  RateLimited,
  RecordNotFound,
  TransientUpstream,
  ValidationRejected,
} from '../../model/errors.ts';
import { classifyNetSuiteResponse, malformedReply, networkFailure } from './netsuite-errors.ts';

const body = (status: number, code: string, detail: string, path?: string) =>
  JSON.stringify({
    type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
    title: status === 429 ? 'Too Many Requests' : 'Bad Request',
    status,
    'o:errorDetails': [{ detail, 'o:errorCode': code, ...(path ? { 'o:errorPath': path } : {}) }],
  });

const reply = (status: number, text: string, headers: Record<string, string> = {}) =>
  classifyNetSuiteResponse({
    system: 'ns-prod',
    method: 'PUT',
    path: '/services/rest/record/v1/customer/eid:shop-42',
    status,
    headers: new Headers(headers),
    body: text,
    recordId: 'eid:shop-42',
  });

describe('NetSuite error classification', () => {
  it('keeps o:errorPath, the error code and the request id on a permanent content error', () => {
    const error = reply(
      400,
      body(400, 'INVALID_CONTENT', 'Invalid reference key 987 for subsidiary.', 'subsidiary'),
      { 'x-n-operationid': 'op-123' },
    );
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(isRetryable(error)).toBe(false);
    const detail = (error as ValidationRejected).detail;
    expect(detail).toMatchObject({
      status: 400,
      vendorCode: 'INVALID_CONTENT',
      path: 'subsidiary',
      requestId: 'op-123',
    });
    expect(error.system).toBe('ns-prod');
    expect(error.recordId).toBe('eid:shop-42');
    expect(error.message).toContain('ns-prod');
    expect(error.message).toContain('eid:shop-42');
    expect(error.message).toContain('subsidiary');
    expect(error.message).toContain('op-123');
  });

  it('treats USER_ERROR and unknown 4xx codes as permanent', () => {
    expect(reply(400, body(400, 'USER_ERROR', 'Please enter value(s) for: Company Name'))).toBeInstanceOf(
      ValidationRejected,
    );
    expect(reply(400, body(400, 'SOMETHING_NEW', 'x'))).toBeInstanceOf(ValidationRejected);
  });

  it('turns 429 CONCURRENCY_LIMIT_EXCEEDED into RateLimited, honouring Retry-After', () => {
    const error = reply(429, body(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded.'), {
      'retry-after': '2',
    });
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(2000);
    expect(isRetryable(error)).toBe(true);
  });

  it('treats 5xx, RCRD_HAS_BEEN_CHANGED and a body that is not JSON as transient', () => {
    expect(reply(503, '<html>maintenance</html>')).toBeInstanceOf(TransientUpstream);
    expect(reply(500, body(500, 'UNEXPECTED_ERROR', 'An unexpected error occurred.'))).toBeInstanceOf(
      TransientUpstream,
    );
    expect(reply(400, body(400, 'RCRD_HAS_BEEN_CHANGED', 'Record has been changed'))).toBeInstanceOf(
      TransientUpstream,
    );
    const garbled = malformedReply(
      { system: 'ns-prod', method: 'GET', path: '/x', status: 200, headers: new Headers(), body: '{"trunc' },
      new SyntaxError('Unexpected end of JSON input'),
    );
    expect(garbled).toBeInstanceOf(TransientUpstream);
    expect(garbled.message).toContain('not valid JSON');
  });

  it('classifies 401 INVALID_LOGIN and 403 as authentication failures, 404 as not found', () => {
    expect(reply(401, body(401, 'INVALID_LOGIN', 'Invalid login attempt.'))).toBeInstanceOf(
      AuthenticationFailed,
    );
    expect(reply(403, body(403, 'INSUFFICIENT_PERMISSION', 'Permission Violation'))).toBeInstanceOf(
      AuthenticationFailed,
    );
    expect(reply(404, body(404, 'NONEXISTENT_ID', 'The record instance does not exist.'))).toBeInstanceOf(
      RecordNotFound,
    );
  });

  it('names a network failure as transient, with the system and record, and says whether a retry is safe', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const error = networkFailure(
      {
        system: 'ns-prod',
        method: 'PUT',
        path: '/services/rest/record/v1/customer/eid:a',
        recordId: 'eid:a',
      },
      cause,
    );
    expect(error).toBeInstanceOf(TransientUpstream);
    expect(error.message).toContain('ECONNRESET');
    expect(error.message).toContain('eid:a');
  });

  it('never puts a query string or header in the message', () => {
    const error = reply(400, body(400, 'INVALID_CONTENT', 'bad'), { authorization: 'OAuth secret-sig' });
    expect(error.message).not.toContain('secret-sig');
    expect(JSON.stringify(error)).not.toContain('secret-sig');
  });
});
