/**
 * Dotted field names (`recipient.email`) for systems whose records are nested: a contract maps a
 * nested field by its path, and a write sends it as the nested object the API expects.
 *
 * @example
 *   expandPaths({ 'recipient.email': 'a@b.test', lines: [] }) // { recipient: { email: 'a@b.test' }, lines: [] }
 *   valueAtPath({ recipient: { email: 'a@b.test' } }, 'recipient.email') // 'a@b.test'
 */
export function expandPaths(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dotted = Object.keys(fields).filter((k) => k.includes('.'));
  for (const [key, value] of Object.entries(fields))
    if (!key.includes('.')) out[key] = structuredClone(value);
  for (const key of dotted) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = fields[key];
  }
  return out;
}

export function valueAtPath(record: unknown, path: string): unknown {
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
