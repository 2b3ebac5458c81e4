/**
 * `/v1/customers`: create, retrieve, update, delete, list (with the `email` filter) and search.
 *
 * Search follows Stripe's documented consistency: "Don't use search in read-after-write flows
 * where strict consistency is necessary. Under normal operating conditions, data is searchable in
 * less than a minute." The simulator models that with `searchLagMs`: an object written less than
 * that long ago is not yet visible to search (lists and retrieves are always consistent).
 */

import type { FormParams } from './form-params.ts';
import { allowOnly, mergeMetadata, optionalString } from './param-reader.ts';
import { invalidParam, noSuch } from './stripe-api-error.ts';
import { matchesCreated, paginate } from './stripe-list.ts';
import type { Route, RouteContext } from './stripe-route.ts';
import type { StripeObject } from './stripe-state.ts';

const FIELDS = ['email', 'name', 'description', 'phone'] as const;
const WRITABLE = [...FIELDS, 'metadata'];
// A deliberately loose check, as Stripe's: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function customerRoutes(searchLagMs: () => number): Route[] {
  const lastWrite = new Map<string, number>();
  const touch = (ctx: RouteContext, id: string) => lastWrite.set(id, ctx.state.clock());

  return [
    {
      method: 'POST',
      pattern: /^\/v1\/customers$/,
      handle: (ctx) => {
        allowOnly(ctx.params, WRITABLE);
        const values = readFields(ctx.params);
        const customer = ctx.state.insert({
          id: ctx.state.newId('cus', 14),
          object: 'customer',
          created: ctx.state.nowSeconds(),
          address: null,
          balance: 0,
          currency: null,
          default_source: null,
          delinquent: false,
          description: null,
          email: null,
          invoice_prefix: ctx.state.newId('X', 8).slice(2).toUpperCase(),
          livemode: false,
          metadata: mergeMetadata({}, ctx.params.metadata),
          name: null,
          phone: null,
          preferred_locales: [],
          shipping: null,
          tax_exempt: 'none',
          ...values,
        });
        touch(ctx, customer.id);
        ctx.state.emit('customer.created', customer, ctx.request);
        return customer;
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/customers\/search$/,
      handle: (ctx) => search(ctx, lastWrite, searchLagMs()),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/customers\/([^/]+)$/,
      handle: (ctx) => {
        const customer = find(ctx);
        return customer.deleted ? { id: customer.id, object: 'customer', deleted: true } : customer;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/customers\/([^/]+)$/,
      handle: (ctx) => {
        allowOnly(ctx.params, WRITABLE);
        const customer = find(ctx);
        if (customer.deleted) throw noSuch('customer', customer.id);
        const next: Record<string, unknown> = {
          ...readFields(ctx.params),
          metadata: mergeMetadata(customer.metadata as Record<string, string>, ctx.params.metadata),
        };
        const previous: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(next)) {
          if (JSON.stringify(customer[key]) !== JSON.stringify(value)) {
            previous[key] = customer[key];
            customer[key] = value;
          }
        }
        if (Object.keys(previous).length > 0) {
          touch(ctx, customer.id);
          ctx.state.emit('customer.updated', customer, ctx.request, previous);
        }
        return customer;
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/customers\/([^/]+)$/,
      handle: (ctx) => {
        const customer = find(ctx);
        if (customer.deleted) throw noSuch('customer', customer.id);
        customer.deleted = true;
        touch(ctx, customer.id);
        ctx.state.emit('customer.deleted', customer, ctx.request);
        return { id: customer.id, object: 'customer', deleted: true };
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/customers$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['email', 'created', 'limit', 'starting_after', 'ending_before', 'test_clock']);
        const email = optionalString(ctx.params, 'email');
        const items = ctx.state
          .all('customer')
          .filter((c) => !c.deleted)
          .filter((c) => email === undefined || c.email === email)
          .filter((c) => matchesCreated(c.created, ctx.params.created));
        return paginate(items, ctx.params, '/v1/customers');
      },
    },
  ];
}

function find(ctx: RouteContext): StripeObject {
  const id = ctx.ids[0]!;
  const customer = ctx.state.get('customer', id);
  if (!customer) throw noSuch('customer', id);
  return customer;
}

function readFields(params: FormParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = optionalString(params, field);
    if (value === undefined) continue;
    // An empty string unsets a field in Stripe's form encoding.
    values[field] = value === '' ? null : value;
  }
  const email = values.email;
  if (typeof email === 'string' && (!EMAIL.test(email) || email.length > 512)) {
    throw invalidParam(`Invalid email address: ${email}`, 'email', 'email_invalid');
  }
  return values;
}

/**
 * Stripe's search query language, the subset integrations use: clauses `field:'value'` (exact)
 * and `field~'value'` (substring, at least 3 characters) on email, name, phone, description and
 * `metadata['key']`, joined by all-`AND` or all-`OR`.
 */
function search(ctx: RouteContext, lastWrite: Map<string, number>, lagMs: number) {
  allowOnly(ctx.params, ['query', 'limit', 'page']);
  const query = optionalString(ctx.params, 'query');
  if (!query) throw invalidParam('Missing required param: query.', 'query', 'parameter_missing');
  const joiner = / OR /.test(query) ? 'OR' : 'AND';
  if (/ OR /.test(query) && / AND /.test(query)) {
    throw invalidParam('Combining AND and OR in one query is not supported.', 'query');
  }
  const clauses = query.split(joiner === 'OR' ? / OR / : / AND /).map((text) => {
    const m =
      /^\s*(email|name|phone|description|metadata\['([^']+)'\])\s*([:~])\s*'((?:[^'\\]|\\.)*)'\s*$/.exec(
        text,
      );
    if (!m) throw invalidParam(`Unsupported or malformed search clause: ${text.trim()}`, 'query');
    return { field: m[1]!, metaKey: m[2], op: m[3]!, value: m[4]!.replace(/\\(.)/g, '$1') };
  });
  const now = ctx.state.clock();
  const matches = ctx.state
    .all('customer')
    .filter((c) => !c.deleted && now - (lastWrite.get(c.id) ?? 0) >= lagMs)
    .filter((c) => {
      const results = clauses.map(({ field, metaKey, op, value }) => {
        const actual = metaKey !== undefined ? (c.metadata as Record<string, string>)[metaKey] : c[field];
        if (typeof actual !== 'string') return false;
        return op === ':' ? actual === value : actual.toLowerCase().includes(value.toLowerCase());
      });
      return joiner === 'AND' ? results.every(Boolean) : results.some(Boolean);
    });
  const limit = ctx.params.limit === undefined ? 10 : Number(ctx.params.limit);
  if (!(limit >= 1 && limit <= 100))
    throw invalidParam('Invalid limit', 'limit', 'parameter_invalid_integer');
  const page = optionalString(ctx.params, 'page');
  const offset = page ? Number(Buffer.from(page, 'base64url').toString('utf8')) : 0;
  const data = matches.slice(offset, offset + limit);
  const more = offset + limit < matches.length;
  return {
    object: 'search_result',
    data,
    has_more: more,
    next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    url: '/v1/customers/search',
  };
}
