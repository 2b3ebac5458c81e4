/**
 * Ordering of inclusive `(modifiedAt, id)` cursors: by instant first (parsed, so `…00Z` and
 * `…00.000Z` are equal), then by id (numeric ids compare as numbers, `9 < 10`).
 *
 * @example compareCursor({ modifiedAt: '2026-01-01T00:00:00Z', id: '9' }, { modifiedAt: '2026-01-01T00:00:00.000Z', id: '10' }) // < 0
 */
import type { CursorPosition } from './store.ts';

export function compareCursor(a: CursorPosition, b: CursorPosition): number {
  const ta = instant(a.modifiedAt);
  const tb = instant(b.modifiedAt);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareIds(a.id, b.id);
}

function instant(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    throw new RangeError(
      `cursor modifiedAt "${iso}" is not an ISO-8601 instant; expected e.g. 2026-11-28T14:00:00.000Z`,
    );
  }
  return t;
}

function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
