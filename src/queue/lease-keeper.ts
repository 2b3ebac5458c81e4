/**
 * Keeps a batch's leases alive while it is processed. A lease is the queue's proof that a worker
 * is still on a job; a batch that takes longer than the lease (30 s by default: a slow NetSuite
 * behind its concurrency pool, a batch of 100 orders with 429s and backoff) would otherwise have
 * its jobs re-leased by another worker or a restart while the first is still writing them, and
 * the first then loses every completion to `LeaseLost`. So the holder renews every lease at a
 * third of its length; if the holder dies, renewals stop and the lease expires as before, so a
 * crashed worker's jobs are still re-delivered.
 *
 * A lease found lost while renewing (it expired before a renewal, and another worker took the
 * job) is reported through `lost`; the batch's completion then drops that job as `completeMany`
 * already does.
 *
 * @example
 *   const keeper = keepLeasesAlive(queue, leases, { renewEveryMs: 10_000 });
 *   try { await processBatch(leases); } finally { await keeper.stop(); }
 */
import { toError } from '../model/errors.ts';
import { type Lease, LeaseLost, type Queue } from './queue.ts';

export interface LeaseKeeperOptions {
  /** How often to renew; 0 renews only when `beat()` is called (tests with a manual clock). */
  renewEveryMs: number;
  /** The renewed lease's length (default: the queue's). */
  leaseMs?: number | undefined;
  /** A renewal that failed for another reason than a lost lease (the store is busy, closed…). */
  onError?: ((error: Error) => void) | undefined;
}

export interface LeaseKeeper {
  /** Renews every lease still held now. */
  beat(): Promise<void>;
  /** Stops renewing (waits for a renewal in flight). */
  stop(): Promise<void>;
  /** Job ids whose lease was found lost while renewing. */
  readonly lost: ReadonlySet<number>;
}

export function keepLeasesAlive(
  queue: Queue,
  leases: readonly Lease[],
  options: LeaseKeeperOptions,
): LeaseKeeper {
  const lost = new Set<number>();
  let running: Promise<void> | undefined;
  let stopped = false;
  const renew = async () => {
    const held = leases.filter((l) => !lost.has(l.job.id));
    if (held.length === 0) return;
    const leaseMs = options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs };
    if (queue.heartbeatMany) {
      const result = await queue.heartbeatMany(held, leaseMs);
      for (const l of result.lost) lost.add(l.jobId);
      return;
    }
    for (const lease of held) {
      try {
        await queue.heartbeat(lease, leaseMs);
      } catch (error) {
        if (!(error instanceof LeaseLost)) throw error;
        lost.add(lease.job.id);
      }
    }
  };
  const beat = (): Promise<void> => {
    // One renewal at a time: a slow store must not pile renewals up behind each other.
    running ??= renew()
      .catch((error: unknown) => options.onError?.(toError(error)))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer =
    options.renewEveryMs > 0
      ? setInterval(() => {
          if (!stopped) void beat();
        }, options.renewEveryMs)
      : undefined;
  // A keeper never holds the process open by itself.
  timer?.unref();
  return {
    beat,
    lost,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
