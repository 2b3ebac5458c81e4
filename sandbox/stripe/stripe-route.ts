/**
 * What a simulated endpoint receives and returns, and Stripe's `expand[]` applied to responses.
 */

import type { FormParams, FormValue } from './form-params.ts';
import { invalidParam } from './stripe-api-error.ts';
import type { StripeObject, StripeState } from './stripe-state.ts';

export interface RequestInfo {
  id: string;
  idempotency_key: string | null;
}

export interface RouteContext {
  state: StripeState;
  params: FormParams;
  /** Captures from the route pattern (object ids). */
  ids: string[];
  request: RequestInfo;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(ctx: RouteContext): unknown;
}

/** Replaces id strings with the objects they name along each `expand` path (`data.` for lists). */
export function applyExpand(state: StripeState, body: unknown, expand: FormValue | undefined): unknown {
  if (expand === undefined) return body;
  const paths = typeof expand === 'string' ? [expand] : Array.isArray(expand) ? expand : undefined;
  if (!paths || paths.some((p) => typeof p !== 'string')) throw invalidParam('Invalid array', 'expand');
  let result = structuredClone(body);
  for (const path of paths as string[]) result = expandPath(state, result, path.split('.'), path);
  return result;
}

function expandPath(state: StripeState, value: unknown, segments: string[], full: string): unknown {
  if (segments.length === 0) return value;
  if (Array.isArray(value)) return value.map((v) => expandPath(state, v, segments, full));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const [head, ...rest] = segments as [string, ...string[]];
  if (!(head in record)) {
    throw invalidParam(
      `This property cannot be expanded (${full}). You may want to try expanding 'data.${full}' instead.`,
      'expand',
    );
  }
  let child = record[head];
  if (typeof child === 'string') {
    const target = state.objects.get(child);
    if (!target) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
    child = structuredClone(target as StripeObject);
  }
  record[head] = expandPath(state, child, rest, full);
  return record;
}
