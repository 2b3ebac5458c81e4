import { describe, expect, it } from 'vitest';
import { compileSearch, parseSearch } from './search-query.ts';

interface Row {
  email: string | null;
  updated: number;
  tags: string[];
}
const read = (r: Row, f: string) => ({ email: r.email, updated_at: r.updated, tag: r.tags })[f];
const known = new Set(['email', 'updated_at', 'tag']);
const rows: Row[] = [
  { email: 'ada@example.test', updated: Date.parse('2026-11-28T14:00:00Z'), tags: ['vip'] },
  { email: 'bob@example.test', updated: Date.parse('2026-11-28T14:00:05Z'), tags: [] },
  { email: null, updated: Date.parse('2026-11-28T14:00:10Z'), tags: ['VIP', 'b2b'] },
];
const match = (q: string) => rows.filter(compileSearch(q, read, known)).map((r) => r.email);

describe("Shopify's query: search syntax", () => {
  it('parses comparators, quotes, negation and AND', () => {
    expect(parseSearch('updated_at:>=\'2026-11-28T14:00:00Z\' AND -tag:vip email:"a b"')).toEqual([
      { field: 'updated_at', comparator: '>=', value: '2026-11-28T14:00:00Z', negated: false },
      { field: 'tag', comparator: ':', value: 'vip', negated: true },
      { field: 'email', comparator: ':', value: 'a b', negated: false },
    ]);
  });

  it('compares updated_at as instants, strictly with > and inclusively with >=', () => {
    expect(match("updated_at:>'2026-11-28T14:00:05Z'")).toEqual([null]);
    expect(match("updated_at:>='2026-11-28T14:00:05Z'")).toEqual(['bob@example.test', null]);
    expect(match("updated_at:<'2026-11-28T14:00:05Z'")).toEqual(['ada@example.test']);
  });

  it('matches whole values case-insensitively, prefixes with *, and list fields by any element', () => {
    expect(match('email:ADA@example.test')).toEqual(['ada@example.test']);
    expect(match('email:ad')).toEqual([]);
    expect(match('email:ad*')).toEqual(['ada@example.test']);
    expect(match('tag:vip')).toEqual(['ada@example.test', null]);
    expect(match('-tag:vip')).toEqual(['bob@example.test']);
  });

  it('ignores a filter on an unknown field, as Shopify does — which is why the connector refuses them', () => {
    expect(match('favourite_colour:blue')).toHaveLength(3);
  });
});
