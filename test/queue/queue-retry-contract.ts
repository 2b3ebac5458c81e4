/**
 * Retries, backoff and dead letters: part of the queue contract, called from
 * `describeQueueContract`. Jitter comes from an injected random source and time from a ManualClock.
 */
import { expect, it } from 'vitest';
import { RateLimited, TransientUpstream, ValidationRejected } from '../../src/model/errors.ts';
import { backoffCeilingMs } from '../../src/queue/backoff.ts';
import { type FailOutcome, failureFromError } from '../../src/queue/queue.ts';
import { type FreshQueue, job } from './queue-fixture.ts';

const backoff = { baseMs: 1_000, capMs: 60_000 };
const transient = () =>
  failureFromError(new TransientUpstream('NetSuite answered 503', { status: 503 }, { system: 'netsuite' }));

export function describeQueueRetryContract(fresh: FreshQueue): void {
  it('backs off exponentially with full jitter, within bounds, and never retries early', async () => {
    for (const r of [0, 0.5, 0.999_999]) {
      const { queue, clock } = await fresh({ random: () => r, backoff, maxAttempts: 10 });
      await queue.enqueue(job('orders:1:v1', '1'));
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 8; attempt++) {
        const lease = await queue.lease({ workerId: 'w1' });
        expect(lease?.job.attempts).toBe(attempt);
        const outcome = await queue.fail(lease!, transient());
        if (outcome.outcome !== 'retrying') throw new Error(`attempt ${attempt} died: ${outcome.outcome}`);
        const ceiling = backoffCeilingMs(attempt, backoff);
        expect(outcome.delayMs).toBeGreaterThanOrEqual(0);
        expect(outcome.delayMs).toBeLessThan(Math.max(1, ceiling));
        expect(outcome.delayMs).toBe(Math.floor(r * ceiling));
        expect(outcome.job).toMatchObject({
          state: 'retrying',
          lastError: expect.stringMatching(/TRANSIENT_UPSTREAM: NetSuite answered 503/),
        });
        delays.push(outcome.delayMs);
        if (outcome.delayMs > 0) {
          clock.advance(outcome.delayMs - 1);
          expect(await queue.lease({ workerId: 'w1' })).toBeUndefined();
        }
        clock.advance(1);
      }
      if (r > 0) {
        // doubling up to the cap: 1 s, 2 s, 4 s … 60 s ceilings
        expect(delays.slice(0, 6)).toEqual([1, 2, 4, 8, 16, 32].map((s) => Math.floor(r * s * 1000)));
        expect(delays[7]).toBe(Math.floor(r * 60_000));
      } else {
        expect(delays.every((d) => d === 0)).toBe(true);
      }
    }
  });

  it("honours the system's Retry-After as a floor for the next attempt", async () => {
    const { queue, clock } = await fresh({ random: () => 0.5, backoff });
    await queue.enqueue(job('orders:1:v1', '1'));
    const lease = await queue.lease({ workerId: 'w1' });
    const outcome = await queue.fail(
      lease!,
      failureFromError(new RateLimited('429 CONCURRENCY_LIMIT_EXCEEDED', 30_000)),
    );
    expect(outcome).toMatchObject({ outcome: 'retrying', delayMs: 30_000 });
    clock.advance(29_999);
    expect(await queue.lease({ workerId: 'w1' })).toBeUndefined();
    clock.advance(1);
    expect((await queue.lease({ workerId: 'w1' }))?.job.attempts).toBe(2);
  });

  it('dead-letters after the maximum of attempts, with the reason and the payload', async () => {
    const { queue, store, clock } = await fresh({ random: () => 0, backoff, maxAttempts: 3 });
    await queue.enqueue(job('orders:1:v1', '1', { payload: { order: 1, total: '10.00' }, runId: 'run-1' }));
    let last: FailOutcome | undefined;
    for (let i = 0; i < 3; i++) {
      const lease = await queue.lease({ workerId: 'w1' });
      last = await queue.fail(lease!, {
        ...transient(),
        request: { headers: { authorization: 'NLAuth secret' } },
      });
      clock.advance(1);
    }
    expect(last?.outcome).toBe('dead');
    if (last?.outcome !== 'dead') return;
    expect(last.job).toMatchObject({ state: 'dead', attempts: 3, deadLetterId: last.deadLetter.id });
    expect(last.deadLetter).toMatchObject({
      state: 'open',
      flow: 'orders',
      recordKey: '1',
      jobKey: 'orders:1:v1',
      runId: 'run-1',
      attempts: 3,
      classification: 'TRANSIENT_UPSTREAM',
      payload: { order: 1, total: '10.00' },
      request: { headers: { authorization: '[redacted]' } },
    });
    expect(last.deadLetter.reason).toMatch(/gave up after 3 attempts \(the maximum\): NetSuite answered 503/);
    expect(await store.deadLetters.get(last.deadLetter.id)).toEqual(last.deadLetter);
    expect(await queue.lease({ workerId: 'w1' })).toBeUndefined();
  });

  it('dead-letters a permanent failure at once, and replays it after a fix', async () => {
    const { queue, store } = await fresh();
    await queue.enqueue(job('orders:1:v1', '1'));
    const lease = await queue.lease({ workerId: 'w1' });
    const refused = new ValidationRejected(
      'custbody_region is mandatory',
      { status: 400, vendorCode: 'USER_ERROR' },
      { system: 'netsuite', recordId: 'eid:1' },
    );
    const outcome = await queue.fail(lease!, failureFromError(refused, { response: { status: 400 } }));
    expect(outcome).toMatchObject({
      outcome: 'dead',
      job: { attempts: 1 },
      deadLetter: { classification: 'VALIDATION_REJECTED', reason: 'custbody_region is mandatory' },
    });
    if (outcome.outcome !== 'dead') return;
    const replayed = await queue.retryDead(outcome.job.id, {
      by: 'ana',
      reason: 'region added to the mapping',
    });
    expect(replayed).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await store.deadLetters.get(outcome.deadLetter.id)).toMatchObject({
      state: 'retried',
      resolution: { by: 'ana' },
    });
    const again = await queue.lease({ workerId: 'w1' });
    expect(again?.job.id).toBe(outcome.job.id);
    await queue.complete(again!);
  });

  it('holds later jobs of a record while an earlier one waits to retry; other records go ahead', async () => {
    const { queue, clock } = await fresh({ random: () => 0.5, backoff });
    await queue.enqueueMany([job('orders:1:v1', '1'), job('orders:1:v2', '1'), job('orders:2:v1', '2')]);
    const first = await queue.lease({ workerId: 'w1' });
    expect(first?.job.key).toBe('orders:1:v1');
    await queue.fail(first!, transient());
    const other = await queue.lease({ workerId: 'w1' });
    expect(other?.job.key).toBe('orders:2:v1');
    await queue.complete(other!);
    expect(await queue.lease({ workerId: 'w1' })).toBeUndefined();
    clock.advance(500);
    const retry = await queue.lease({ workerId: 'w1' });
    expect(retry?.job).toMatchObject({ key: 'orders:1:v1', attempts: 2 });
    await queue.complete(retry!);
    expect((await queue.lease({ workerId: 'w1' }))?.job.key).toBe('orders:1:v2');
  });
}
