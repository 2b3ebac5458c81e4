/**
 * The simulated HubSpot portal's CRM data: objects with string-valued properties, numeric ids,
 * `hs_lastmodifieddate` kept to the millisecond, write validation with HubSpot's error codes, and
 * the search evaluator (filter groups ORed, filters ANDed, one sort).
 *
 * @example
 *   const portal = new HubSpotPortal();
 *   portal.write('companies', undefined, { name: 'Acme' }); // { ok: true, record, created: true }
 */
import { type HubSpotProperty, PROPERTIES } from './hubspot-schema.ts';

export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

/** One entry of a VALIDATION_ERROR's `errors` list. */
export interface PropertyError {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

export type PortalWrite =
  | { ok: true; record: HubSpotObject; created: boolean }
  | { ok: false; status: 400; errors: PropertyError[] }
  | { ok: false; status: 404 | 409; message: string };

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: unknown;
  values?: unknown[];
  highValue?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Parses a datetime property or filter value: epoch milliseconds or ISO-8601. */
export function toMillis(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

export class HubSpotPortal {
  private readonly objects = new Map<string, Map<string, HubSpotObject>>();
  private nextId = 10_000_000_001;
  private lastStamp = 0;

  constructor(private readonly clock: () => number = Date.now) {
    for (const type of Object.keys(PROPERTIES)) this.objects.set(type, new Map());
  }

  has(type: string): boolean {
    return this.objects.has(type);
  }

  definitions(type: string): readonly HubSpotProperty[] {
    return PROPERTIES[type] ?? [];
  }

  all(type: string, archived = false): HubSpotObject[] {
    return [...(this.objects.get(type)?.values() ?? [])].filter((o) => o.archived === archived);
  }

  get(type: string, id: string, idProperty?: string): HubSpotObject | undefined {
    if (idProperty && idProperty !== 'hs_object_id') return this.findUnique(type, idProperty, id);
    const record = this.objects.get(type)?.get(id);
    return record && !record.archived ? record : undefined;
  }

  findUnique(type: string, property: string, value: string): HubSpotObject | undefined {
    const lower = value.toLowerCase();
    return this.all(type).find((o) => (o.properties[property] ?? '').toLowerCase() === lower);
  }

  /** Creates (no id) or updates (id) an object after validating every property. */
  write(type: string, id: string | undefined, input: Record<string, unknown>): PortalWrite {
    const existing = id ? this.get(type, id) : undefined;
    if (id && !existing) return { ok: false, status: 404, message: `resource not found` };
    const defs = new Map(this.definitions(type).map((d) => [d.name, d]));
    const errors: PropertyError[] = [];
    const values: Record<string, string | null> = {};
    for (const [name, raw] of Object.entries(input)) {
      const def = defs.get(name);
      const bad = (error: string, message: string) => errors.push({ isValid: false, message, error, name });
      if (!def) {
        bad('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
        continue;
      }
      if (def.readOnlyValue) {
        bad('READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`);
        continue;
      }
      if (raw === null || raw === '') {
        values[name] = raw === null ? null : '';
        continue;
      }
      if (typeof raw === 'object') {
        bad('INVALID_PROPERTY_VALUE', `${JSON.stringify(raw)} is not a valid value for ${name}`);
        continue;
      }
      const text = String(raw);
      if (def.type === 'number' && !/^-?\d+(\.\d+)?$/.test(text.trim()))
        bad('INVALID_DECIMAL', `${text} was not a valid number.`);
      else if (def.type === 'datetime' && Number.isNaN(toMillis(text)))
        bad('INVALID_DATE', `${text} was not a valid date.`);
      else if (def.type === 'bool' && text !== 'true' && text !== 'false')
        bad('INVALID_BOOLEAN', `${text} was not a valid boolean.`);
      else if (def.type === 'enumeration' && !(def.options ?? []).some((o) => o.value === text)) {
        const allowed = (def.options ?? []).map((o) => `label: "${o.label}"\nvalue: "${o.value}"`).join(', ');
        bad('INVALID_OPTION', `${text} was not one of the allowed options: [${allowed}]`);
      } else if (name === 'email' && !EMAIL.test(text))
        bad('INVALID_EMAIL', `Email address ${text} is invalid`);
      else values[name] = def.type === 'datetime' ? new Date(toMillis(text)).toISOString() : text;
    }
    if (errors.length > 0) return { ok: false, status: 400, errors };
    for (const def of this.definitions(type).filter((d) => d.hasUniqueValue)) {
      const v = values[def.name];
      if (!v) continue;
      const clash = this.findUnique(type, def.name, v);
      if (clash && clash.id !== existing?.id) {
        return {
          ok: false,
          status: 409,
          message: `A ${type.replace(/s$/, '')} with ${def.name} "${v}" already exists. Existing ID: ${clash.id}`,
        };
      }
    }
    const now = this.stamp();
    if (existing) {
      Object.assign(existing.properties, values);
      existing.updatedAt = now;
      this.touch(type, existing, now);
      return { ok: true, record: existing, created: false };
    }
    const newId = String(this.nextId++);
    const record: HubSpotObject = {
      id: newId,
      properties: { ...values, hs_object_id: newId },
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    record.properties.createdate = new Date(now).toISOString();
    this.touch(type, record, now);
    this.objects.get(type)!.set(newId, record);
    return { ok: true, record, created: true };
  }

  archive(type: string, id: string): boolean {
    const record = this.get(type, id);
    if (!record) return false;
    record.archived = true;
    record.updatedAt = this.stamp();
    return true;
  }

  /**
   * Puts an object exactly as given (no validation, no stamping): how `accord sandbox up`
   * bulk-loads generated records and restores snapshots. Later creates get ids above it.
   *
   * @example
   *   portal.insertStored('companies', { id: '9000000001', properties: { name: 'Acme' }, createdAt, updatedAt, archived: false });
   */
  insertStored(type: string, record: HubSpotObject): void {
    const objects = this.objects.get(type);
    if (!objects) throw new Error(`the HubSpot simulator has no object type "${type}"`);
    objects.set(record.id, record);
    if (/^\d+$/.test(record.id)) this.nextId = Math.max(this.nextId, Number(record.id) + 1);
    this.lastStamp = Math.max(this.lastStamp, record.updatedAt);
  }

  /** Milliseconds, never going backwards (several writes may share one). */
  private stamp(): number {
    this.lastStamp = Math.max(this.lastStamp, this.clock());
    return this.lastStamp;
  }

  private touch(type: string, record: HubSpotObject, now: number): void {
    const iso = new Date(now).toISOString();
    record.properties.hs_lastmodifieddate = iso;
    if (type === 'contacts') record.properties.lastmodifieddate = iso;
  }

  /** Search: filter groups are ORed, the filters inside a group ANDed. */
  search(
    type: string,
    filterGroups: { filters: SearchFilter[] }[],
    sort: { propertyName: string; descending: boolean } | undefined,
  ) {
    const defs = new Map(this.definitions(type).map((d) => [d.name, d]));
    const hits = this.all(type).filter(
      (o) =>
        filterGroups.length === 0 ||
        filterGroups.some((g) => g.filters.every((f) => matches(o, f, defs.get(f.propertyName)))),
    );
    const key = sort?.propertyName ?? 'hs_object_id';
    const def = defs.get(key);
    hits.sort((a, b) => {
      const order = compare(a.properties[key] ?? null, b.properties[key] ?? null, def);
      return (sort?.descending ? -order : order) || Number(a.id) - Number(b.id);
    });
    return hits;
  }
}

function comparable(value: string, def: HubSpotProperty | undefined): number | string {
  if (def?.type === 'number') return Number(value);
  if (def?.type === 'datetime' || def?.type === 'date') return toMillis(value);
  return value.toLowerCase();
}

function compare(a: string | null, b: string | null, def: HubSpotProperty | undefined): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const x = comparable(a, def);
  const y = comparable(b, def);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(o: HubSpotObject, f: SearchFilter, def: HubSpotProperty | undefined): boolean {
  const actual = o.properties[f.propertyName] ?? null;
  const has = actual !== null && actual !== '';
  const cmp = (v: unknown) => compare(actual, String(v), def);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && cmp(f.value) === 0;
    case 'NEQ':
      return !has || cmp(f.value) !== 0;
    case 'LT':
      return has && cmp(f.value) < 0;
    case 'LTE':
      return has && cmp(f.value) <= 0;
    case 'GT':
      return has && cmp(f.value) > 0;
    case 'GTE':
      return has && cmp(f.value) >= 0;
    case 'BETWEEN':
      return has && cmp(f.value) >= 0 && cmp(f.highValue) <= 0;
    case 'IN':
      return has && (f.values ?? []).some((v) => cmp(v) === 0);
    case 'NOT_IN':
      return !has || !(f.values ?? []).some((v) => cmp(v) === 0);
    case 'CONTAINS_TOKEN':
      return has && String(actual).toLowerCase().includes(String(f.value).replace(/\*/g, '').toLowerCase());
    default:
      return false;
  }
}
