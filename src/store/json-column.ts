/**
 * JSON values as stored text. Refuses what JSON cannot hold faithfully (functions, symbols,
 * BigInt, NaN/Infinity), naming where, instead of storing a silently different value.
 *
 * @example toJsonText({ a: 1 }, 'baseline customer/netsuite/42 seen') // '{"a":1}'
 */
export function toJsonText(value: unknown, where: string): string {
  // Strings, booleans and null are always their own JSON: nothing to walk.
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  assertJsonable(value, where, '$');
  const text = JSON.stringify(value);
  // JSON.stringify(undefined) is undefined: store null instead, reads back as null.
  return text === undefined ? 'null' : text;
}

export function fromJsonText(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

function assertJsonable(value: unknown, where: string, path: string): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`${where}: ${path} is ${value}, which JSON cannot hold`);
      return;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(
        `${where}: ${path} is a ${typeof value}, which JSON cannot hold; convert it to a string`,
      );
    case 'object': {
      if (value === null) return;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return; // Money, Date, Decimal
      // Paths are built only on the way down to a non-primitive (no string per member walked).
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (typeof v === 'string' || typeof v === 'boolean' || v === null || v === undefined) continue;
          assertJsonable(v, where, `${path}[${i}]`);
        }
        return;
      }
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (typeof v === 'string' || typeof v === 'boolean' || v === null || v === undefined) continue;
        assertJsonable(v, where, `${path}.${k}`);
      }
      return;
    }
    default:
      return;
  }
}
