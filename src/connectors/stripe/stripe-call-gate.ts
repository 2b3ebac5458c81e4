/**
 * Every Stripe request goes through one gate: a local concurrency cap (never more than `cap`
 * requests in flight), bounded retries with exponential backoff and jitter (half to all of the step) for what
 * {@link shouldRetry} deems transient, and the counters behind `Connector.stats()`.
 *
 * @example
 *   const gate = new StripeCallGate({ cap: 4, maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8000 });
 *   const customer = await gate.run(() => stripe.customers.retrieve(id), (e) => classify(e));
 */
import type { RateLimiter } from '../../governance/rate-limiter.ts';
import type { AccordError } from '../../model/errors.ts';
import type { ConnectorStats } from '../connector.ts';
import { shouldRetry } from './stripe-error-classifier.ts';

export interface CallGateOptions {
  cap: number;
  /** The contract's `limits.rate`, taken once a slot is held (each attempt is a request). */
  rate?: RateLimiter | undefined;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class StripeCallGate {
  private inFlight = 0;
  private maxInFlight = 0;
  private requests = 0;
  private rateLimited = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CallGateOptions) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async run<T>(call: () => Promise<T>, classify: (error: unknown) => AccordError): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire();
      let failure: unknown;
      try {
        await this.options.rate?.take();
        this.requests += 1;
        return await call();
      } catch (error) {
        failure = error;
        if ((error as { statusCode?: number }).statusCode === 429) this.rateLimited += 1;
      } finally {
        this.release();
      }
      if (attempt >= this.options.maxAttempts || !shouldRetry(failure)) throw classify(failure);
      const retryAfter = Number((failure as { headers?: Record<string, string> }).headers?.['retry-after']);
      const backoff = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
      const wait =
        Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : backoff * (0.5 + this.random() / 2);
      await this.sleep(wait);
    }
  }

  stats(): ConnectorStats {
    return {
      requests: this.requests,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      concurrencyCap: this.options.cap,
      rateLimited: this.rateLimited,
    };
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.options.cap) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.take();
        resolve();
      }),
    );
  }

  private take(): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  private release(): void {
    this.inFlight -= 1;
    this.waiting.shift()?.();
  }
}
