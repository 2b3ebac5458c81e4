/**
 * Text-level mutations of a contract, for the loader's property tests: the kinds of damage a
 * person (or a bad merge) does to a YAML file. Each takes the text and fast-check-chosen numbers
 * and returns new text; none of them can fail.
 */
import fc from 'fast-check';

export const MUTATIONS = [
  'delete-key',
  'rename-key',
  'change-type',
  'duplicate',
  'truncate',
  'swap-values',
  'insert-junk',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** A value a secret-bearing key may end up with; errors must never repeat it. */
export const LITERAL_SECRET = 's3cr3t-LITERAL-value';

const REPLACEMENTS = [
  '42',
  '-1',
  '3.14',
  'true',
  'null',
  '~',
  '""',
  '[]',
  '{}',
  'text',
  'env:X',
  '99999999999999999999999',
  '.nan',
  LITERAL_SECRET,
  '[a, b]',
  '{ a: 1 }',
  "'quoted'",
  '2025-07-01',
  '"0.01"',
  '0.005',
];

const KEY_LINE = /^(\s*(?:- )?)([^\s#:][^:#]*?):(\s.*)?$/;

function keyLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (KEY_LINE.test(line)) out.push(i);
  });
  return out;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The line range [start, end) of the block a key line opens (the line and its deeper lines). */
function blockOf(lines: readonly string[], start: number): [number, number] {
  const indent = indentOf(lines[start] ?? '');
  let end = start + 1;
  while (end < lines.length && ((lines[end] ?? '').trim() === '' || indentOf(lines[end] ?? '') > indent))
    end++;
  return [start, end];
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

export function mutate(text: string, mutation: Mutation, a: number, b: number, junk: string): string {
  const lines = text.split('\n');
  const keys = keyLines(lines);
  const at = pick(keys, a);
  switch (mutation) {
    case 'delete-key': {
      if (at === undefined) return text;
      const [s, e] = blockOf(lines, at);
      return [...lines.slice(0, s), ...lines.slice(e)].join('\n');
    }
    case 'rename-key': {
      if (at === undefined) return text;
      lines[at] = (lines[at] ?? '').replace(KEY_LINE, (_m, pre: string, key: string, rest = '') => {
        const i = b % (key.length + 1);
        const renamed =
          b % 3 === 0
            ? key.slice(0, i) + key.slice(i + 1)
            : b % 3 === 1
              ? key.slice(0, i) + (junk[0] ?? 'x') + key.slice(i)
              : junk || 'x';
        return `${pre}${renamed || 'k'}:${rest}`;
      });
      return lines.join('\n');
    }
    case 'change-type': {
      const valued = keys.filter((i) => /:\s+\S/.test(lines[i] ?? ''));
      const line = pick(valued, a);
      if (line === undefined) return text;
      lines[line] = (lines[line] ?? '').replace(
        KEY_LINE,
        (_m, pre: string, key: string) => `${pre}${key}: ${pick(REPLACEMENTS, b)}`,
      );
      return lines.join('\n');
    }
    case 'duplicate': {
      if (at === undefined) return text;
      const [s, e] = blockOf(lines, at);
      return [...lines.slice(0, e), ...lines.slice(s, e), ...lines.slice(e)].join('\n');
    }
    case 'truncate':
      return text.slice(0, a % (text.length + 1));
    case 'swap-values': {
      const valued = keys.filter((i) => /:\s+\S/.test(lines[i] ?? ''));
      const x = pick(valued, a);
      const y = pick(valued, b);
      if (x === undefined || y === undefined) return text;
      const valuePart = (i: number) => (lines[i] ?? '').replace(KEY_LINE, '$3');
      const keyOf = (i: number) => (lines[i] ?? '').replace(KEY_LINE, '$1$2:');
      const [vx, vy] = [valuePart(x), valuePart(y)];
      lines[x] = keyOf(x) + vy;
      lines[y] = keyOf(y) + vx;
      return lines.join('\n');
    }
    case 'insert-junk': {
      const i = a % (text.length + 1);
      return text.slice(0, i) + junk + text.slice(i);
    }
  }
}

/** One to three mutations, each with its random choices. */
export const mutationsArbitrary = fc.array(
  fc.tuple(fc.constantFrom(...MUTATIONS), fc.nat(), fc.nat(), fc.string({ maxLength: 12, unit: 'binary' })),
  { minLength: 1, maxLength: 3 },
);
