/**
 * A field's `normalise` in SQL, for the comparison pushed down (sql-comparer.ts), spelled so that
 * DuckDB and PostgreSQL both run it: `regexp_replace(x, pattern, '', 'g')`, `lower`, `upper`.
 *
 * SQL only picks the keys worth looking at; the hash-bucket comparer then decides with the one
 * JavaScript table (contract/text-normalisers.ts). So SQL may call a pair different that the
 * comparer then finds equal, but never the reverse: its normal forms must be no coarser than
 * JavaScript's.
 * - digits-only keeps `0-9`, as JavaScript's `\D` removes everything else: exact.
 * - trim and collapse-spaces use JavaScript's whitespace, listed (`\s` differs: RE2's has no
 *   vertical tab nor Unicode spaces, PostgreSQL's depends on the locale): exact.
 * - lowercase/uppercase agree on ASCII; beyond it, PostgreSQL under the C locale changes nothing
 *   (finer: safe) and DuckDB maps one character to one (`İ` → `i`, where JavaScript gives `i̇`:
 *   coarser). So two texts that differ and hold anything but printable ASCII stay suspects.
 *
 * @example
 *   normalisedDiffers('s."v_phone"', 't."v_phone"', ['digits-only'])
 *   // NULLIF(regexp_replace(s."v_phone", '[^0-9]+', '', 'g'), '') IS DISTINCT FROM NULLIF(…)
 */
import type { Normaliser } from '../contract/vocabulary.ts';
import { lit } from './sql-side.ts';

/** JavaScript's whitespace (`\s`, what `trim()` removes), as a bracket expression's characters. */
const WS = '\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const trim = (x: string) => `regexp_replace(${x}, ${lit(`^[${WS}]+|[${WS}]+$`)}, '', 'g')`;

const STEP: Readonly<Record<Normaliser, (x: string) => string>> = {
  trim,
  lowercase: (x) => `lower(${x})`,
  uppercase: (x) => `upper(${x})`,
  'digits-only': (x) => `regexp_replace(${x}, '[^0-9]+', '', 'g')`,
  'collapse-spaces': (x) => trim(`regexp_replace(${x}, ${lit(`[${WS}]+`)}, ' ', 'g')`),
};

/** The normalised text of a text expression; NULL for none, as for a text normalised to nothing. */
export function normalisedSql(expr: string, normalisers: readonly Normaliser[]): string {
  return `NULLIF(${normalisers.reduce((x, n) => STEP[n](x), expr)}, '')`;
}

/** Whether two text expressions differ once normalised (or may, see the file's comment). */
export function normalisedDiffers(a: string, b: string, normalisers: readonly Normaliser[]): string {
  const differs = `${normalisedSql(a, normalisers)} IS DISTINCT FROM ${normalisedSql(b, normalisers)}`;
  if (!normalisers.some((n) => n === 'lowercase' || n === 'uppercase')) return differs;
  return `${differs} OR coalesce(${a} <> ${b} AND regexp_replace(${a} || ${b}, '[ -~]+', '', 'g') <> '', FALSE)`;
}
