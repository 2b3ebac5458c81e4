/**
 * An in-process, zero-latency system that implements the connector port exactly — for the
 * engine's benchmark and unit tests, where a simulator's HTTP would measure the network instead
 * of the pipeline. It is NOT a simulator of any vendor: records are plain objects, ids are
 * counters, and nothing is validated unless a `beforeWrite` hook says so.
 *
 * @example
 *   const crm = new MemoryConnector({ system: 'crm' });
 *   crm.put('contact', { email: 'a@x.test' });               // a change to capture
 *   await crm.upsert({ objectType: 'contact', externalId: 'shop:1', fields: { email: 'b@x.test' }, idempotencyKey: 'k' });
 */
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  ReadChangesRequest,
  ScanRequest,
  SystemKind,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connector.ts';

export interface MemoryConnectorOptions {
  system: string;
  /** Reported kind (default `postgres`: a generic table-like system). */
  kind?: SystemKind;
  /** Called before a write is stored: throw to refuse it, or change `fields` (a server-side script). */
  beforeWrite?: ((request: WriteRequest, fields: Record<string, unknown>) => void) | undefined;
}

const CAPABILITIES: ConnectorCapabilities = {
  upsertByExternalId: true,
  idempotencyKeys: true,
  webhooks: false,
  bulkLoad: false,
};

export class MemoryConnector implements Connector {
  readonly system: string;
  readonly kind: SystemKind;
  readonly capabilities = CAPABILITIES;
  private readonly tables = new Map<string, Map<string, SystemRecord>>();
  private readonly byExternal = new Map<string, string>();
  private readonly idempotency = new Map<string, WriteResult>();
  private nextId = 1;
  private tick = Date.parse('2026-01-01T00:00:00.000Z');
  private counters = { requests: 0, writes: 0 };

  constructor(private readonly options: MemoryConnectorOptions) {
    this.system = options.system;
    this.kind = options.kind ?? 'postgres';
  }

  /** Creates or changes a record as a user of the system would; returns it. */
  put(objectType: string, fields: Record<string, unknown>, id?: string): SystemRecord {
    const table = this.table(objectType);
    const recordId = id ?? String(this.nextId++);
    const before = table.get(recordId);
    const record: SystemRecord = {
      objectType,
      id: recordId,
      externalId: before?.externalId,
      modifiedAt: this.stamp(),
      fields: { ...(before?.fields ?? {}), ...fields },
    };
    table.set(recordId, record);
    return record;
  }

  /** All records of a type (inspection). */
  records(objectType: string): SystemRecord[] {
    return [...this.table(objectType).values()];
  }

  /** Writes performed through `upsert` (not counting idempotent replays). */
  get writes(): number {
    return this.counters.writes;
  }

  async *readChanges(request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    this.counters.requests += 1;
    const since = request.since;
    const all = [...this.table(request.objectType).values()]
      .filter(
        (r) =>
          !since ||
          r.modifiedAt > since.modifiedAt ||
          (r.modifiedAt === since.modifiedAt && compareId(r.id, since.id) >= 0),
      )
      .sort((a, b) =>
        a.modifiedAt === b.modifiedAt ? compareId(a.id, b.id) : a.modifiedAt < b.modifiedAt ? -1 : 1,
      );
    const size = request.pageSize ?? 1000;
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size).map(clone);
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const all = [...this.table(request.objectType).values()].map(clone);
    const size = request.pageSize ?? 1000;
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    this.counters.requests += 1;
    const r = this.table(objectType).get(id);
    return r ? clone(r) : undefined;
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    this.counters.requests += 1;
    const id = this.byExternal.get(`${objectType}\u0000${externalId}`);
    return id === undefined ? undefined : this.get(objectType, id);
  }

  async findByField(objectType: string, field: string, value: string): Promise<SystemRecord[]> {
    this.counters.requests += 1;
    const hits: SystemRecord[] = [];
    for (const r of this.table(objectType).values()) {
      const v = field
        .split('.')
        .reduce<unknown>(
          (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
          r.fields,
        );
      // Compared trimmed and case-insensitively, like most systems' text search; the engine re-checks.
      if (v !== undefined && v !== null && String(v).trim().toLowerCase() === value.trim().toLowerCase())
        hits.push(clone(r));
    }
    return hits;
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    this.counters.requests += 1;
    const replay = this.idempotency.get(request.idempotencyKey);
    if (replay) return { ...replay, created: false, record: await this.get(request.objectType, replay.id) };
    const fields = copyFields(request.fields);
    this.options.beforeWrite?.(request, fields);
    const key = `${request.objectType}\u0000${request.externalId}`;
    const existingId = request.id ?? this.byExternal.get(key);
    const created = existingId === undefined || !this.table(request.objectType).has(existingId);
    const record = this.put(
      request.objectType,
      merge(created ? {} : (this.table(request.objectType).get(existingId as string)?.fields ?? {}), fields),
      existingId,
    );
    record.externalId = request.externalId;
    this.byExternal.set(key, record.id);
    this.counters.writes += 1;
    const result: WriteResult = {
      id: record.id,
      externalId: request.externalId,
      created,
      record: clone(record),
    };
    // Remember the outcome, not the record (the record is re-read on a replay).
    this.idempotency.set(request.idempotencyKey, { id: record.id, externalId: request.externalId, created });
    return result;
  }

  async describe(): Promise<SystemSchema> {
    return { kind: this.kind, apiVersion: 'memory', objects: [], configuration: {} };
  }

  stats(): ConnectorStats {
    return {
      requests: this.counters.requests,
      inFlight: 0,
      maxInFlight: 1,
      concurrencyCap: 1,
      rateLimited: 0,
    };
  }

  async close(): Promise<void> {}

  private table(objectType: string): Map<string, SystemRecord> {
    let t = this.tables.get(objectType);
    if (!t) {
      t = new Map();
      this.tables.set(objectType, t);
    }
    return t;
  }

  /** Strictly increasing instants, so every change has its own version. */
  private stamp(): string {
    this.tick = Math.max(this.tick + 1, Date.now());
    return new Date(this.tick).toISOString();
  }
}

function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function clone(r: SystemRecord): SystemRecord {
  return { ...r, fields: copyFields(r.fields) };
}

/**
 * A deep copy of plain record data (objects, arrays, primitives); anything else (Date, Map, class
 * instances…) goes through structuredClone. Why: structuredClone serialises and deserialises, and
 * was the memory system's main cost in `npm run bench -- engine` (a clone per read and per write).
 */
function copyFields(fields: Record<string, unknown>): Record<string, unknown> {
  return copyValue(fields) as Record<string, unknown>;
}

function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyValue((value as Record<string, unknown>)[key]);
  return out;
}

function compareId(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b))
    return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
