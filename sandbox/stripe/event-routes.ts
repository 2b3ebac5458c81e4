/**
 * `/v1/events` (retained 30 days, newest first, filters `type` — with `*` wildcards as in
 * `customer.*` — `types[]` and `created`) and `/v1/webhook_endpoints` (the `whsec_` secret is
 * only returned on creation, as Stripe does).
 */

import { allowOnly, mergeMetadata, optionalString, requiredString } from './param-reader.ts';
import { invalidParam, noSuch } from './stripe-api-error.ts';
import { matchesCreated, paginate } from './stripe-list.ts';
import type { Route } from './stripe-route.ts';

export const EVENT_RETENTION_SECONDS = 30 * 86400;

export function eventRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/events\/([^/]+)$/,
      handle: (ctx) => {
        const event = ctx.state.get('event', ctx.ids[0]!);
        if (!event) throw noSuch('event', ctx.ids[0]!);
        return event;
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events$/,
      handle: (ctx) => {
        allowOnly(ctx.params, [
          'type',
          'types',
          'created',
          'limit',
          'starting_after',
          'ending_before',
          'delivery_success',
        ]);
        const type = optionalString(ctx.params, 'type');
        const types = ctx.params.types;
        if (type !== undefined && types !== undefined) {
          throw invalidParam('You may only specify one of these parameters: type, types.', 'types');
        }
        if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) {
          throw invalidParam('Invalid array', 'types');
        }
        const wanted = type !== undefined ? [type] : (types as string[] | undefined);
        const horizon = ctx.state.nowSeconds() - EVENT_RETENTION_SECONDS;
        const items = ctx.state
          .all('event')
          .filter((e) => e.created >= horizon)
          .filter((e) => !wanted || wanted.some((w) => typeMatches(w, e.type as string)))
          .filter((e) => matchesCreated(e.created, ctx.params.created));
        return paginate(items, ctx.params, '/v1/events');
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/webhook_endpoints$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['url', 'enabled_events', 'description', 'metadata', 'api_version']);
        const url = requiredString(ctx.params, 'url');
        const events = ctx.params.enabled_events;
        if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string')) {
          throw invalidParam(
            'Missing required param: enabled_events.',
            'enabled_events',
            'parameter_missing',
          );
        }
        return ctx.state.insert({
          id: ctx.state.newId('we', 24),
          object: 'webhook_endpoint',
          created: ctx.state.nowSeconds(),
          api_version: optionalString(ctx.params, 'api_version') ?? null,
          description: optionalString(ctx.params, 'description') ?? null,
          enabled_events: events,
          livemode: false,
          metadata: mergeMetadata({}, ctx.params.metadata),
          secret: `whsec_${ctx.state.newId('x', 32).slice(2)}`,
          status: 'enabled',
          url,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/webhook_endpoints$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['limit', 'starting_after', 'ending_before']);
        const items = ctx.state
          .all('webhook_endpoint')
          .filter((w) => !w.deleted)
          .map(({ secret: _s, ...rest }) => rest);
        return paginate(items as typeof items, ctx.params, '/v1/webhook_endpoints');
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/webhook_endpoints\/([^/]+)$/,
      handle: (ctx) => {
        const endpoint = ctx.state.get('webhook_endpoint', ctx.ids[0]!);
        if (!endpoint || endpoint.deleted) throw noSuch('webhook_endpoint', ctx.ids[0]!);
        endpoint.deleted = true;
        return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
      },
    },
  ];
}

/** `*` matches everything; `customer.*` matches `customer.created`, `customer.updated`… */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
