/**
 * The account's time zone. NetSuite stores datetimes as instants and returns them from REST in UTC
 * ISO 8601 ("2017-07-21T17:32:28Z"), but anything date-only — a `q=` filter value like "11/28/2026",
 * a SuiteQL `TO_TIMESTAMP('2026-11-28 00:00:00', …)`, a `tranDate` — is read in the account's
 * (user preference) time zone. That is why a date-only cursor loses the records modified between
 * UTC midnight and account-local midnight.
 *
 * @example
 *   const clock = new AccountClock('America/Los_Angeles');
 *   clock.localToInstant('2026-11-28', '00:00:00'); // 2026-11-28T08:00:00.000Z
 */
export class AccountClock {
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Local wall-clock fields of an instant in the account's zone. */
  local(instant: Date): { y: number; m: number; d: number; h: number; mi: number; s: number } {
    const get = (type: string) =>
      Number(this.parts.formatToParts(instant).find((p) => p.type === type)?.value ?? '0');
    return {
      y: get('year'),
      m: get('month'),
      d: get('day'),
      h: get('hour'),
      mi: get('minute'),
      s: get('second'),
    };
  }

  /** The instant at which the account's clock shows this local date and time. */
  localToInstant(date: string, time = '00:00:00'): Date {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [h, mi, s] = time.split(':').map(Number) as [number, number, number?];
    const wall = Date.UTC(y, m - 1, d, h, mi, s ?? 0);
    // Two passes resolve the zone offset, including across a DST change.
    let guess = wall;
    for (let i = 0; i < 2; i += 1) {
      const l = this.local(new Date(guess));
      const shown = Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s);
      guess += wall - shown;
    }
    return new Date(guess);
  }

  /** The account-local calendar date of an instant, as YYYY-MM-DD. */
  localDate(instant: Date): string {
    const l = this.local(instant);
    return `${l.y}-${pad(l.m)}-${pad(l.d)}`;
  }

  /** The account's date format (M/D/YYYY, NetSuite's US default), used by SuiteQL output. */
  formatDate(isoDate: string): string {
    const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
    return `${m}/${d}/${y}`;
  }
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** NetSuite REST returns datetimes in UTC with second precision. */
export function restDatetime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}
