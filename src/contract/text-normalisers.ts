/**
 * The contract's text normalisers, as functions: the one table behind a match key's `normalise`,
 * a field's `normalise` (how two values of it are compared) and the text transforms of a mapping,
 * in the engine and in reconciliation alike — so "the same phone" means the same everywhere.
 *
 * `\s` and `trim()` are JavaScript's whitespace: ASCII space, tab and line ends, and Unicode's
 * spaces (no-break space, the em/en spaces, ideographic space, BOM). SQL that must agree with
 * these spells that set out character by character (see reconcile/sql-normalise.ts).
 *
 * @example
 *   normaliseText('+1 (984) 555-0450', ['digits-only']) // '19845550450'
 */
import type { Normaliser } from './vocabulary.ts';

export const NORMALISE: Readonly<Record<Normaliser, (s: string) => string>> = {
  trim: (s) => s.trim(),
  lowercase: (s) => s.toLowerCase(),
  uppercase: (s) => s.toUpperCase(),
  'digits-only': (s) => s.replace(/\D+/g, ''),
  'collapse-spaces': (s) => s.replace(/\s+/g, ' ').trim(),
};

/** The text after each normaliser in turn. */
export function normaliseText(text: string, normalisers: readonly Normaliser[]): string {
  let out = text;
  for (const n of normalisers) out = NORMALISE[n](out);
  return out;
}
