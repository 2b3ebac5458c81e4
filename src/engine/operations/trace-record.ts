/**
 * "Why does this say that?" — for one entity record (and optionally one field), per system: the
 * value now (its baseline, what Accord last saw), who set it (the audit event of Accord's last
 * write there: source system, record version, run, flow, rule), when, and the value before. A
 * value that differs from Accord's last write was changed in that system afterwards, and says so.
 *
 * Each flow over a record keeps its own baseline (two flows sharing a NetSuite customer; the
 * orders flow and the warehouse copy over one sales order): a field's value now is the one seen
 * most recently by any flow carrying it, named (`seenBy`), and every flow's baseline is listed
 * (`flows`), so a user sees who read the record last and what each flow still remembers.
 *
 * The record is found by its key (`recordKey` of audit events: the engine's `<source system>:<id>`),
 * else by a record id in any system or `<system>:<id>`, else by a value Accord wrote (an email, an
 * order number); linked records of other systems are included. A value found in several records
 * is not guessed between: the report lists them (`ambiguous`).
 *
 * @example
 *   const report = await traceRecord(store, { entity: 'customer', key: 'c@x.test', field: 'email' });
 */
import { canonicalJson } from '../../audit/canonical-json.ts';
import type { AuditRecord, Baseline, RecordRef, StoreSession } from '../../store/store.ts';
import { findRecordsByValue, type ValueMatch } from './find-record-by-value.ts';

export interface FieldWrite {
  at: string;
  seq: number;
  value: unknown;
  before: unknown;
  sourceSystem: string | null;
  sourceVersion: string | null;
  runId: string | null;
  flow: string | null;
  rule: string | null;
  actor: string;
}

export interface FieldTrace {
  field: string;
  /** Whether Accord has seen this field in this system (a baseline of some flow). */
  seen: boolean;
  now: unknown;
  /** The flow whose baseline `now` comes from: the latest to have seen this field here. */
  seenBy?: string | undefined;
  /** Accord's last write of this field to this record; absent when Accord never wrote it here. */
  lastWrite?: FieldWrite | undefined;
  /** The value now differs from Accord's last write: someone changed it in the system since. */
  changedSince: boolean;
  /** Every write, oldest first. */
  history: FieldWrite[];
}

export interface SystemTrace {
  system: string;
  recordId: string;
  /** The latest baseline of any flow: when, at which version and by which flow the record was last seen. */
  seenAt?: string | undefined;
  seenVersion?: string | undefined;
  flow?: string | undefined;
  /** Every flow's baseline of this record, latest first. */
  flows: FlowSeen[];
  fields: FieldTrace[];
}

/** One flow's baseline of a record: what that flow last saw there, and when. */
export interface FlowSeen {
  flow: string;
  seenAt: string;
  seenVersion?: string | undefined;
}

