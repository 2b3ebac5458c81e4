/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and query strings for
 * GET) with bracketed nesting — `metadata[order]=42`, `expand[0]=latest_charge`, `expand[]=x`,
 * `created[gte]=1700000000`. Values stay strings, exactly as Stripe receives them; each route
 * coerces and validates what it reads.
 *
 * @example
 *   parseFormParams('metadata[a]=1&expand[0]=x') // { metadata: { a: '1' }, expand: ['x'] }
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export function parseFormParams(text: string): FormParams {
  const root: FormParams = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) throw new Error(`malformed parameter name "${key}"`);
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    assign(root, path, value);
  }
  return root;
}

function assign(root: FormParams, path: string[], value: string): void {
  let node: FormParams | FormValue[] = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!);
    if (Array.isArray(node)) {
      const index = segment === '' ? node.length : Number(segment);
      if (last) node[index] = value;
      else {
        node[index] ??= nextIsIndex ? [] : {};
        node = node[index] as FormParams | FormValue[];
      }
    } else {
      if (last) node[segment] = value;
      else {
        node[segment] ??= nextIsIndex ? [] : {};
        node = node[segment] as FormParams | FormValue[];
      }
    }
  }
}

/** A stable text form of parameters, for comparing an idempotent retry with its original. */
export function canonicalParams(params: FormParams): string {
  const sort = (value: FormValue): unknown => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(sort);
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sort(value[k]!)]),
    );
  };
  return JSON.stringify(sort(params));
}
