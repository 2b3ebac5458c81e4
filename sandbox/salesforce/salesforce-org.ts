/**
 * The simulated org's data: records per sObject, write validation with Salesforce's error codes,
 * upsert by external id, and the audit timestamps (`CreatedDate`, `LastModifiedDate`,
 * `SystemModstamp`). Timestamps have whole-second precision, as the API returns them
 * (`2026-11-28T14:00:05.000+0000`): many records share one `SystemModstamp`, which is exactly why
 * change cursors need the `(SystemModstamp, Id)` tie-break.
 *
 * @example
 *   const org = new SalesforceOrg();
 *   const r = org.create('Account', { Name: 'Acme' }); // { ok: true, id: '001…' }
 */
import { isSalesforceId, salesforceId } from './salesforce-ids.ts';
import {
  findField,
  findSObject,
  type SalesforceField,
  type SalesforceObject,
  SOBJECTS,
  type SObjectSchema,
} from './salesforce-schema.ts';
import type { StoredRecord } from './soql-evaluate.ts';

/** One entry of Salesforce's error array. */
export interface SalesforceError {
  message: string;
  errorCode: string;
  fields: string[];
}

export type WriteOutcome =
  | { ok: true; id: string; created: boolean }
  | { ok: false; status: number; errors: SalesforceError[]; matches?: string[] };

