import { describe, expect, it } from 'vitest';
import { AccountTime } from './account-time.ts';

describe('AccountTime', () => {
  const pacific = new AccountTime('America/Los_Angeles');

  it('converts both ways with the account zone, to the second', () => {
    expect(pacific.toLocal('2026-11-28T08:00:00.000Z')).toBe('2026-11-28 00:00:00');
    expect(pacific.toLocal('2026-11-28T07:59:59.999Z')).toBe('2026-11-27 23:59:59');
    expect(pacific.toInstant('2026-11-28 00:00:00')).toBe('2026-11-28T08:00:00.000Z');
    expect(pacific.toInstant('2026-07-01 12:30:05')).toBe('2026-07-01T19:30:05.000Z');
    expect(new AccountTime('UTC').toInstant('2026-11-28 14:00:00')).toBe('2026-11-28T14:00:00.000Z');
  });

  it('keeps the time of day: records modified before account-local midnight stay after a cursor', () => {
    // A record modified at 06:00 UTC on the 28th is 22:00 on the 27th in the account.
    const cursor = pacific.toLocal('2026-11-28T05:00:00.000Z');
    const record = pacific.toLocal('2026-11-28T06:00:00.000Z');
    expect(cursor).toBe('2026-11-27 21:00:00');
    expect(record > cursor).toBe(true);
  });

  it('resolves the repeated hour when daylight saving ends to the earlier instant', () => {
    // 2026-11-01 01:30 happens twice in Los Angeles: at 08:30Z (PDT) and 09:30Z (PST).
    expect(pacific.toInstant('2026-11-01 01:30:00')).toBe('2026-11-01T08:30:00.000Z');
    expect(pacific.toLocal('2026-11-01T09:30:00.000Z')).toBe('2026-11-01 01:30:00');
    // A time in the hour skipped when it starts maps to the earlier reading (01:30 PST).
    expect(pacific.toInstant('2026-03-08 02:30:00')).toBe('2026-03-08T09:30:00.000Z');
  });

  it('names the problem when the zone or a timestamp is wrong', () => {
    expect(() => new AccountTime('Pacific Time')).toThrow(/IANA time zone/);
    expect(() => pacific.toInstant('11/28/2026')).toThrow(/YYYY-MM-DD/);
  });
});
