/**
 * A system's request rate from the contract (`limits.rate: 10/s`), enforced where each connector
 * sends its requests: at most `requests` start in ANY window of `perMs` (a sliding window over the
 * last starts, which is what vendors count — a token bucket refilled evenly lets up to twice the
 * rate into one window), in the order they asked. A request waits for its turn rather than being
 * sent to be refused: peaks queue instead of failing.
 *
 * Per connector instance, like the concurrency cap; a system shared with other integrations still
 * relies on the vendor's own limit replies (429) for the rest.
 *
 * @example
 *   const rate = new RateLimiter({ requests: 10, perMs: 1_000 });
 *   await rate.take();   // resolves when this request may start
 */
export interface RateLimit {
  readonly requests: number;
  readonly perMs: number;
}

export interface RateLimiterOptions {
  now?: (() => number) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export class RateLimiter {
  /** When the last `requests` requests started, oldest first. */
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly limit: RateLimit,
    options: RateLimiterOptions = {},
  ) {
    const { requests, perMs } = limit;
    if (!(Number.isInteger(requests) && requests > 0 && Number.isFinite(perMs) && perMs > 0))
      throw new RangeError(
        `a rate needs a positive whole number of requests per positive time, got ${requests}/${perMs} ms`,
      );
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when one more request may start; callers are served first come, first served. */
  take(): Promise<void> {
    const turn = this.tail.then(() => this.waitForTurn());
    // The next caller queues behind this one whatever happens to it.
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async waitForTurn(): Promise<void> {
    for (;;) {
      const now = this.now();
      const oldest = this.starts.length < this.limit.requests ? undefined : this.starts[0];
      if (oldest === undefined || now - oldest >= this.limit.perMs) {
        this.starts.push(now);
        if (this.starts.length > this.limit.requests) this.starts.shift();
        return;
      }
      await this.sleep(Math.ceil(oldest + this.limit.perMs - now));
    }
  }
}
