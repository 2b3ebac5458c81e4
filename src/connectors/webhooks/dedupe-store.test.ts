import { describe, expect, it } from 'vitest';
import { InMemoryDedupeStore } from './dedupe-store.ts';

describe('InMemoryDedupeStore', () => {
  it('claims a key once, until released or past its retention', async () => {
    const store = new InMemoryDedupeStore({ retentionMs: 1000 });
    const t0 = new Date('2026-11-28T14:00:00Z');
    expect(await store.claim('shopify:orders/updated:e1', t0)).toBe(true);
    expect(await store.claim('shopify:orders/updated:e1', t0)).toBe(false);
    expect(await store.claim('shopify:orders/create:e1', t0)).toBe(true);
    await store.release('shopify:orders/updated:e1');
    expect(await store.claim('shopify:orders/updated:e1', t0)).toBe(true);
    expect(await store.claim('shopify:orders/updated:e1', new Date(t0.getTime() + 999))).toBe(false);
    expect(await store.claim('shopify:orders/updated:e1', new Date(t0.getTime() + 1000))).toBe(true);
  });

  it('forgets the oldest keys beyond its capacity', async () => {
    const store = new InMemoryDedupeStore({ maxKeys: 2 });
    await store.claim('a');
    await store.claim('b');
    await store.claim('c');
    expect(await store.claim('a')).toBe(true);
    expect(await store.claim('c')).toBe(false);
  });
});
