import { describe, expect, it } from 'vitest';
import { BatchCoalescer, type Waiter } from './batch-coalescer.ts';

interface Input {
  externalId: string;
  value: number;
}

/** A dispatcher that records each batch and answers every waiter with its own input's value. */
function recorder() {
  const batches: { group: string; ids: string[] }[] = [];
  const dispatch = async (group: string, batch: Waiter<Input, number>[]) => {
    batches.push({ group, ids: batch.map((w) => w.input.externalId) });
    for (const w of batch) w.resolve(w.input.value);
  };
  return { batches, dispatch };
}

describe('BatchCoalescer', () => {
  it('sends writes that arrive together as one batch per group, each caller getting its own result', async () => {
    const r = recorder();
    const c = new BatchCoalescer<Input, number, string>(r.dispatch, 10, 1);
    const results = await Promise.all([
      c.submit('a', 'A', { externalId: 'x', value: 1 }),
      c.submit('b', 'B', { externalId: 'y', value: 2 }),
      c.submit('a', 'A', { externalId: 'z', value: 3 }),
    ]);
    expect(results).toEqual([1, 2, 3]);
    expect(r.batches).toEqual([
      { group: 'A', ids: ['x', 'z'] },
      { group: 'B', ids: ['y'] },
    ]);
  });

  it('never puts one external id twice in a batch (case-insensitively), so writes to a record stay in order', async () => {
    const r = recorder();
    const c = new BatchCoalescer<Input, number, string>(r.dispatch, 10, 1);
    await Promise.all([
      c.submit('k', 'K', { externalId: 'Ns-1', value: 1 }),
      c.submit('k', 'K', { externalId: 'ns-1', value: 2 }),
      c.submit('k', 'K', { externalId: 'ns-2', value: 3 }),
    ]);
    expect(r.batches.map((b) => b.ids)).toEqual([['Ns-1', 'ns-2'], ['ns-1']]);
  });

  it('sends a full batch at once and the rest in the next', async () => {
    const r = recorder();
    const c = new BatchCoalescer<Input, number, string>(r.dispatch, 2, 1_000);
    const done = Promise.all(
      ['a', 'b', 'c'].map((id, i) => c.submit('k', 'K', { externalId: id, value: i })),
    );
    expect(r.batches.map((b) => b.ids)).toEqual([['a', 'b']]);
    await done;
    expect(r.batches.map((b) => b.ids)).toEqual([['a', 'b'], ['c']]);
  });

  it('fails every waiter of a batch whose dispatcher throws instead of leaving them waiting', async () => {
    const c = new BatchCoalescer<Input, number, string>(
      async () => {
        throw new Error('dispatcher bug');
      },
      10,
      1,
    );
    await expect(c.submit('k', 'K', { externalId: 'a', value: 1 })).rejects.toThrow('dispatcher bug');
  });
});
