/**
 * A limiter whose window adapts to a pool shared with others (NetSuite's account-wide
 * concurrency pool is shared by every integration of the account), AIMD-style:
 *
 * - a refusal (`release('rejected')`: HTTP 429, `CONCURRENCY_LIMIT_EXCEEDED`) means the pool was
 *   full with our in-flight requests in it, so the window drops at once below what we had in
 *   flight when the refused request was sent (at least one less than before) — once per round trip, so one burst of refusals is one signal;
 * - each success while the window is fully used grows it by `1 / (window × probeWindows)`, i.e.
 *   one slot every `probeWindows` round trips: slow enough that a steady pool sees few refusals,
 *   fast enough to take back slots other integrations give up;
 * - it never exceeds the configured cap, nor the system's own limit when `readCeiling` can read
 *   it (NetSuite `system/v1/governanceLimits`, visible to administrator roles only). Until that
 *   first reading is in (or has failed), it opens a single slot: starting at our cap could
 *   already overrun an account whose limit is lower.
 *
 * Why "drop to in-flight" rather than halving: with a pool of 5 and others holding 0–3 slots,
 * halving leaves a quarter of the free capacity unused on average; the in-flight count at a
 * refusal is a direct measurement of what was free (less one).
 *
 * @example
 *   const limiter = new AdaptiveLimiter({ cap: 5, readCeiling: () => netsuite.governanceLimit() });
 *   const permit = await limiter.acquire();
 *   permit.release(status === 429 ? 'rejected' : 'ok');
 */
import type { PermitOutcome } from './concurrency-limiter.ts';
import { LocalLimiter, type PermitRecord } from './local-limiter.ts';

export interface AdaptiveLimiterOptions {
  /** The configured cap: never exceeded. */
  cap: number;
  /** The window never shrinks below this (default 1). */
  minimum?: number;
  /** Starting window (default: the cap). */
  initial?: number;
  /** Round trips of full use per one-slot increase (default 2). */
  probeWindows?: number;
  /** Reads the system's own limit for us; `undefined` when the role may not see it. */
  readCeiling?: () => Promise<number | undefined>;
  /** How often to re-read the ceiling (default 5 minutes). */
  ceilingRefreshMs?: number;
  now?: () => number;
}

export class AdaptiveLimiter extends LocalLimiter {
  private window: number;
  private ceiling: number;
  private readonly minimum: number;
  private readonly probeWindows: number;
  private readonly readCeiling: (() => Promise<number | undefined>) | undefined;
  private readonly ceilingRefreshMs: number;
  private readonly now: () => number;
  private lastDecreaseAt = 0;
  private ceilingReadAt: number | undefined;
  private ceilingReading = false;
  /** Until the first reading is in, one slot only: the system's limit may be lower than ours. */
  private ceilingKnown: boolean;

  constructor(options: AdaptiveLimiterOptions) {
    super(options.cap);
    this.minimum = Math.max(1, Math.min(options.minimum ?? 1, this.cap));
    this.window = Math.max(this.minimum, Math.min(options.initial ?? this.cap, this.cap));
    this.ceiling = this.cap;
    this.probeWindows = options.probeWindows ?? 2;
    this.readCeiling = options.readCeiling;
    this.ceilingRefreshMs = options.ceilingRefreshMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.ceilingKnown = options.readCeiling === undefined;
  }

  /** The system's limit as last read, or the cap when it could not be read. */
  get systemCeiling(): number {
    return this.ceiling;
  }

  /** Reads the ceiling now (also done lazily on the first acquire and every refresh period). */
  async refreshCeiling(): Promise<void> {
    if (!this.readCeiling || this.ceilingReading) return;
    this.ceilingReading = true;
    this.ceilingReadAt = this.now();
    try {
      const limit = await this.readCeiling();
      if (limit !== undefined && Number.isFinite(limit) && limit >= 1) {
        this.ceiling = Math.min(this.cap, Math.floor(limit));
        this.window = Math.min(this.window, this.ceiling);
        this.drain();
      }
    } catch {
      // A role without permission, or a transient failure: keep the configured cap. The window
      // still adapts to refusals, which is what protects the shared pool.
    } finally {
      this.ceilingReading = false;
      this.ceilingKnown = true;
      this.drain();
    }
  }

  protected override beforeAcquire(): void {
    if (!this.readCeiling) return;
    if (this.ceilingReadAt === undefined || this.now() - this.ceilingReadAt >= this.ceilingRefreshMs) {
      void this.refreshCeiling();
    }
  }

  protected override currentLimit(): number {
    if (!this.ceilingKnown) return 1;
    return Math.min(this.window, this.ceiling);
  }

  protected override onRelease(outcome: PermitOutcome, record: PermitRecord): void {
    if (outcome === 'rejected') {
      // Refusals of requests granted before the last decrease belong to the same burst.
      if (record.grantedAt <= this.lastDecreaseAt) return;
      // It was refused with `inFlightAtGrant` of ours in the pool (itself included), so fewer than
      // that were free. Measured at grant time, not release time, so the order in which replies
      // arrive does not matter.
      this.window = Math.max(this.minimum, Math.min(this.window - 1, record.inFlightAtGrant - 1));
      this.lastDecreaseAt = this.sequence;
      return;
    }
    if (outcome === 'ok' && record.inFlightAtGrant >= Math.floor(this.currentLimit())) {
      const limit = Math.min(this.cap, this.ceiling);
      this.window = Math.min(limit, this.window + 1 / (this.window * this.probeWindows));
    }
  }
}
