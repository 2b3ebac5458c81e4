/**
 * Turns zod's issues into located errors a person can act on: where (file:line:col), what is
 * wrong, and how to fix it — with a "did you mean" for misspelt keys and values. A value is
 * echoed back only when its key does not name a credential.
 */
import type { z } from 'zod';
import { closestMatch, suggest } from './did-you-mean.ts';
import { formatPath, type LocatedError } from './located-error.ts';
import { allowedKeysAt, allowedValuesAt, describeExpected } from './schema-walk.ts';
import { isSecretKey } from './secret-ref.ts';
import type { SourceMap } from './source-map.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The raw parsed value at a path, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function isHidden(path: Path): boolean {
  const last = path.at(-1);
  return typeof last === 'string' && (isSecretKey(last) || last === 'webhook');
}

/** A value quoted for a message, shortened, and never shown when its key names a credential. */
export function showValue(value: unknown, path: Path): string {
  if (isHidden(path)) return '(value hidden)';
  if (value === null || value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'text';
}

// zod's own default messages start with these words; any other message is one we wrote in the
// schema, addressed to the user, and is used as the fix.
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized|Expected)/;

function where(path: Path): string {
  return path.length === 0 ? 'the contract' : formatPath(path);
}

/**
 * Converts every issue into one or more located errors.
 *
 * @example
 * const errors = issuesToErrors(result.error.issues, raw, sourceMap, contractSchema);
 */
export function issuesToErrors(
  issues: readonly Issue[],
  raw: unknown,
  map: SourceMap,
  schema: z.ZodType,
): LocatedError[] {
  const out: LocatedError[] = [];
  for (const issue of issues) out.push(...convert(issue, [], raw, map, schema));
  // A misspelt required key shows up twice: as unknown ("drection") and as missing ("direction").
  // The unknown-key error already says "did you mean direction?", so the missing one is dropped.
  const meant = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const allowed = allowedKeysAt(schema, issue.path);
    for (const key of issue.keys) {
      const near = closestMatch(key, allowed);
      if (near !== undefined) meant.add(formatPath([...issue.path, near]));
    }
  }
  return out.filter((e) => !(e.message.startsWith('missing key') && meant.has(e.path)));
}

function located(map: SourceMap, path: Path, message: string, fix: string, key = false): LocatedError {
  return { ...map.at(path, { key }), path: formatPath(path), message, fix };
}

function convert(issue: Issue, base: Path, raw: unknown, map: SourceMap, schema: z.ZodType): LocatedError[] {
  const path: Path = [...base, ...issue.path];
  const value = valueAt(raw, path);
  const custom = issue.message !== undefined && !ZOD_DEFAULT.test(issue.message) ? issue.message : undefined;
  const name = where(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const allowed = allowedKeysAt(schema, path);
        return located(
          map,
          [...path, key],
          `unknown key "${key}" in ${where(path)}`,
          suggest(key, allowed, 'allowed keys'),
          true,
        );
      });
    case 'invalid_union':
      return convertUnion(issue, path, value, raw, map, schema);
    case 'invalid_key': {
      return [
        located(
          map,
          path,
          `${showValue(path.at(-1), path)} in ${where(path.slice(0, -1))} is not a valid name`,
          issue.issues[0]?.message ?? 'use letters, digits, - and _',
          true,
        ),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      if (value === undefined) {
        const key = String(path.at(-1));
        return [
          located(
            map,
            path,
            `missing key "${key}" in ${where(path.slice(0, -1))}`,
            `add ${key}: ${allowed.join(' or ')}`,
          ),
        ];
      }
      return [
        located(
          map,
          path,
          `${name} cannot be ${showValue(value, path)}`,
          custom ?? suggest(String(value), allowed, 'expected one of'),
        ),
      ];
    }
    case 'invalid_type': {
      if (value === undefined) {
        const parentName = where(path.slice(0, -1));
        return [
          located(
            map,
            path,
            `missing key "${String(path.at(-1))}" in ${parentName}`,
            `add ${String(path.at(-1))}: ${describeExpected(schema, path)}`,
          ),
        ];
      }
      const expected = allowedValuesAt(schema, path);
      const quoted =
        issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? `write it in quotes: "${String(value)}"`
          : undefined;
      return [
        located(
          map,
          path,
          `${name} is ${typeName(value)} (${showValue(value, path)})`,
          custom ??
            quoted ??
            `expected ${expected.length > 0 ? `one of ${expected.join(', ')}` : describeExpected(schema, path)}`,
        ),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const isList = issue.origin === 'array';
      const fix = isList
        ? `list at ${issue.code === 'too_small' ? 'least' : 'most'} ${bound} item(s)`
        : `use a value ${issue.code === 'too_small' ? 'of at least' : 'of at most'} ${bound}`;
      return [located(map, path, `${name} is ${isList ? 'too short' : 'out of range'}`, custom ?? fix)];
    }
    case 'invalid_format':
      return [
        located(
          map,
          path,
          `${name} has an invalid value ${showValue(value, path)}`,
          custom ?? `expected ${issue.format}`,
        ),
      ];
    default:
      return [located(map, path, `${name} is invalid`, custom ?? issue.message)];
  }
}

/**
 * A value that may be written several ways (a path string or a mapping object) fails every way
 * at once. Report the way the user evidently meant — the branch that did not reject the value's
 * very type — and fall back to naming the accepted forms.
 */
function convertUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: Path,
  value: unknown,
  raw: unknown,
  map: SourceMap,
  schema: z.ZodType,
): LocatedError[] {
  const meant = issue.errors.filter(
    (branch) => !branch.some((i) => i.path.length === 0 && i.code === 'invalid_type'),
  );
  if (meant.length >= 1 && meant[0] !== undefined) {
    return meant[0].flatMap((inner) => convert(inner, path, raw, map, schema));
  }
  if (typeof value === 'string') {
    const allowed = allowedValuesAt(schema, path);
    const near = closestMatch(value, allowed);
    if (allowed.length > 0) {
      return [
        located(
          map,
          path,
          `${where(path)} cannot be ${showValue(value, path)}`,
          near
            ? `did you mean "${near}"? expected one of ${allowed.join(', ')}`
            : `expected one of ${allowed.join(', ')}`,
        ),
      ];
    }
  }
  return [
    located(
      map,
      path,
      value === undefined ? `missing key "${String(path.at(-1))}"` : `${where(path)} is ${typeName(value)}`,
      `expected ${describeExpected(schema, path)}`,
    ),
  ];
}
