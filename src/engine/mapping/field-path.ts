/**
 * Dotted field paths into a system record's fields (`defaultAddress.company`, `entity.id`).
 *
 * @example
 *   getPath({ a: { b: 1 } }, 'a.b') // 1
 *   getPath('1Z999', '$') // '1Z999' (a line field of a list of plain values)
 *   const o = {}; setPath(o, 'a.b', 1) // o = { a: { b: 1 } }
 */
export function getPath(source: unknown, path: string): unknown {
  // `$` is the value itself: a line of a list of plain values (a shipment's tracking numbers).
  if (path === '$') return source;
  let current: unknown = source;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Sets a value at a dotted path, creating the objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, unknown> = {};
      current[part] = created;
      current = created;
    } else current = next as Record<string, unknown>;
  }
  current[parts[parts.length - 1] as string] = value;
}
