/** Shopify's `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * The client side of Shopify's leaky bucket. It mirrors the last `throttleStatus` the shop
 * reported, restores it at `restoreRate` as time passes, and holds back a query until the bucket
 * (minus what in-flight queries have reserved) covers its cost — so a well-behaved connector is
 * normally never THROTTLED, and when it is, it knows exactly how long to wait.
 *
 * @example
 *   const release = await gate.acquire(estimatedCost);
 *   try { const r = await send(); gate.observe(r.extensions.cost.throttleStatus); } finally { release(); }
 */
export class ThrottleGate {
  private status: (ThrottleStatus & { at: number }) | undefined;
  private reserved = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {}

  /** Points available now, by the model (undefined before the first response). */
  available(): number | undefined {
    if (!this.status) return undefined;
    const restored = ((this.now() - this.status.at) / 1000) * this.status.restoreRate;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + restored) - this.reserved;
  }

  /** Milliseconds until `cost` points are available (0 when they are now). */
  waitFor(cost: number): number {
    const available = this.available();
    if (available === undefined || !this.status || cost > this.status.maximumAvailable) return 0;
    if (available >= cost) return 0;
    return Math.ceil(((cost - available) / this.status.restoreRate) * 1000);
  }

  /** Waits until the bucket covers `cost`, reserves it, and returns the release function. */
  async acquire(cost: number, signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const wait = this.waitFor(cost);
      if (wait === 0) break;
      await this.sleep(wait, signal);
    }
    this.reserved += cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= cost;
    };
  }

  /** Records the shop's view of the bucket from a response. */
  observe(status: ThrottleStatus | undefined): void {
    if (!status || typeof status.currentlyAvailable !== 'number') return;
    this.status = { ...status, at: this.now() };
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
