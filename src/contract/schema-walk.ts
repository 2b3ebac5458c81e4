/**
 * Reads the contract schema itself, to tell a user what *would* have been accepted at a place:
 * the keys an object allows, the values an enum allows. zod's issues say what failed, not what
 * was expected, and a good "did you mean" needs the latter.
 */
import type { z } from 'zod';

// The narrow part of zod v4's internal definition this walk relies on.
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips wrappers (optional, default, nullable, pipe) and expands unions. */
function expand(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(def.type)) {
    return expand(def.innerType);
  }
  if (def.type === 'pipe' && def.in) return expand(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(expand);
  return [schema];
}

/** The schemas that may sit at `path` below `root`. */
export function schemasAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  let current = expand(root);
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const schema of current) {
      const def = defOf(schema);
      if (def.type === 'object' && def.shape) {
        const child = def.shape[String(segment)];
        if (child) next.push(...expand(child));
      } else if (def.type === 'record' && def.valueType) {
        next.push(...expand(def.valueType));
      } else if (def.type === 'array' && def.element && typeof segment === 'number') {
        next.push(...expand(def.element));
      }
    }
    current = next;
  }
  return current;
}

/** Keys an object at `path` accepts (union of all object shapes possible there). */
export function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema);
    if (def.type === 'object' && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}

/** Values an enum or literal at `path` accepts. */
export function allowedValuesAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const values = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema);
    if (def.type === 'enum' && def.entries) for (const v of Object.values(def.entries)) values.add(String(v));
    if (def.type === 'literal' && def.values) for (const v of def.values) values.add(String(v));
  }
  return [...values];
}

/** A short description of what is expected at `path`, e.g. "one of one-way, two-way" or "a list". */
export function describeExpected(root: z.ZodType, path: readonly PropertyKey[]): string {
  const values = allowedValuesAt(root, path);
  if (values.length > 0) return `one of ${values.join(', ')}`;
  const kinds = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const type = defOf(schema).type;
    kinds.add(
      type === 'object' || type === 'record'
        ? 'a mapping of keys'
        : type === 'array'
          ? 'a list'
          : type === 'int'
            ? 'a whole number'
            : type === 'number'
              ? 'a number'
              : type === 'boolean'
                ? 'true or false'
                : 'a text value',
    );
  }
  return kinds.size === 0 ? 'a value' : [...kinds].join(' or ');
}
