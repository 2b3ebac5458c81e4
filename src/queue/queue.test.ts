import { describe, expect, it } from 'vitest';
import { RateLimited, TransientUpstream, ValidationRejected } from '../model/errors.ts';
import { failureFromError } from './queue.ts';

describe('failureFromError', () => {
  it('keeps the shared classification: retryable or not, Retry-After, class code', () => {
    expect(failureFromError(new RateLimited('429 from NetSuite', 2_000))).toEqual({
      reason: '429 from NetSuite',
      retryable: true,
      classification: 'RATE_LIMITED',
      retryAfterMs: 2_000,
    });
    expect(failureFromError(new TransientUpstream('502 from Shopify'))).toMatchObject({
      retryable: true,
      classification: 'TRANSIENT_UPSTREAM',
    });
    expect(
      failureFromError(new ValidationRejected('email is invalid'), { response: { status: 400 } }),
    ).toEqual({
      reason: 'email is invalid',
      retryable: false,
      classification: 'VALIDATION_REJECTED',
      response: { status: 400 },
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(failureFromError(reset)).toMatchObject({ retryable: true, classification: 'ECONNRESET' });
    expect(failureFromError(new TypeError('x is undefined'))).toMatchObject({
      retryable: false,
      classification: 'TypeError',
    });
  });
});
