/**
 * HubSpot's request limits for a private app, per token: a rolling 10-second burst limit (100 on
 * Free/Starter, 190 on Professional/Enterprise per HubSpot's changelog "Increasing our API
 * limits"), a daily limit, and the CRM search endpoints' own per-second limit (HubSpot documents
 * 4–5 per second per token; search responses carry no rate-limit headers).
 *
 * @example
 *   const limits = new HubSpotRateLimits({ max: 100, intervalMs: 10_000, daily: 250_000, searchPerSecond: 5 });
 *   const verdict = limits.admit('pat-…', false); // { ok: true, headers: { 'X-HubSpot-RateLimit-Max': '100', … } }
 */

export interface HubSpotLimitOptions {
  /** Requests per rolling interval (default 190). */
  max?: number;
  /** The rolling interval (default 10 000 ms). */
  intervalMs?: number;
  /** Requests per day (default 650 000, Professional). */
  daily?: number;
  /** Search requests per second (default 5). */
  searchPerSecond?: number;
}

export type LimitVerdict =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      policyName: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';
      message: string;
      headers: Record<string, string>;
    };

export class HubSpotRateLimits {
  max: number;
  intervalMs: number;
  daily: number;
  searchPerSecond: number;
  private readonly recent = new Map<string, number[]>();
  private readonly searches = new Map<string, number[]>();
  private readonly usedToday = new Map<string, number>();

  constructor(
    options: HubSpotLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.max = options.max ?? 190;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.daily = options.daily ?? 650_000;
    this.searchPerSecond = options.searchPerSecond ?? 5;
  }

  /** Counts a request (refused ones are not counted) and says whether it may proceed. */
  admit(token: string, search: boolean): LimitVerdict {
    const now = this.clock();
    const window = (this.recent.get(token) ?? []).filter((t) => t > now - this.intervalMs);
    this.recent.set(token, window);
    const used = this.usedToday.get(token) ?? 0;
    const headers = (remaining: number, dailyRemaining: number): Record<string, string> =>
      search
        ? {}
        : {
            'X-HubSpot-RateLimit-Max': String(this.max),
            'X-HubSpot-RateLimit-Remaining': String(Math.max(0, remaining)),
            'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.intervalMs),
            'X-HubSpot-RateLimit-Daily': String(this.daily),
            'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyRemaining)),
          };
    if (used >= this.daily) {
      return {
        ok: false,
        policyName: 'DAILY',
        message: 'You have reached your daily limit.',
        headers: headers(0, 0),
      };
    }
    if (search) {
      const recentSearches = (this.searches.get(token) ?? []).filter((t) => t > now - 1000);
      this.searches.set(token, recentSearches);
      if (recentSearches.length >= this.searchPerSecond) {
        return {
          ok: false,
          policyName: 'SECONDLY',
          message: 'You have reached your secondly limit.',
          headers: {},
        };
      }
      recentSearches.push(now);
    } else if (window.length >= this.max) {
      return {
        ok: false,
        policyName: 'TEN_SECONDLY_ROLLING',
        message: 'You have reached your ten_secondly_rolling limit.',
        headers: headers(0, this.daily - used),
      };
    }
    if (!search) window.push(now);
    this.usedToday.set(token, used + 1);
    return { ok: true, headers: headers(this.max - window.length, this.daily - used - 1) };
  }

  reset(): void {
    this.recent.clear();
    this.searches.clear();
    this.usedToday.clear();
  }
}
