import { describe, expect, it } from 'vitest';
import { onDeliveryFailed, onEvent, onFlush } from './alert-group.ts';

const key = { flow: 'orders', kind: 'dead-letter', fingerprint: 'f1' };
const W = 60_000;

describe('alert group policy', () => {
  it('sends the first event, holds the rest of the window, then one follow-up with the count', () => {
    let step = onEvent(undefined, key, 'e1', 0, W);
    expect(step.emit).toEqual({ count: 1, followUp: false, windowStart: 0, sample: 'e1' });
    for (let i = 2; i <= 5; i++) {
      step = onEvent(step.group, key, `e${i}`, i * 1000, W);
      expect(step.emit).toBeUndefined();
    }
    expect(step.group).toMatchObject({ unsent: 4, total: 5, sample: 'e5' });
    expect(onFlush(step.group, W - 1, W).emit).toBeUndefined();
    const flushed = onFlush(step.group, W, W);
    expect(flushed.emit).toEqual({ count: 4, followUp: true, windowStart: 0, sample: 'e5' });
    expect(flushed.group).toMatchObject({ unsent: 0, windowStart: W, total: 5 });
    expect(onFlush(flushed.group, 10 * W, W).emit).toBeUndefined();
  });

  it('lets held-back events ride along with the next event after the window, as one message', () => {
    let step = onEvent(undefined, key, 'a', 0, W);
    step = onEvent(step.group, key, 'b', 1, W);
    step = onEvent(step.group, key, 'c', 2, W);
    const next = onEvent(step.group, key, 'd', W + 5, W);
    expect(next.emit).toEqual({ count: 3, followUp: true, windowStart: 0, sample: 'd' });
    expect(next.group).toMatchObject({ unsent: 0, windowStart: W + 5, total: 4 });
  });

  it('a quiet group whose window passed alerts again as a first alert', () => {
    const first = onEvent(undefined, key, 'a', 0, W);
    expect(onEvent(first.group, key, 'b', 2 * W, W).emit).toMatchObject({ count: 1, followUp: false });
  });

  it('puts an undelivered count back, keeping the older window start', () => {
    const first = onEvent(undefined, key, 'a', 0, W);
    const held = onEvent(first.group, key, 'b', 10, W).group;
    const flushed = onFlush(held, W, W);
    const back = onDeliveryFailed(flushed.group, flushed.emit!);
    expect(back).toMatchObject({ unsent: 1, windowStart: 0 });
    expect(onFlush(back, W + 1, W).emit).toMatchObject({ count: 1, windowStart: 0 });
  });
});
