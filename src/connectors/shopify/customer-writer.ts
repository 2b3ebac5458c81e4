import { ValidationRejected } from '../../model/errors.ts';
import type { SystemRecord, WriteRequest, WriteResult } from '../connector.ts';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.ts';
import { CUSTOMER_SELECTION, toSystemRecord } from './shopify-objects.ts';

const WRITABLE_CUSTOMER_FIELDS = new Set(['email', 'firstName', 'lastName', 'phone', 'note', 'tags']);

export interface CustomerWriterContext {
  client: ShopifyGraphqlClient;
  system: string;
  /** The `id`-type metafield holding Accord's external id. */
  eid: { namespace: string; key: string };
  lookup(externalId: string): Promise<SystemRecord | undefined>;
}

/**
 * Upserts a customer on Accord's external id with `customerSet(identifier: { customId })`: one
 * atomic call, so a retry can never create a second customer. Values Shopify already holds are
 * not written again, and `userErrors` (invalid or taken email, bad phone) become a permanent
 * ValidationRejected naming the field.
 *
 * @example
 *   await upsertCustomer(ctx, { objectType: 'customer', externalId: 'ns-42', fields: { email }, idempotencyKey });
 */
export async function upsertCustomer(
  ctx: CustomerWriterContext,
  request: WriteRequest,
): Promise<WriteResult> {
  const unknown = Object.keys(request.fields).filter((f) => !WRITABLE_CUSTOMER_FIELDS.has(f));
  if (unknown.length > 0) {
    throw new ValidationRejected(
      `Shopify (${ctx.system}) customer ${request.externalId}: cannot write ${unknown.join(', ')}; writable fields are ${[...WRITABLE_CUSTOMER_FIELDS].join(', ')}`,
      {},
      { system: ctx.system, recordId: request.externalId },
    );
  }
  const before = await ctx.lookup(request.externalId);
  // Writing values Shopify already holds would only bump updatedAt and fire a webhook that
  // comes back as an echo: skip it.
  if (before && Object.entries(request.fields).every(([k, v]) => sameValue(before.fields[k], v))) {
    return { id: before.id, externalId: request.externalId, created: false, record: before };
  }
  const document = `mutation Upsert($value: String!, $input: CustomerSetInput!, $eidNamespace: String!, $eidKey: String!) {
      customerSet(identifier: { customId: { namespace: $eidNamespace, key: $eidKey, value: $value } }, input: $input) {
        customer { ${CUSTOMER_SELECTION} } userErrors { field message code } } }`;
  const data = await ctx.client.request<{
    customerSet: {
      customer: Record<string, unknown> | null;
      userErrors: { field: string[] | null; message: string; code: string | null }[];
    };
  }>(
    document,
    {
      value: request.externalId,
      input: request.fields,
      eidNamespace: ctx.eid.namespace,
      eidKey: ctx.eid.key,
    },
    { estimatedCost: 10, recordId: request.externalId },
  );
  const { customer, userErrors } = data.customerSet;
  if (userErrors.length > 0 || !customer) {
    const detail = userErrors
      .map((e) => `${(e.field ?? []).filter((f) => f !== 'input').join('.') || 'record'}: ${e.message}`)
      .join('; ');
    throw new ValidationRejected(
      `Shopify (${ctx.system}) rejected customer ${request.externalId}${before ? ` (${before.id})` : ''}: ${detail || 'no customer returned'}. Fix the value in the source record and replay.`,
      {
        status: 200,
        ...(userErrors[0]?.code ? { vendorCode: userErrors[0].code } : {}),
        ...(userErrors[0]?.field ? { path: userErrors[0].field.join('.') } : {}),
      },
      { system: ctx.system, recordId: before?.id ?? request.externalId },
    );
  }
  const record = toSystemRecord('customer', customer);
  return { id: record.id, externalId: request.externalId, created: !before, record };
}

/** Field equality as Shopify stores values: null and absent alike, lists element by element. */
function sameValue(stored: unknown, wanted: unknown): boolean {
  if (Array.isArray(stored) || Array.isArray(wanted)) {
    const a = (stored ?? []) as unknown[];
    const b = (wanted ?? []) as unknown[];
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return (stored ?? null) === (wanted ?? null);
}
