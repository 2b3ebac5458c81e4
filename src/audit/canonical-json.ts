/**
 * Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as `JSON.stringify` writes them (which is what RFC 8785 prescribes for
 * ECMAScript). The same value always gives the same text, whatever the key order it was built in,
 * so it can be hashed.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, '$');
  return text === undefined ? 'null' : text;
}

/**
 * The canonical text of one member value, or undefined when the member is dropped (undefined,
 * functions, symbols): what {@link canonicalJson} writes after `"key":` inside an object. For
 * callers that assemble an object with known keys in sorted order themselves (the audit hash).
 */
export function canonicalMember(value: unknown, path: string): string | undefined {
  return write(value, path);
}

function write(value: unknown, path: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonical JSON: ${path} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError(`canonical JSON: ${path} is a BigInt; convert it to a string first`);
    default:
      break;
  }
  const toJson = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === 'function') return write(toJson.call(value), path);
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value as object).sort()) {
    const text = write((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
