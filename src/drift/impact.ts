/**
 * `accord impact <old> <new>`: how many live records each mapping change would touch. Reads each
 * affected object once (a scan through its connector) and applies every change's predicate to
 * every record, so the cost is one pass per object whatever the number of changes.
 *
 * @example
 *   const report = await measureImpact({ before, after, connectors });
 *   for (const item of report.items) console.log(item.subject, item.records, 'of', item.scanned);
 */
import type { Connector } from '../connectors/connector.ts';
import type { Contract } from '../contract/model.ts';
import { toError } from '../model/errors.ts';
import type { ConnectorsBySystem } from './drift-service.ts';
import { type MappingChange, mappingChanges } from './mapping-changes.ts';

export interface ImpactItem {
  subject: string;
  description: string;
  entity: string;
  system: string;
  object: string;
  flows: readonly string[];
  /** Records the change touches; absent when the system was not read (see `note`). */
  records?: number;
  /** Records of the object read. */
  scanned?: number;
  /** Up to `sampleSize` ids of touched records, to look at. */
  sample: string[];
  note?: string;
}

export interface ImpactReport {
  before: string;
  after: string;
  items: ImpactItem[];
}

async function scanObject(
  connector: Connector,
  object: string,
  changes: readonly { change: MappingChange; item: ImpactItem }[],
  sampleSize: number,
  pageSize: number | undefined,
): Promise<void> {
  let scanned = 0;
  for await (const page of connector.scan({ objectType: object, ...(pageSize ? { pageSize } : {}) })) {
    for (const record of page) {
      if (record.deleted) continue;
      scanned++;
      for (const { change, item } of changes) {
        if (!change.touches(record.fields)) continue;
        item.records = (item.records ?? 0) + 1;
        if (item.sample.length < sampleSize) item.sample.push(record.id);
      }
    }
  }
  for (const { item } of changes) {
    item.scanned = scanned;
    item.records ??= 0;
  }
}

/** Counts, per change between two contracts, the live records it touches. */
export async function measureImpact(input: {
  before: Contract;
  after: Contract;
  connectors: ConnectorsBySystem;
  sampleSize?: number | undefined;
  pageSize?: number | undefined;
}): Promise<ImpactReport> {
  const sampleSize = input.sampleSize ?? 5;
  const changes = mappingChanges(input.before, input.after);
  const items = changes.map(
    (c): ImpactItem => ({
      subject: c.subject,
      description: c.description,
      entity: c.entity,
      system: c.system,
      object: c.object,
      flows: c.flows,
      sample: [],
    }),
  );
  const groups = new Map<string, { change: MappingChange; item: ImpactItem }[]>();
  changes.forEach((change, i) => {
    const key = `${change.system}\u0000${change.object}`;
    const list = groups.get(key) ?? [];
    list.push({ change, item: items[i]! });
    groups.set(key, list);
  });
  for (const list of groups.values()) {
    const { system, object } = list[0]!.change;
    const connector = input.connectors[system];
    if (!connector) {
      for (const { item } of list) item.note = `not counted: no connection to ${system}`;
      continue;
    }
    try {
      await scanObject(connector, object, list, sampleSize, input.pageSize);
    } catch (cause) {
      for (const { item } of list) {
        delete item.records;
        item.sample = [];
        item.note = `not counted: reading ${system} ${object} failed: ${toError(cause).message}`;
      }
    }
  }
  return { before: input.before.file, after: input.after.file, items };
}
