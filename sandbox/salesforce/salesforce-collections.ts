/**
 * sObject Collections (`POST /composite/sobjects`, `PATCH /composite/sobjects/<Object>/<extField>`):
 * up to 200 records per call, answered 200 with one SaveResult/UpsertResult per record, each
 * succeeding or failing on its own (`allOrNone: false`, the default).
 *
 * @example
 *   saveCollection(org, undefined, undefined, [{ attributes: { type: 'Account' }, Name: 'A' }])
 */
import type { SalesforceError, SalesforceOrg, WriteOutcome } from './salesforce-org.ts';
import { findSObject } from './salesforce-schema.ts';

export type CollectionReply = { status: 200; body: unknown[] } | { status: 400; errors: SalesforceError[] };

export function saveCollection(
  org: SalesforceOrg,
  typeName: string | undefined,
  extField: string | undefined,
  records: Record<string, unknown>[],
): CollectionReply {
  if (records.length > 200) {
    const message = 'record limit reached. cannot submit more than 200 records into this call';
    return { status: 400, errors: [{ errorCode: 'EXCEEDED_ID_LIMIT', message, fields: [] }] };
  }
  const body = records.map((r) => {
    const { attributes, ...fields } = r;
    const object = findSObject(
      typeName ?? String((attributes as { type?: string } | undefined)?.type ?? ''),
      org.schema,
    );
    if (!object) {
      return {
        success: false,
        errors: [{ statusCode: 'INVALID_TYPE', message: 'sObject type is missing or invalid', fields: [] }],
      };
    }
    let outcome: WriteOutcome;
    if (extField) {
      const { [extField]: value, ...rest } = fields;
      outcome = org.upsert(object.name, extField, String(value ?? ''), rest);
    } else outcome = org.create(object.name, fields);
    if (outcome.ok) {
      return { id: outcome.id, success: true, errors: [], ...(extField ? { created: outcome.created } : {}) };
    }
    if (outcome.status === 300) {
      const message = `${extField}: more than one record found for external id field: [${(outcome.matches ?? []).join(', ')}]`;
      return {
        success: false,
        errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message, fields: [extField] }],
      };
    }
    // Collections report errors with `statusCode` in place of `errorCode`.
    return {
      success: false,
      errors: outcome.errors.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields })),
    };
  });
  return { status: 200, body };
}
