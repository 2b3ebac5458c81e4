import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../model/money.ts';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined], c: 'x' }, e: undefined })).toBe(
      '{"a":{"c":"x","d":[3,null]},"b":1}',
    );
  });

  it('gives one text per value, whatever the key order, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const reordered = JSON.parse(JSON.stringify(value), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(reordered)).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('uses toJSON (Money keeps its exact decimal) and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ total: Money.of('10.10', 'EUR') })).toBe(
      '{"total":{"amount":"10.10","currency":"EUR"}}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/\$\.n is NaN/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/BigInt/);
  });
});