/** Formats epoch milliseconds the way the REST API does: `2026-11-28T14:00:05.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class SalesforceOrg {
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private serial = 0;
  private objects: Record<string, SalesforceObject> = { ...SOBJECTS };

  /** This org's sObjects: the standard schema, as changed by {@link renameField} / {@link removeField}. */
  get schema(): SObjectSchema {
    return this.objects;
  }

  /**
   * An admin renames a custom field (Setup → Object Manager → Fields): describe, SOQL and writes
   * know only the new API name from now on, and stored values move with the field — what a
   * renamed CRM field looks like to an integration. Only custom (`__c`) fields can be renamed.
   *
   * @example
   *   org.renameField('Account', 'Loyalty__c', 'Loyalty_Tier__c');
   */
  renameField(objectName: string, from: string, to: string): void {
    const { object, field } = this.customField(objectName, from);
    if (!to.endsWith('__c')) throw new Error(`a custom field's API name ends in __c: "${to}"`);
    if (findField(object, to)) throw new Error(`${object.name} already has a field "${to}"`);
    this.replaceFields(
      object,
      object.fields.map((f) => (f === field ? { ...f, name: to } : f)),
    );
    for (const r of this.records.get(object.name)?.values() ?? []) {
      r[to] = r[field.name] ?? null;
      delete r[field.name];
    }
  }

  /**
   * An admin deletes a custom field: it disappears from describe, SOQL and writes, with its values.
   *
   * @example
   *   org.removeField('Account', 'Loyalty__c');
   */
  removeField(objectName: string, name: string): void {
    const { object, field } = this.customField(objectName, name);
    this.replaceFields(
      object,
      object.fields.filter((f) => f !== field),
    );
    for (const r of this.records.get(object.name)?.values() ?? []) delete r[field.name];
  }

  private customField(
    objectName: string,
    name: string,
  ): { object: SalesforceObject; field: SalesforceField } {
    const object = findSObject(objectName, this.schema);
    if (!object) throw new Error(`the Salesforce simulator has no sObject "${objectName}"`);
    const field = findField(object, name);
    if (!field?.custom) throw new Error(`${object.name} has no custom field "${name}"`);
    return { object, field };
  }

  private replaceFields(object: SalesforceObject, fields: readonly SalesforceField[]): void {
    // Copy on write: the standard schema (SOBJECTS) is shared by every org.
    this.objects = { ...this.objects, [object.name]: { ...object, fields } };
  }

  constructor(private readonly clock: () => number = Date.now) {
    for (const name of Object.keys(SOBJECTS)) this.records.set(name, new Map());
  }

  /** Records of an object; deleted ones (the recycle bin) only when asked, as `queryAll` does. */
  all(object: string, includeDeleted = false): StoredRecord[] {
    return [...(this.records.get(object)?.values() ?? [])].filter(
      (r) => includeDeleted || r.IsDeleted !== true,
    );
  }

  get(object: string, id: string): StoredRecord | undefined {
    const record = this.records.get(object)?.get(id.length === 15 ? this.expand(object, id) : id);
    return record && record.IsDeleted !== true ? record : undefined;
  }

  private expand(object: string, id15: string): string {
    for (const id of this.records.get(object)?.keys() ?? []) if (id.startsWith(id15)) return id;
    return id15;
  }

  /** Records whose field equals the value, as an external-id lookup does (case-insensitive). */
  findBy(object: string, field: string, value: string): StoredRecord[] {
    const lower = value.toLowerCase();
    return this.all(object).filter(
      (r) => r[field] !== null && r[field] !== undefined && String(r[field]).toLowerCase() === lower,
    );
  }

  /** Whole seconds: the precision the API reports. */
  private now(): number {
    return Math.floor(this.clock() / 1000) * 1000;
  }

  create(objectName: string, body: Record<string, unknown>): WriteOutcome {
    const object = findSObject(objectName, this.schema)!;
    const checked = this.validate(object, body, undefined);
    if (!checked.ok) return checked;
    const id = salesforceId(object.keyPrefix, ++this.serial);
    const now = this.now();
    const record: StoredRecord = {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      LastModifiedDate: now,
      SystemModstamp: now,
    };
    for (const f of object.fields)
      if (f.createable && !(f.name in record)) record[f.name] = f.defaultValue ?? null;
    Object.assign(record, checked.values);
    this.records.get(object.name)!.set(id, record);
    return { ok: true, id, created: true };
  }

  update(objectName: string, id: string, body: Record<string, unknown>): WriteOutcome {
    const object = findSObject(objectName, this.schema)!;
    const existing = this.get(object.name, id);
    if (!existing) {
      return {
        ok: false,
        status: 404,
        errors: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }],
      };
    }
    const checked = this.validate(object, body, existing);
    if (!checked.ok) return checked;
    Object.assign(existing, checked.values);
    const now = this.now();
    existing.LastModifiedDate = now;
    existing.SystemModstamp = now;
    return { ok: true, id: existing.Id as string, created: false };
  }

  /** Upsert by an external-id field: 0 matches creates, 1 updates, more is a 300 with the ids. */
  upsert(objectName: string, fieldName: string, value: string, body: Record<string, unknown>): WriteOutcome {
    const object = findSObject(objectName, this.schema)!;
    const field = findField(object, fieldName);
    if (!field || !(field.externalId || field.type === 'id')) {
      return {
        ok: false,
        status: 404,
        errors: [
          {
            errorCode: 'NOT_FOUND',
            message: `Provided external ID field does not exist or is not accessible: ${fieldName}`,
            fields: [],
          },
        ],
      };
    }
    if (Object.keys(body).some((k) => k.toLowerCase() === field.name.toLowerCase() || k === 'Id')) {
      return {
        ok: false,
        status: 400,
        errors: [
          {
            errorCode: 'INVALID_FIELD',
            message: `The ${field.name} field should not be specified in the sobject data.`,
            fields: [field.name],
          },
        ],
      };
    }
    const hits = this.findBy(object.name, field.name, value);
    if (hits.length > 1)
      return { ok: false, status: 300, errors: [], matches: hits.map((h) => h.Id as string) };
    if (hits.length === 1) return this.update(object.name, hits[0]!.Id as string, body);
    return this.create(object.name, { ...body, [field.name]: value });
  }

  delete(objectName: string, id: string): boolean {
    const record = this.get(objectName, id);
    if (!record) return false;
    record.IsDeleted = true;
    record.SystemModstamp = this.now();
    return true;
  }

  /**
   * Puts a record in stored form (datetimes as epoch ms) exactly as given — no validation, no
   * stamping: how `accord sandbox up` bulk-loads generated records and restores snapshots. A
   * simulator-allocated id (pod `Ak0`) advances the serial so later creates never collide.
   *
   * @example
   *   org.insertStored('Account', { Id: '001Dn0000000001IAA', IsDeleted: false, Name: 'Acme', … });
   */
  insertStored(objectName: string, record: StoredRecord): void {
    const object = findSObject(objectName, this.schema);
    if (!object) throw new Error(`the Salesforce simulator has no sObject "${objectName}"`);
    const id = String(record.Id);
    if (id.slice(3, 6) === 'Ak0') {
      let serial = 0;
      for (const c of id.slice(6, 15))
        serial = serial * 62 + '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.indexOf(c);
      this.serial = Math.max(this.serial, serial);
    }
    this.records.get(object.name)!.set(id, record);
  }

  private validate(
    object: SalesforceObject,
    body: Record<string, unknown>,
    existing: StoredRecord | undefined,
  ): { ok: true; values: StoredRecord } | { ok: false; status: number; errors: SalesforceError[] } {
    const errors: SalesforceError[] = [];
    const values: StoredRecord = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'attributes') continue;
      const field = findField(object, key);
      if (!field) {
        return {
          ok: false,
          status: 400,
          errors: [
            {
              errorCode: 'INVALID_FIELD',
              message: `No such column '${key}' on sobject of type ${object.name}`,
              fields: [],
            },
          ],
        };
      }
      if (existing ? !field.updateable : !field.createable) {
        readOnly.push(field.name);
        continue;
      }
      const coerced = this.coerce(field, raw);
      if ('error' in coerced) errors.push(coerced.error);
      else values[field.name] = coerced.value;
    }
    if (readOnly.length > 0) {
      errors.unshift({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: readOnly,
      });
    }
    const missing = object.fields
      .filter((f) => f.requiredOnCreate)
      .filter((f) =>
        existing
          ? f.name in values && values[f.name] === null
          : values[f.name] === undefined || values[f.name] === null,
      )
      .map((f) => f.name);
    if (missing.length > 0) {
      errors.push({
        errorCode: 'REQUIRED_FIELD_MISSING',
        message: `Required fields are missing: [${missing.join(', ')}]`,
        fields: missing,
      });
    }
    for (const f of object.fields.filter((x) => x.unique)) {
      const v = values[f.name];
      if (v === null || v === undefined) continue;
      const clash = this.findBy(object.name, f.name, String(v)).find((r) => r.Id !== existing?.Id);
      if (clash) {
        errors.push({
          errorCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.Id)}`,
          fields: [],
        });
      }
    }
    if (errors.length > 0) return { ok: false, status: 400, errors };
    return { ok: true, values };
  }

  private coerce(field: SalesforceField, raw: unknown): { value: unknown } | { error: SalesforceError } {
    const bad = (errorCode: string, message: string) => ({
      error: { errorCode, message: `${field.label}: ${message}`, fields: [field.name] },
    });
    if (raw === null) {
      if (field.type === 'boolean')
        return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', 'value not of required type: null');
      return { value: null };
    }
    if (typeof raw === 'object') {
      return {
        error: {
          errorCode: 'JSON_PARSER_ERROR',
          message: `Cannot deserialize instance of ${field.type} from START_OBJECT value for field ${field.name}`,
          fields: [field.name],
        },
      };
    }
    switch (field.type) {
      case 'boolean':
        if (typeof raw === 'boolean') return { value: raw };
        if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
        return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(raw)}`);
      case 'int':
      case 'double':
      case 'currency':
      case 'percent': {
        const n =
          typeof raw === 'number'
            ? raw
            : typeof raw === 'string' && raw.trim() !== ''
              ? Number(raw)
              : Number.NaN;
        if (!Number.isFinite(n))
          return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(raw)}`);
        const scale = field.type === 'int' ? 0 : (field.scale ?? 2);
        const digits = (field.precision ?? 18) - scale;
        if (Math.abs(n) >= 10 ** digits)
          return bad(
            'NUMBER_OUTSIDE_VALID_RANGE',
            `value outside of valid range on numeric field: ${String(raw)}`,
          );
        if (field.type === 'int' && !Number.isInteger(n))
          return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(raw)}`);
        // Salesforce rounds half up to the field's scale on save.
        const factor = 10 ** scale;
        return { value: Math.sign(n) * (Math.round(Math.abs(n) * factor) / factor) };
      }
      case 'date':
        if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)))
          return { value: raw };
        return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(raw)}`);
      case 'datetime': {
        const ms =
          typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
        if (Number.isNaN(ms))
          return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(raw)}`);
        return { value: ms };
      }
      case 'reference': {
        const id = String(raw);
        if (!isSalesforceId(id)) return bad('MALFORMED_ID', `id value of incorrect type: ${id}`);
        if (field.referenceTo && !this.get(field.referenceTo, id)) {
          return {
            error: {
              errorCode: 'INVALID_CROSS_REFERENCE_KEY',
              message: 'invalid cross reference id',
              fields: [field.name],
            },
          };
        }
        return { value: id.length === 15 ? this.expand(field.referenceTo ?? '', id) : id };
      }
      default: {
        const value = String(raw);
        if (field.length && value.length > field.length) {
          return bad(
            'STRING_TOO_LONG',
            `data value too large: ${value.slice(0, 40)} (max length=${field.length})`,
          );
        }
        if (field.type === 'email' && value !== '' && !EMAIL.test(value))
          return bad('INVALID_EMAIL_ADDRESS', `invalid email address: ${value}`);
        if (
          field.type === 'picklist' &&
          field.restrictedPicklist &&
          !(field.picklistValues ?? []).includes(value)
        ) {
          return bad(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `bad value for restricted picklist field: ${value}`,
          );
        }
        return { value: value === '' ? null : value };
      }
    }
  }
}

/** A stored record in the REST API's JSON shape, with its `attributes`. */
export function toApiRecord(
  object: SalesforceObject,
  record: StoredRecord,
  baseUrl: string,
  fields: readonly SalesforceField[] = object.fields,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: object.name, url: `${baseUrl}/sobjects/${object.name}/${String(record.Id)}` },
  };
  for (const f of fields) {
    const v = record[f.name] ?? null;
    out[f.name] = f.type === 'datetime' && typeof v === 'number' ? formatDateTime(v) : v;
  }
  return out;
}
