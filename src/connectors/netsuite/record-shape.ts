/**
 * Turns NetSuite's replies into Accord's `SystemRecord`s, and Accord's external ids into
 * NetSuite's: REST records (HATEOAS `links` dropped at every depth, `lastModifiedDate` as the
 * change instant) and SuiteQL rows (the full account-local timestamp converted to UTC); the
 * external-id prefix that marks Accord's records added on the way in and removed on the way out.
 *
 * @example
 *   const shape = new RecordShape(new AccountTime('America/Los_Angeles'), 'accord:');
 *   shape.eidOf('shop-42')                      // 'accord:shop-42'
 *   shape.fromRecord('customer', restBody).externalId // 'shop-42'
 */
import type { SystemRecord } from '../connector.ts';
import type { AccountTime } from './account-time.ts';
import { MODIFIED_ALIAS, type SuiteQlRow } from './suiteql-reader.ts';

export class RecordShape {
  constructor(
    private readonly clock: AccountTime,
    private readonly externalIdPrefix = '',
  ) {}

  /** A REST record body as a SystemRecord. */
  fromRecord(objectType: string, body: Record<string, unknown>): SystemRecord {
    const { links: _links, ...fields } = body;
    const externalId = typeof body.externalId === 'string' ? this.stripPrefix(body.externalId) : undefined;
    const modified =
      typeof body.lastModifiedDate === 'string' ? Date.parse(body.lastModifiedDate) : Number.NaN;
    return {
      objectType,
      id: String(body.id),
      externalId,
      modifiedAt: new Date(Number.isNaN(modified) ? 0 : modified).toISOString(),
      fields: stripLinks(fields) as Record<string, unknown>,
    };
  }

  /** A SuiteQL row as a SystemRecord (fields are SuiteQL's lower-case columns). */
  fromRow(objectType: string, row: SuiteQlRow): SystemRecord {
    const { [MODIFIED_ALIAS]: _modified, ...fields } = row;
    const externalId = row.externalid == null ? undefined : this.stripPrefix(String(row.externalid));
    return { objectType, id: String(row.id), externalId, modifiedAt: this.modifiedOf(row), fields };
  }

  /** The row's full local timestamp as a UTC instant. */
  modifiedOf(row: SuiteQlRow): string {
    const local = row[MODIFIED_ALIAS];
    return typeof local === 'string' ? this.clock.toInstant(local) : new Date(0).toISOString();
  }

  /** The external id as stored in NetSuite (with Accord's prefix, once). */
  eidOf(externalId: string): string {
    const prefix = this.externalIdPrefix;
    return externalId.startsWith(prefix) ? externalId : `${prefix}${externalId}`;
  }

  stripPrefix(externalId: string): string {
    const prefix = this.externalIdPrefix;
    return prefix && externalId.startsWith(prefix) ? externalId.slice(prefix.length) : externalId;
  }
}

/** Drops HATEOAS `links` at every depth (references and sublists carry them too). */
function stripLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLinks);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'links') out[k] = stripLinks(v);
    return out;
  }
  return value;
}
