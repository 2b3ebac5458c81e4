/**
 * Oracle-style date format models for SuiteQL's TO_TIMESTAMP / TO_DATE / TO_CHAR (YYYY, MM, DD,
 * HH24, HH, MI, SS, AM/PM, "literal"), read and written in the account's time zone, plus the
 * account's own date text (M/D/YYYY) used when a date column is compared with a string.
 *
 * @example
 *   parseWithFormat('2026-11-28 10:00:00', 'YYYY-MM-DD HH24:MI:SS', clock); // epoch ms
 */
import { type AccountClock, pad } from './account-clock.ts';
import { suiteqlError } from './suiteql-parser.ts';

/** Builds a parser for an Oracle-style format (YYYY MM DD HH24 HH MI SS AM) in the account zone. */
export function parseWithFormat(text: string, format: string, clock: AccountClock): number {
  const parts: string[] = [];
  let pattern = '';
  const tokens = /(YYYY|MM|DD|HH24|HH12|HH|MI|SS|AM|PM|"[^"]*"|.)/gi;
  for (const m of format.matchAll(tokens)) {
    const t = m[0].toUpperCase();
    if (['YYYY', 'MM', 'DD', 'HH24', 'HH12', 'HH', 'MI', 'SS'].includes(t)) {
      parts.push(t);
      pattern += t === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
    } else if (t === 'AM' || t === 'PM') {
      parts.push('AM');
      pattern += '([AaPp][Mm])';
    } else if (t.startsWith('"')) pattern += t.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else pattern += m[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const match = new RegExp(`^${pattern}$`).exec(text.trim());
  if (!match) throw suiteqlError(`"${text}" does not match the format "${format}".`);
  const v: Record<string, string> = {};
  parts.forEach((p, i) => {
    v[p] = match[i + 1]!;
  });
  let hour = Number(v.HH24 ?? v.HH12 ?? v.HH ?? 0);
  if (v.AM) hour = (hour % 12) + (v.AM.toUpperCase() === 'PM' ? 12 : 0);
  const date = `${v.YYYY ?? '1970'}-${pad(Number(v.MM ?? 1))}-${pad(Number(v.DD ?? 1))}`;
  return clock
    .localToInstant(date, `${pad(hour)}:${pad(Number(v.MI ?? 0))}:${pad(Number(v.SS ?? 0))}`)
    .getTime();
}

export function formatWith(ts: number, format: string, clock: AccountClock): string {
  const l = clock.local(new Date(ts));
  return format.replace(/YYYY|HH24|HH|MM|DD|MI|SS|"[^"]*"/gi, (t) => {
    switch (t.toUpperCase()) {
      case 'YYYY':
        return String(l.y);
      case 'MM':
        return pad(l.m);
      case 'DD':
        return pad(l.d);
      case 'HH24':
        return pad(l.h);
      case 'HH':
        return pad(l.h % 12 === 0 ? 12 : l.h % 12);
      case 'MI':
        return pad(l.mi);
      case 'SS':
        return pad(l.s);
      default:
        return t.slice(1, -1);
    }
  });
}

/** Text the account shows for a date (M/D/YYYY), used for implicit string ↔ date comparison too. */
export function parseAccountDate(text: string, clock: AccountClock): number | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (m) return clock.localToInstant(`${m[3]}-${pad(Number(m[1]))}-${pad(Number(m[2]))}`).getTime();
  const iso = Date.parse(text);
  return Number.isNaN(iso) ? undefined : iso;
}
