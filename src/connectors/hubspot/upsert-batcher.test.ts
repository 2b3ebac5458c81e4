import { describe, expect, it } from 'vitest';
import { ValidationRejected } from '../../model/errors.ts';
import { type BatchInput, UpsertBatcher } from './upsert-batcher.ts';

/** A stand-in portal that records each batch and answers results in reverse order. */
function portal(refuse?: (input: BatchInput) => boolean) {
  const batches: string[][] = [];
  const stored = new Map<string, string>();
  const send = async (_type: string, idProperty: string, inputs: BatchInput[]) => {
    batches.push(inputs.map((i) => i.externalId));
    if (refuse && inputs.some(refuse))
      throw new ValidationRejected('Property values were not valid', {}, { system: 'hubspot' });
    for (const i of inputs) stored.set(i.externalId, i.properties.name ?? '');
    return inputs
      .map((i) => ({
        id: `id-${i.externalId}`,
        properties: { [idProperty]: i.externalId, name: i.properties.name ?? null },
      }))
      .reverse();
  };
  return { batches, stored, send };
}

describe('UpsertBatcher', () => {
  it('matches results back by id property, not by position', async () => {
    const p = portal();
    const b = new UpsertBatcher(p.send, 100, 1);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) => b.upsert('companies', 'netsuite_id', id, { name: id.toUpperCase() })),
    );
    expect(results.map((r) => r.properties.name)).toEqual(['A', 'B', 'C']);
    expect(p.batches).toEqual([['a', 'b', 'c']]);
  });

  it('never puts one external id twice in a batch, so writes to a record stay in order', async () => {
    const p = portal();
    const b = new UpsertBatcher(p.send, 100, 1);
    await Promise.all([
      b.upsert('companies', 'netsuite_id', 'x', { name: 'first' }),
      b.upsert('companies', 'netsuite_id', 'y', { name: 'other' }),
      b.upsert('companies', 'netsuite_id', 'X', { name: 'second' }),
    ]);
    expect(p.batches).toEqual([['x', 'y'], ['X']]);
    expect(p.batches.flat()).toHaveLength(3);
  });

  it('splits at the batch size and isolates a refused input', async () => {
    const p = portal((i) => i.externalId === 'bad');
    const b = new UpsertBatcher(p.send, 2, 1);
    const outcomes = await Promise.allSettled(
      ['a', 'bad', 'c'].map((id) => b.upsert('companies', 'netsuite_id', id, { name: id })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([...p.stored.keys()].sort()).toEqual(['a', 'c']);
    expect(p.batches[0]).toEqual(['a', 'bad']);
  });
});
