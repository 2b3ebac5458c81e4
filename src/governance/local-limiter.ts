/**
 * A limiter for one process: at most `cap` permits at once, waiters served first come, first
 * served. The base for `AdaptiveLimiter`, which only changes how many of the `cap` slots are open.
 *
 * @example
 *   const limiter = new LocalLimiter(5);
 *   const permit = await limiter.acquire();
 *   try { await call(); } finally { permit.release(); }
 */
import {
  type ConcurrencyLimiter,
  LimiterClosed,
  type LimiterStats,
  type Permit,
  type PermitOutcome,
} from './concurrency-limiter.ts';

interface Waiter {
  resolve(permit: Permit): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** What a subclass learns about each permit when it is released. */
export interface PermitRecord {
  /** `sequence` of the limiter when the permit was granted (for "was this before my change?"). */
  grantedAt: number;
  /** Permits held when it was granted, itself included. */
  inFlightAtGrant: number;
}

export class LocalLimiter implements ConcurrencyLimiter {
  readonly cap: number;
  protected inFlight = 0;
  protected maxInFlight = 0;
  protected rejectedCount = 0;
  /** Counts grants; subclasses compare permit generations with it. */
  protected sequence = 0;
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(cap: number) {
    if (!Number.isInteger(cap) || cap < 1) {
      throw new RangeError(`a concurrency cap must be a whole number of at least 1, got ${cap}`);
    }
    this.cap = cap;
  }

  /** How many permits may be held now; never more than `cap`. Subclasses narrow it. */
  protected currentLimit(): number {
    return this.cap;
  }

  /** Hook for subclasses: called once per released permit, after the slot is freed. */
  protected onRelease(_outcome: PermitOutcome, _record: PermitRecord): void {}

  /** Hook for subclasses: called before each grant decision (e.g. to refresh a ceiling). */
  protected beforeAcquire(): void {}

  acquire(signal?: AbortSignal): Promise<Permit> {
    if (this.closed) return Promise.reject(new LimiterClosed());
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.beforeAcquire();
    if (this.waiters.length === 0 && this.inFlight < this.openSlots()) {
      return Promise.resolve(this.grant());
    }
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  stats(): LimiterStats {
    return {
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      waiting: this.waiters.length,
      limit: this.openSlots(),
      cap: this.cap,
      rejected: this.rejectedCount,
    };
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(new LimiterClosed());
    }
  }

  /** Wakes waiters while slots are open; subclasses call it after widening their limit. */
  protected drain(): void {
    while (this.waiters.length > 0 && this.inFlight < this.openSlots()) {
      const waiter = this.waiters.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.grant());
    }
  }

  private openSlots(): number {
    // The cap is the hard bound whatever a subclass computes.
    return Math.max(1, Math.min(this.cap, Math.floor(this.currentLimit())));
  }

  private grant(): Permit {
    this.inFlight += 1;
    this.sequence += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const record: PermitRecord = { grantedAt: this.sequence, inFlightAtGrant: this.inFlight };
    let released = false;
    return {
      release: (outcome: PermitOutcome = 'ok') => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        if (outcome === 'rejected') this.rejectedCount += 1;
        this.onRelease(outcome, record);
        this.drain();
      },
    };
  }
}
