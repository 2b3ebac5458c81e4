/**
 * Conversions between UTC instants and the account's wall clock.
 *
 * SuiteQL reads and writes datetimes in the account's (the role user's preference) time zone:
 * `TO_TIMESTAMP('2026-11-28 09:15:00', 'YYYY-MM-DD HH24:MI:SS')` means 09:15 in that zone, and a
 * bare `lastmodifieddate` column comes back as a date only (`11/28/2026`). Incremental cursors
 * therefore always carry the FULL local timestamp, converted with the account's zone: a date-only
 * cursor, or one read as UTC, loses the records modified between account-local midnight and the
 * moment the date boundary falls in UTC (for a Pacific account, everything from 00:00 to 08:00 UTC
 * of the next day looks "older" than a midnight cursor and is skipped).
 *
 * In the hour repeated when daylight saving ends, one local time names two instants; we resolve
 * it to the EARLIER one, which for an inclusive lower bound reads a little too much rather than
 * too little (reprocessing is idempotent, skipping is a loss).
 *
 * @example
 *   const clock = new AccountTime('America/Los_Angeles');
 *   clock.toLocal('2026-11-28T08:00:00.000Z')  // '2026-11-28 00:00:00'
 *   clock.toInstant('2026-11-28 00:00:00')     // '2026-11-28T08:00:00.000Z'
 */
export class AccountTime {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new RangeError(
        `"${timeZone}" is not an IANA time zone; set the NetSuite account's time zone as it appears in Setup > Company > Company Information (e.g. America/Los_Angeles)`,
      );
    }
  }

  /** The account-local wall time of an instant, `YYYY-MM-DD HH:MM:SS` (seconds: SuiteQL's precision). */
  toLocal(instant: string | Date): string {
    const date = typeof instant === 'string' ? new Date(instant) : instant;
    if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
    const p = this.parts(date.getTime());
    return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
  }

  /** The instant (ISO-8601 UTC with milliseconds) the account's clock shows as `local`. */
  toInstant(local: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(local.trim());
    if (!match) throw new RangeError(`not a local timestamp (YYYY-MM-DD HH:MM:SS): "${local}"`);
    const [y, m, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wall = Date.UTC(y, m - 1, d, h, mi, s);
    // Candidates: the wall time read with the offsets in force a day either side; keep those that
    // really show this wall time, and the earliest of them (see the DST note above).
    const candidates = [wall - this.offset(wall - 86_400_000), wall - this.offset(wall + 86_400_000)]
      .filter((t) => this.wall(t) === wall)
      .sort((a, b) => a - b);
    // A wall time skipped when DST starts exists in no offset: read it with the later (summer)
    // offset, the earlier of the two readings — again the safe side for a lower bound.
    const chosen = candidates[0] ?? wall - this.offset(wall + 86_400_000);
    return new Date(chosen).toISOString();
  }

  private offset(instant: number): number {
    return this.wall(instant) - instant;
  }

  private wall(instant: number): number {
    const p = this.parts(instant);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  }

  private parts(instant: number) {
    const values: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(Math.floor(instant / 1000) * 1000))) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    return {
      y: values.year ?? 0,
      m: values.month ?? 1,
      d: values.day ?? 1,
      h: values.hour ?? 0,
      mi: values.minute ?? 0,
      s: values.second ?? 0,
    };
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
