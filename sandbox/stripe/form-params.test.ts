import { describe, expect, it } from 'vitest';
import { canonicalParams, parseFormParams } from './form-params.ts';

describe('Stripe form parameters', () => {
  it('parses bracket nesting, indexed and empty-bracket arrays, and percent-encoding', () => {
    expect(
      parseFormParams(
        'email=a%2Bb%40x.test&metadata[order]=42&expand[0]=latest_charge&expand[1]=customer&types[]=a&types[]=b&created[gte]=10&name=Jo+Ann',
      ),
    ).toEqual({
      email: 'a+b@x.test',
      metadata: { order: '42' },
      expand: ['latest_charge', 'customer'],
      types: ['a', 'b'],
      created: { gte: '10' },
      name: 'Jo Ann',
    });
    expect(parseFormParams('metadata%5Bk%5D=v')).toEqual({ metadata: { k: 'v' } });
    expect(parseFormParams('')).toEqual({});
    expect(() => parseFormParams('a]b=1')).toThrow(/malformed/);
  });

  it('compares parameters independently of their order', () => {
    expect(canonicalParams(parseFormParams('a=1&metadata[x]=1&metadata[y]=2'))).toBe(
      canonicalParams(parseFormParams('metadata[y]=2&a=1&metadata[x]=1')),
    );
    expect(canonicalParams(parseFormParams('a=1'))).not.toBe(canonicalParams(parseFormParams('a=2')));
  });
});
