/**
 * Shopify's leaky bucket for calculated query cost, per app and shop. A query is admitted only
 * when the bucket holds its requested cost; that cost is taken at once, and the difference
 * between requested and actual cost is refunded after execution. Points restore continuously at
 * `restoreRate` per second up to `maximumAvailable`.
 *
 * Sources differ on the figures: older shopify.dev pages and most client libraries give a bucket
 * of 1000 points restoring 50/s (Plus: 2000 and 100/s), while the 2026 page states the restore
 * rate per plan (Standard 100/s). We default to the documented 1000/50 and make both settable.
 *
 * @example
 *   const bucket = new CostBucket({ maximumAvailable: 1000, restoreRate: 50 });
 *   if (bucket.take(12)) { …; bucket.refund(12 - actual); }
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostBucketOptions {
  maximumAvailable?: number;
  restoreRate?: number;
  now?: () => number;
}

export class CostBucket {
  maximumAvailable: number;
  restoreRate: number;
  private available: number;
  private at: number;
  private readonly now: () => number;

  constructor(options: CostBucketOptions = {}) {
    this.maximumAvailable = options.maximumAvailable ?? 1000;
    this.restoreRate = options.restoreRate ?? 50;
    this.now = options.now ?? Date.now;
    this.available = this.maximumAvailable;
    this.at = this.now();
  }

  private restore(): void {
    const now = this.now();
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.at) / 1000) * this.restoreRate,
    );
    this.at = now;
  }

  /** Takes `cost` points when the bucket holds them; false (and nothing taken) otherwise. */
  take(cost: number): boolean {
    this.restore();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.restore();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties (or sets) the bucket, for tests of throttling. */
  drain(to = 0): void {
    this.restore();
    this.available = Math.max(0, Math.min(this.maximumAvailable, to));
  }

  status(): ThrottleStatus {
    this.restore();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