export interface TraceReport {
  entity: string;
  key: string;
  /** The canonical record keys the query resolved to. */
  recordKeys: string[];
  systems: SystemTrace[];
  /** Operator actions on this record (review decisions, retries…), oldest first. */
  operatorActions: AuditRecord[];
  /** How `key` was understood. */
  foundBy: 'key' | 'record-id' | 'value' | 'none';
  /** The key is a value several records hold: trace one of these instead. */
  ambiguous?: ValueMatch[] | undefined;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const refKey = (r: RecordRef) => `${r.system}\u0000${r.id}`;

function toWrite(e: AuditRecord): FieldWrite {
  return {
    at: e.at,
    seq: e.seq,
    value: e.newValue,
    before: e.oldValue,
    sourceSystem: e.sourceSystem,
    sourceVersion: e.sourceVersion,
    runId: e.runId,
    flow: e.flow,
    rule: e.rule,
    actor: e.actor,
  };
}

interface Found {
  events: AuditRecord[];
  foundBy: TraceReport['foundBy'];
  ambiguous?: ValueMatch[] | undefined;
}

async function eventsFor(session: StoreSession, entity: string, key: string): Promise<Found> {
  const byKey = await session.audit.find({ entity, recordKey: key });
  if (byKey.length > 0) return { events: byKey, foundBy: 'key' };
  const colon = key.indexOf(':');
  const byId =
    colon > 0
      ? await session.audit.find({ entity, system: key.slice(0, colon), recordId: key.slice(colon + 1) })
      : await session.audit.find({ entity, recordId: key });
  let foundBy: TraceReport['foundBy'] = byId.length > 0 ? 'record-id' : 'none';
  let keys = [...new Set(byId.map((e) => e.recordKey).filter((k): k is string => k !== null))];
  if (keys.length === 0 && colon <= 0) {
    const matches = await findRecordsByValue(session, entity, key);
    if (matches.length > 1) return { events: [], foundBy: 'value', ambiguous: matches };
    keys = matches.map((m) => m.recordKey);
    if (keys.length > 0) foundBy = 'value';
  }
  const all = await Promise.all(keys.map((k) => session.audit.find({ entity, recordKey: k })));
  const events = [...byId, ...all.flat()].filter(
    (e, i, list) => list.findIndex((x) => x.seq === e.seq) === i,
  );
  return { events, foundBy };
}

export async function traceRecord(
  session: StoreSession,
  query: { entity: string; key: string; field?: string | undefined },
): Promise<TraceReport> {
  const { entity, key, field } = query;
  const found = await eventsFor(session, entity, key);
  const events = found.events.sort((a, b) => a.seq - b.seq);
  const refs = new Map<string, RecordRef>();
  for (const e of events)
    if (e.system && e.recordId)
      refs.set(refKey({ system: e.system, id: e.recordId }), { system: e.system, id: e.recordId });
  const colon = key.indexOf(':');
  // The engine's record keys are `<source system>:<id>`: that record belongs to the trace too.
  if (colon > 0)
    refs.set(refKey({ system: key.slice(0, colon), id: key.slice(colon + 1) }), {
      system: key.slice(0, colon),
      id: key.slice(colon + 1),
    });
  // Linked records (the source side Accord never writes to has no field-written events).
  for (const ref of [...refs.values()]) {
    for (const link of await session.links.listFor(entity, ref)) {
      for (const r of [link.a, link.b]) refs.set(refKey(r), r);
    }
  }
  const systems: SystemTrace[] = [];
  for (const ref of refs.values()) {
    // Latest first: a field's value now is the one the most recent flow to see it saw.
    const baselines = (await session.baselines.listFlows(entity, ref.system, ref.id)).sort(
      (a, b) => b.seenAt.localeCompare(a.seenAt) || a.flow.localeCompare(b.flow),
    );
    const writes = events.filter(
      (e) =>
        e.kind === 'field-written' && e.system === ref.system && e.recordId === ref.id && e.field !== null,
    );
    const names = new Set<string>([
      ...baselines.flatMap((b) => Object.keys(b.seen)),
      ...writes.map((e) => e.field as string),
    ]);
    if (baselines.length === 0 && writes.length === 0) continue;
    const fields: FieldTrace[] = [...names]
      .filter((name) => field === undefined || name === field)
      .sort()
      .map((name) => {
        const history = writes.filter((e) => e.field === name).map(toWrite);
        const lastWrite = history.at(-1);
        const by: Baseline | undefined = baselines.find((b) => name in b.seen);
        const now = by ? by.seen[name] : lastWrite?.value;
        return {
          field: name,
          seen: by !== undefined,
          now,
          ...(by ? { seenBy: by.flow } : {}),
          lastWrite,
          changedSince: lastWrite !== undefined && by !== undefined && !same(now, lastWrite.value),
          history,
        };
      });
    const latest = baselines[0];
    systems.push({
      system: ref.system,
      recordId: ref.id,
      ...(latest ? { seenAt: latest.seenAt, seenVersion: latest.seenVersion, flow: latest.flow } : {}),
      flows: baselines.map((b) => ({ flow: b.flow, seenAt: b.seenAt, seenVersion: b.seenVersion })),
      fields,
    });
  }
  systems.sort((a, b) => a.system.localeCompare(b.system) || a.recordId.localeCompare(b.recordId));
  return {
    entity,
    key,
    recordKeys: [...new Set(events.map((e) => e.recordKey).filter((k): k is string => k !== null))],
    systems,
    operatorActions: events.filter((e) => e.kind === 'operator-action'),
    foundBy: found.foundBy,
    ...(found.ambiguous ? { ambiguous: found.ambiguous } : {}),
  };
}
