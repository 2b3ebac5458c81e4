/**
 * Shopify's search syntax for the `query:` argument of connections, the subset Accord uses:
 * `field:value`, `field:'quoted value'`, comparators `field:>…`, `field:>=…`, `field:<…`,
 * `field:<=…`, negation `-field:value`, terms joined by whitespace or `AND`, and bare words that
 * match any text field. Dates compare as instants (`updated_at:>'2026-11-28T14:00:00Z'`).
 *
 * Shopify ignores a filter on a field it does not know rather than failing the query (it only
 * adds a warning), so an unknown field matches everything here too — a classic silent trap the
 * connector must not fall into.
 *
 * @example
 *   const match = compileSearch("updated_at:>='2026-11-28T14:00:00Z' email:ada@example.test", fieldsOf);
 *   rows.filter(match);
 */
export type Comparator = ':' | '>' | '>=' | '<' | '<=';

export interface SearchTerm {
  field: string | undefined;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

/** For one row: the value of a search field (string, number or epoch ms), or undefined. */
export type FieldReader<T> = (
  row: T,
  field: string,
) => string | number | readonly string[] | null | undefined;

const TERM = /(-)?(?:([a-z_.]+):(>=|<=|>|<)?)?('([^']*)'|"([^"]*)"|(\S+))/gi;

export function parseSearch(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of query.matchAll(TERM)) {
    const [, neg, field, cmp, , single, double, bare] = match;
    const value = single ?? double ?? bare ?? '';
    if (!field && (value === 'AND' || value === 'and')) continue;
    terms.push({
      field: field?.toLowerCase(),
      comparator: (cmp as Comparator | undefined) ?? ':',
      value,
      negated: Boolean(neg),
    });
  }
  return terms;
}

export function compileSearch<T>(
  query: string | null | undefined,
  read: FieldReader<T>,
  known: ReadonlySet<string>,
): (row: T) => boolean {
  if (!query?.trim()) return () => true;
  const terms = parseSearch(query);
  return (row) =>
    terms.every((term) => {
      const hit = matches(row, term, read, known);
      return term.negated ? !hit : hit;
    });
}

function matches<T>(row: T, term: SearchTerm, read: FieldReader<T>, known: ReadonlySet<string>): boolean {
  if (term.field === undefined) {
    const needle = term.value.toLowerCase();
    return [...known].some((f) => {
      const v = read(row, f);
      return typeof v === 'string' && v.toLowerCase().includes(needle);
    });
  }
  if (!known.has(term.field)) return true;
  const actual = read(row, term.field);
  if (actual === null || actual === undefined) return false;
  if (Array.isArray(actual)) return actual.some((a) => a.toLowerCase() === term.value.toLowerCase());
  if (typeof actual === 'number') {
    const wanted =
      /^\d+$/.test(term.value) && !term.field.endsWith('_at') ? Number(term.value) : Date.parse(term.value);
    if (Number.isNaN(wanted)) return false;
    return compare(actual, wanted, term.comparator);
  }
  const text = String(actual).toLowerCase();
  const wanted = term.value.toLowerCase();
  if (term.comparator !== ':') return compare(text, wanted, term.comparator);
  // A trailing `*` is Shopify's prefix search; otherwise a field term matches the whole value.
  return wanted.endsWith('*') ? text.startsWith(wanted.slice(0, -1)) : text === wanted;
}

function compare<V extends number | string>(a: V, b: V, comparator: Comparator): boolean {
  switch (comparator) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return a === b;
  }
}
