import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance, suggest } from './did-you-mean.ts';

describe('did you mean', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests only close candidates', () => {
    expect(closestMatch('drection', ['direction', 'from', 'to'])).toBe('direction');
    expect(closestMatch('Owner', ['owner'])).toBe('owner');
    expect(closestMatch('zzzzzz', ['direction', 'from'])).toBeUndefined();
  });

  it('lists what is allowed either way', () => {
    expect(suggest('shopfy', ['shopify', 'netsuite'], 'declared systems')).toBe(
      'did you mean "shopify"? declared systems: shopify, netsuite',
    );
    expect(suggest('x', [], 'declared teams')).toBe('no declared teams are declared');
  });
});
