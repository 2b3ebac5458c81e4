import { describe, expect, it } from 'vitest';
import { AccountClock } from './account-clock.ts';
import { matchesFilter, parseQueryFilter } from './query-filter.ts';
import { buildRecordTypes } from './record-types.ts';

const customer = buildRecordTypes().get('customer')!;
const clock = new AccountClock('America/Los_Angeles');
const record = (fields: Record<string, unknown>) => ({ id: '1', ...fields });

describe('q= filter parsing', () => {
  it('binds AND tighter than OR, and parentheses override', () => {
    expect(parseQueryFilter('a IS "1" OR b IS "2" AND c IS "3"')).toMatchObject({
      kind: 'or',
      nodes: [{ field: 'a' }, { kind: 'and' }],
    });
    expect(parseQueryFilter('(a IS "1" OR b IS "2") AND c IS "3"')).toMatchObject({
      kind: 'and',
      nodes: [{ kind: 'or' }, { field: 'c' }],
    });
  });

  it('reads arities: EMPTY none, BETWEEN two, ANY_OF many, and _NOT forms', () => {
    expect(parseQueryFilter('email EMPTY_NOT')).toEqual({
      kind: 'condition',
      field: 'email',
      operator: 'EMPTY',
      negate: true,
      values: [],
    });
    expect(parseQueryFilter('id BETWEEN [1, 42]')).toMatchObject({
      operator: 'BETWEEN',
      values: ['1', '42'],
    });
    expect(parseQueryFilter('id ANY_OF [1, 2, 3]')).toMatchObject({
      operator: 'ANY_OF',
      values: ['1', '2', '3'],
    });
    expect(() => parseQueryFilter('id BETWEEN [1]')).toThrow(/two values/);
    expect(() => parseQueryFilter('id LIKE 3')).toThrow(/unknown operator/);
    expect(() => parseQueryFilter('(id EQUAL 3')).toThrow();
  });

  it('treats a date-only value as an account-local day: AFTER means from the next local midnight', () => {
    const late = record({ lastModifiedDate: '2026-11-29T07:30:00Z' }); // 11/28 23:30 in Los Angeles
    const filter = (q: string) => matchesFilter(parseQueryFilter(q), customer, late, clock);
    expect(filter('lastModifiedDate ON "11/28/2026"')).toBe(true);
    expect(filter('lastModifiedDate AFTER "11/28/2026"')).toBe(false);
    expect(filter('lastModifiedDate ON_OR_AFTER "11/28/2026"')).toBe(true);
    expect(filter('lastModifiedDate BEFORE "11/29/2026"')).toBe(true);
    expect(filter('lastModifiedDate AFTER "2026-11-29T07:29:59Z"')).toBe(true);
  });
});
