import { describe, expect, it } from 'vitest';
import { parseExactJson } from './exact-json.ts';

describe('parseExactJson', () => {
  it('keeps decimal amounts as their exact text and safe integers as numbers', () => {
    expect(
      parseExactJson('{"count":2,"total":1234.50,"big":123456789012345678901.25,"items":[{"rate":0.1}]}'),
    ).toEqual({
      count: 2,
      total: '1234.50',
      big: '123456789012345678901.25',
      items: [{ rate: '0.1' }],
    });
  });

  it('keeps integers beyond 2^53 and exponents as text', () => {
    expect(parseExactJson('[9007199254740993, 1e3, -0.000]')).toEqual(['9007199254740993', '1e3', '-0.000']);
  });

  it('throws on malformed JSON like JSON.parse', () => {
    expect(() => parseExactJson('{"truncated": ')).toThrow();
  });
});
