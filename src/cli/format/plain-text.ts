/**
 * Small text formatting shared by the operator commands: tables, ages, values, ids.
 *
 * @example renderTable(['id', 'flow'], [['1', 'orders']]) // 'id  flow\n1   orders\n'
 */
import { redactSecrets } from '../../store/redact.ts';
import { UsageError } from '../command.ts';

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** "3 min", "2 h", "4 d" since `iso`. */
export function formatAge(iso: string, nowMs: number = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

export function truncate(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** A value as it reads in a sentence: strings quoted, absent as "(empty)". */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(empty)';
  return JSON.stringify(value);
}

// Credentials in query strings or inline (`access_token=…`, `"api_key": "…"` already handled by name).
const INLINE_SECRET =
  /\b(access_token|token|api_key|apikey|key|secret|signature|sig|password|client_secret)=([^&\s"']+)/gi;

/**
 * A stored request or response, made safe to print: credential-named properties replaced (again:
 * the store already did on write) and credentials in query strings cut out.
 */
export function redactForDisplay(value: unknown): unknown {
  const scrubbed = redactSecrets(value);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(INLINE_SECRET, '$1=[redacted]');
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(scrubbed);
}

/** Indented pretty JSON. */
export function indentJson(value: unknown, indent = '  '): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}

/** A positive integer id from the command line. */
export function parseId(what: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`expected the ${what} id`);
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`${what} id must be a positive whole number (got "${value}")`);
  return Number(value);
}
