import { describe, expect, it } from 'vitest';
import { alertFingerprint, reasonShape } from './alert-fingerprint.ts';

describe('alert fingerprints', () => {
  it('drop the particulars of one record and keep the words of the problem', () => {
    expect(reasonShape('NetSuite rejected salesOrder SO-1042: Please enter value(s) for: Department')).toBe(
      'netsuite rejected salesorder #: please enter value(s) for: department',
    );
    expect(reasonShape('customer "Ann Lee" <ann@x.test> has 12.50 credit')).toBe(
      reasonShape('customer "Bo" <bo@y.example> has 3.10 credit'),
    );
  });

  it('differ when the problem differs', () => {
    const base = {
      type: 'dead-letter',
      flow: 'orders',
      recordKey: 'SO-1',
      classification: 'VALIDATION_REJECTED',
    } as const;
    const a = alertFingerprint({ ...base, reason: 'Please enter value(s) for: Department' });
    expect(
      alertFingerprint({ ...base, recordKey: 'SO-2', reason: 'Please enter value(s) for: Department' }),
    ).toBe(a);
    expect(alertFingerprint({ ...base, reason: 'Please enter value(s) for: Class' })).not.toBe(a);
    expect(
      alertFingerprint({
        ...base,
        classification: 'RATE_LIMITED',
        reason: 'Please enter value(s) for: Department',
      }),
    ).not.toBe(a);
  });
});
