import type { ConnectorStats } from '../connectors/connector.ts';
import type { RateLimiter } from './rate-limiter.ts';

/**
 * A FIFO concurrency gate that also keeps the connector's request figures: no more than `cap`
 * calls run at once, and `maxInFlight` proves it. Every HTTP call the connector makes (retries
 * included) passes through one gate, so the cap holds per connector instance; the cross-worker
 * cap is the governance layer's job. With a `rate` (the contract's `limits.rate`), each call also
 * waits for its turn in it once it holds a slot.
 *
 * @example
 *   const gate = new RequestGate(4);
 *   const record = await gate.run(() => client.get(id));
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  requests = 0;
  maxInFlight = 0;
  rateLimited = 0;

  constructor(
    readonly cap: number,
    private readonly rate?: RateLimiter | undefined,
  ) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new RangeError(`concurrency cap must be a positive integer, got ${cap}`);
  }

  get inFlight(): number {
    return this.active;
  }

  /** The gate's figures as the connector port reports them. */
  stats(): ConnectorStats {
    return {
      requests: this.requests,
      inFlight: this.active,
      maxInFlight: this.maxInFlight,
      concurrencyCap: this.cap,
      rateLimited: this.rateLimited,
    };
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter (never decremented and re-taken), so
    // a newcomer cannot slip in between and push the count past the cap.
    if (this.active >= this.cap) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      await this.rate?.take();
    } catch (error) {
      this.release();
      throw error;
    }
    this.requests += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.active);
    try {
      return await call();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
