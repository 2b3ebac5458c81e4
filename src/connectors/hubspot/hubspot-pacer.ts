/**
 * Keeps the connector inside HubSpot's limits before HubSpot has to say 429: it reads
 * `X-HubSpot-RateLimit-Remaining` / `-Interval-Milliseconds` from every response and, when the
 * rolling window is spent, waits until the oldest of its own requests in that window has aged out.
 * Search requests carry no such headers, so they are paced by a local per-second window.
 *
 * @example
 *   await pacer.beforeRequest(false); const info = await call(); pacer.afterResponse(false); pacer.observe(info.headers);
 */
export interface RateLimitSnapshot {
  max?: number | undefined;
  remaining?: number | undefined;
  intervalMs?: number | undefined;
  dailyRemaining?: number | undefined;
}

export class HubSpotPacer {
  private readonly sent: number[] = [];
  private readonly searches: number[] = [];
  private snapshot: RateLimitSnapshot = {};
  private observedAt = 0;

  constructor(
    /** Search requests per second to allow (HubSpot documents 4–5 per token). */
    private readonly searchPerSecond = 4,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The limit figures from the last response that carried them. */
  limits(): RateLimitSnapshot {
    return { ...this.snapshot };
  }

  observe(headers: Record<string, string> | undefined): void {
    if (!headers) return;
    const num = (name: string) => {
      const v = headers[name] ?? headers[name.toLowerCase()];
      const n = v === undefined ? Number.NaN : Number(v);
      return Number.isFinite(n) ? n : undefined;
    };
    const remaining = num('x-hubspot-ratelimit-remaining');
    if (remaining === undefined) return;
    this.snapshot = {
      max: num('x-hubspot-ratelimit-max'),
      remaining,
      intervalMs: num('x-hubspot-ratelimit-interval-milliseconds'),
      dailyRemaining: num('x-hubspot-ratelimit-daily-remaining'),
    };
    this.observedAt = this.clock();
  }

  /** Waits as long as needed so the next request stays within the limits. */
  async beforeRequest(search: boolean): Promise<void> {
    const now = this.clock();
    let wait = 0;
    if (search) {
      while (this.searches.length > 0 && this.searches[0]! <= now - 1000) this.searches.shift();
      if (this.searches.length >= this.searchPerSecond) wait = this.searches[0]! + 1000 - now;
    } else {
      const interval = this.snapshot.intervalMs ?? 10_000;
      while (this.sent.length > 0 && this.sent[0]! <= now - interval) this.sent.shift();
      if (
        this.snapshot.remaining !== undefined &&
        this.snapshot.remaining <= 0 &&
        now - this.observedAt < interval
      ) {
        const oldest = this.sent[0] ?? this.observedAt;
        wait = Math.max(0, oldest + interval - now);
        this.snapshot = { ...this.snapshot, remaining: undefined };
      }
    }
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /**
   * Notes a completed request. Stamped when the reply arrives, not when it was sent: HubSpot
   * counted it somewhere in between, so the reply time errs on the safe side of the window.
   */
  afterResponse(search: boolean): void {
    (search ? this.searches : this.sent).push(this.clock());
  }
}
