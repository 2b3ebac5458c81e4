/**
 * Retry delays: exponential backoff with FULL jitter (a uniformly random delay between 0 and the
 * exponential ceiling, AWS architecture blog "Exponential Backoff And Jitter"), so a burst of
 * failures does not retry in lockstep. A `Retry-After` the system sent is a floor: never retry
 * sooner than asked.
 *
 *   ceiling(attempt) = min(capMs, baseMs · 2^(attempt-1));  delay = max(retryAfterMs, random · ceiling)
 *
 * @example retryDelayMs(3, { baseMs: 1000, capMs: 60_000 }, () => 0.5) // 2000 (half of the 4000 ceiling)
 */
export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay's ceiling exceeds this (a Retry-After may). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** The ceiling of the delay after failed attempt number `attempt` (1-based). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity for huge attempts; min() with the cap keeps it finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * @param attempt the attempt that just failed (1 = first try)
 * @param random a source in [0, 1); injectable for tests
 * @param retryAfterMs what the system asked for, if anything
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number | undefined,
): number {
  const jittered = Math.floor(random() * backoffCeilingMs(attempt, policy));
  return Math.max(retryAfterMs ?? 0, jittered);
}
