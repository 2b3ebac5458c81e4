/**
 * Stripe list semantics: newest first; `limit` 1..100 (default 10); `starting_after` (older than
 * that id) and `ending_before` (newer than that id, the page nearest the cursor); `has_more`;
 * `created` as an exact value or a `gt/gte/lt/lte` range.
 */

import type { FormParams, FormValue } from './form-params.ts';
import { invalidParam } from './stripe-api-error.ts';
import type { StripeObject } from './stripe-state.ts';

export interface StripeList {
  object: 'list';
  data: StripeObject[];
  has_more: boolean;
  url: string;
}

export function readLimit(params: FormParams): number {
  const raw = params.limit;
  if (raw === undefined) return 10;
  const limit = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= 100)) {
    throw invalidParam(
      `Invalid limit: must be an integer between 1 and 100, inclusive; got ${JSON.stringify(raw)}.`,
      'limit',
      'parameter_invalid_integer',
    );
  }
  return limit;
}

/** Filters on `created` (exact or range) as every Stripe list accepts. */
export function matchesCreated(created: number, filter: FormValue | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string') return created === toInt(filter, 'created');
  if (Array.isArray(filter)) throw invalidParam('Invalid created filter.', 'created');
  const bound = (name: string) =>
    filter[name] === undefined ? undefined : toInt(filter[name], `created[${name}]`);
  const gt = bound('gt');
  const gte = bound('gte');
  const lt = bound('lt');
  const lte = bound('lte');
  return (
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte)
  );
}

function toInt(value: FormValue | undefined, param: string): number {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalidParam(`Invalid integer: ${JSON.stringify(value)}`, param, 'parameter_invalid_integer');
  }
  return Number(value);
}

/** Pages an already filtered, newest-first array. */
export function paginate(items: StripeObject[], params: FormParams, url: string): StripeList {
  const limit = readLimit(params);
  const after = params.starting_after;
  const before = params.ending_before;
  if (after !== undefined && before !== undefined) {
    throw invalidParam(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
    );
  }
  if (typeof before === 'string') {
    const index = items.findIndex((o) => o.id === before);
    if (index < 0) throw invalidParam(`No such object: '${before}'`, 'ending_before', 'resource_missing');
    const start = Math.max(0, index - limit);
    return { object: 'list', data: items.slice(start, index), has_more: start > 0, url };
  }
  let start = 0;
  if (typeof after === 'string') {
    const index = items.findIndex((o) => o.id === after);
    if (index < 0) throw invalidParam(`No such object: '${after}'`, 'starting_after', 'resource_missing');
    start = index + 1;
  }
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length, url };
}
