/**
 * Time as the store and queue see it. Injected so tests can move time by hand instead of sleeping.
 *
 * @example
 *   const clock = new ManualClock(Date.parse('2026-11-28T00:00:00Z'));
 *   clock.advance(30_000); // leases and backoffs see 30 s pass, instantly
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.parse('2026-01-01T00:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`ManualClock cannot go backwards (advance(${ms}))`);
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** Milliseconds → ISO-8601 UTC with milliseconds, the one time format of the store's domain types. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
