/**
 * The account's data, in memory: records by type and internal id, an external-id index, and the
 * last-modified clock. Records are kept in "stored form" (references as `{id}`, money as decimal
 * strings, sublists as arrays of lines); `record-codec.ts` turns them into REST JSON.
 * Snapshot and restore write/read the whole account as one JSON file.
 *
 * @example
 *   const store = new RecordStore(() => Date.now());
 *   const id = store.insert('customer', { companyName: 'Acme' });
 *   store.findByExternalId('customer', 'CUST-1');
 */
import { readFile, writeFile } from 'node:fs/promises';
import { restDatetime } from './account-clock.ts';

export type StoredRecord = Record<string, unknown> & { id: string };

interface SnapshotFile {
  format: 'accord-netsuite-simulator/1';
  nextId: number;
  tables: Record<string, StoredRecord[]>;
}

export class RecordStore {
  private tables = new Map<string, Map<string, StoredRecord>>();
  /** type → externalId → internal id; upserts by external id must not scan (the bench does 5,000). */
  private externalIds = new Map<string, Map<string, string>>();
  private nextId = 100;

  constructor(private readonly now: () => number) {}

  private table(type: string): Map<string, StoredRecord> {
    let table = this.tables.get(type);
    if (!table) {
      table = new Map();
      this.tables.set(type, table);
    }
    return table;
  }

  get(type: string, id: string): StoredRecord | undefined {
    return this.table(type).get(id);
  }

  findByExternalId(type: string, externalId: string): StoredRecord | undefined {
    const id = this.externalIds.get(type)?.get(externalId);
    return id === undefined ? undefined : this.get(type, id);
  }

  private put(type: string, record: StoredRecord): void {
    const previous = this.table(type).get(record.id);
    let index = this.externalIds.get(type);
    if (!index) {
      index = new Map();
      this.externalIds.set(type, index);
    }
    if (typeof previous?.externalId === 'string') index.delete(previous.externalId);
    if (typeof record.externalId === 'string') index.set(record.externalId, record.id);
    this.table(type).set(record.id, record);
  }

  /** Puts a row under the id it carries (rows of query-only tables, keyed by their columns). */
  putRow(type: string, record: StoredRecord): void {
    this.put(type, record);
  }

  /** All records of a type, in internal-id order (NetSuite lists default to that order). */
  all(type: string): StoredRecord[] {
    return [...this.table(type).values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * Stamps an id, dateCreated and lastModifiedDate (unless given: seeding history); returns the
   * new internal id. The record service never passes timestamps (they are read-only fields).
   */
  insert(type: string, fields: Record<string, unknown>): string {
    const id = String(this.nextId++);
    const stamp = restDatetime(new Date(this.now()));
    this.put(type, { dateCreated: stamp, lastModifiedDate: stamp, ...fields, id });
    return id;
  }

  /** Replaces a record's fields, keeping id and dateCreated, and stamps lastModifiedDate. */
  replace(type: string, id: string, fields: Record<string, unknown>): void {
    const existing = this.get(type, id);
    if (!existing) throw new Error(`no ${type} ${id}`);
    this.put(type, {
      ...fields,
      id,
      dateCreated: existing.dateCreated,
      lastModifiedDate: restDatetime(new Date(this.now())),
    });
  }

  delete(type: string, id: string): boolean {
    const record = this.get(type, id);
    if (typeof record?.externalId === 'string') this.externalIds.get(type)?.delete(record.externalId);
    return this.table(type).delete(id);
  }

  types(): string[] {
    return [...this.tables.keys()];
  }

  toJSON(): SnapshotFile {
    const tables: Record<string, StoredRecord[]> = {};
    for (const [type, table] of this.tables) tables[type] = [...table.values()];
    return { format: 'accord-netsuite-simulator/1', nextId: this.nextId, tables };
  }

  async snapshot(path: string): Promise<void> {
    await writeFile(path, JSON.stringify(this.toJSON()), 'utf8');
  }

  async restore(path: string): Promise<void> {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<SnapshotFile>;
    if (
      parsed.format !== 'accord-netsuite-simulator/1' ||
      typeof parsed.nextId !== 'number' ||
      !parsed.tables
    ) {
      throw new Error(`${path} is not a NetSuite simulator snapshot (format accord-netsuite-simulator/1)`);
    }
    this.tables = new Map();
    this.externalIds = new Map();
    for (const [type, records] of Object.entries(parsed.tables)) for (const r of records) this.put(type, r);
    this.nextId = parsed.nextId;
  }
}
