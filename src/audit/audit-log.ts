/**
 * The audit trail: append-only events, each hash-chained to the previous one, stored through the
 * store port. The chain logic here is the same whatever the store implementation.
 *
 *   hash(n) = sha256( hash(n-1) + "\n" + canonicalJson(event n without its hashes) ),  hash(0) = 64 zeros
 *
 * Changing, removing or reordering any stored event breaks the chain at that event; `verifyAudit`
 * finds the first broken link. (Cutting events off the END is not detectable from the log alone:
 * compare the head with a copy kept elsewhere, e.g. printed at the end of each run.)
 *
 * @example
 *   await store.transaction(async (tx) => {
 *     await appendAudit(tx, { kind: 'field-written', system: 'netsuite', entity: 'customer', recordId: '1042',
 *       recordKey: 'c@x.test', field: 'email', oldValue: 'a@x.test', newValue: 'c@x.test', runId, flow, rule: 'owner',
 *       sourceSystem: 'hubspot', sourceVersion: '2026-11-28T10:00:00.000Z' });
 *   });
 *   const check = await verifyAudit(store); // { ok: true, events: 1, head: { seq: 1, hash: '…' } }
 */
import { hash as cryptoHash } from 'node:crypto';
import type { AuditFilter, AuditHead, AuditKind, AuditRecord } from '../store/audit-repo.ts';
import type { Clock } from '../store/clock.ts';
import { systemClock } from '../store/clock.ts';
import type { StoreSession, StoreTx } from '../store/store.ts';
import { canonicalJson, canonicalMember } from './canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** What the caller says happened; the log adds seq, time (unless given) and hashes. */
export interface AuditEventInput {
  kind: AuditKind;
  /** Default `accord`. */
  actor?: string | undefined;
  system?: string | undefined;
  entity?: string | undefined;
  recordId?: string | undefined;
  recordKey?: string | undefined;
  field?: string | undefined;
  oldValue?: unknown;
  newValue?: unknown;
  runId?: string | undefined;
  flow?: string | undefined;
  rule?: string | undefined;
  sourceSystem?: string | undefined;
  sourceVersion?: string | undefined;
  action?: string | undefined;
  detail?: unknown;
  at?: string | undefined;
}

// The hashed members in canonical (sorted UTF-16) key order, each with its JSON key text.
const HASHED_KEYS = [
  'action',
  'actor',
  'at',
  'detail',
  'entity',
  'field',
  'flow',
  'kind',
  'newValue',
  'oldValue',
  'recordId',
  'recordKey',
  'rule',
  'runId',
  'seq',
  'sourceSystem',
  'sourceVersion',
  'system',
] as const satisfies readonly (keyof Omit<AuditRecord, 'hash' | 'prevHash'>)[];
const KEY_TEXT = HASHED_KEYS.map((k) => `${JSON.stringify(k)}:`);
/** The previous event's primitive members and their canonical text, per hashed key. */
const lastValue: unknown[] = HASHED_KEYS.map(() => Symbol('none'));
const lastText: (string | undefined)[] = HASHED_KEYS.map(() => undefined);

/**
 * The canonical JSON of an event's hashed members: the same text as `canonicalJson` of an object
 * holding exactly those members, without collecting and sorting keys per event (the keys are
 * fixed and listed sorted above). Why: on `npm run bench -- engine` (100,000 records, 3 audit
 * events each) the generic path was ~7 % of CPU; this one is a fraction of it.
 * `audit-log.test.ts` checks it against `canonicalJson` on random events.
 */
export function canonicalAuditContent(record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  let text = '{';
  let first = true;
  for (let i = 0; i < HASHED_KEYS.length; i++) {
    const key = HASHED_KEYS[i] as (typeof HASHED_KEYS)[number];
    const value = record[key];
    let member: string | undefined;
    // Consecutive events mostly repeat a member (same run, flow, entity, record, instant…): a
    // primitive equal to the previous event's reuses its text. Objects are always written anew.
    if (value === lastValue[i] && (typeof value !== 'object' || value === null)) member = lastText[i];
    else {
      member = canonicalMember(value, `$.${key}`);
      if (typeof value !== 'object' || value === null) {
        lastValue[i] = value;
        lastText[i] = member;
      }
    }
    if (member === undefined) continue;
    text += first ? KEY_TEXT[i] + member : `,${KEY_TEXT[i]}${member}`;
    first = false;
  }
  return `${text}}`;
}

/** The hash of one event given the previous hash. */
export function hashAuditEvent(prevHash: string, record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  // One-shot `hash` (Node ≥ 20.12): a Hash object per event was ~5 % of `npm run bench -- engine`'s
  // CPU (300,000 events); the one-shot call is ~5× cheaper for the same digest.
  return cryptoHash('sha256', `${prevHash}\n${canonicalAuditContent(record)}`, 'hex');
}

// Values are stored as JSON; hash exactly what will be read back (Money → its JSON, undefined → null).
// Strings, booleans and finite numbers are their own JSON round trip (−0 reads back as 0), so they
// skip the serialise-and-parse that objects need.
const normalise = (v: unknown): unknown => {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (Number.isFinite(v)) return v === 0 ? 0 : v;
      break;
    default:
      break;
  }
  return JSON.parse(canonicalJson(v));
};

/**
 * Appends events at the end of the chain, inside the caller's transaction (so they commit with the
 * write they describe). Transactions are serialised by the store, so the head read here is stable.
 */
export async function appendAudit(
  tx: StoreTx,
  events: AuditEventInput | readonly AuditEventInput[],
  clock: Clock = systemClock,
): Promise<AuditRecord[]> {
  const list = Array.isArray(events) ? events : [events as AuditEventInput];
  let head: AuditHead = (await tx.audit.head()) ?? { seq: 0, hash: GENESIS_HASH };
  const written: AuditRecord[] = [];
  for (const e of list) {
    // Built once with its hashes filled in after (the hash reads only the hashed members): one
    // object per event instead of a body plus a copy, 300,000 of them per 100,000 bench records.
    const record: AuditRecord = {
      seq: head.seq + 1,
      at: e.at ?? new Date(clock.now()).toISOString(),
      kind: e.kind,
      actor: e.actor ?? 'accord',
      system: e.system ?? null,
      entity: e.entity ?? null,
      recordId: e.recordId ?? null,
      recordKey: e.recordKey ?? null,
      field: e.field ?? null,
      oldValue: normalise(e.oldValue),
      newValue: normalise(e.newValue),
      runId: e.runId ?? null,
      flow: e.flow ?? null,
      rule: e.rule ?? null,
      sourceSystem: e.sourceSystem ?? null,
      sourceVersion: e.sourceVersion ?? null,
      action: e.action ?? null,
      detail: normalise(e.detail),
      prevHash: head.hash,
      hash: '',
    };
    record.hash = hashAuditEvent(head.hash, record);
    if (!tx.audit.insertMany) await tx.audit.insert(record);
    written.push(record);
    head = { seq: record.seq, hash: record.hash };
  }
  if (tx.audit.insertMany && written.length > 0) await tx.audit.insertMany(written);
  return written;
}

export type AuditProblem = 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch';

export type AuditVerification =
  | { ok: true; events: number; head: AuditHead | undefined }
  | {
      ok: false;
      /** Events checked and found sound before the broken one. */
      events: number;
      /** The sequence number of the first event that does not verify. */
      brokenAt: number;
      problem: AuditProblem;
      message: string;
    };

/** Walks the whole chain from event 1 and reports the first broken link. */
export async function verifyAudit(session: StoreSession, batchSize = 1000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const batch = await session.audit.scan(expectedSeq, batchSize);
    for (const record of batch) {
      const broken = (problem: AuditProblem, message: string): AuditVerification => ({
        ok: false,
        events: expectedSeq - 1,
        brokenAt: problem === 'sequence-gap' ? expectedSeq : record.seq,
        problem,
        message,
      });
      if (record.seq !== expectedSeq) {
        return broken(
          'sequence-gap',
          `audit event ${expectedSeq} is missing (the next stored event is ${record.seq})`,
        );
      }
      if (record.prevHash !== prevHash) {
        return broken(
          'prev-hash-mismatch',
          `audit event ${record.seq} does not follow event ${record.seq - 1}: it names previous hash ` +
            `${record.prevHash.slice(0, 12)}…, but event ${record.seq - 1} hashes to ${prevHash.slice(0, 12)}…`,
        );
      }
      const { hash, prevHash: _, ...body } = record;
      const recomputed = hashAuditEvent(prevHash, body);
      if (recomputed !== hash) {
        return broken(
          'hash-mismatch',
          `audit event ${record.seq} was altered after it was written: its content hashes to ` +
            `${recomputed.slice(0, 12)}…, the stored hash is ${hash.slice(0, 12)}…`,
        );
      }
      prevHash = hash;
      expectedSeq += 1;
    }
    if (batch.length < batchSize) break;
  }
  const events = expectedSeq - 1;
  return { ok: true, events, head: events === 0 ? undefined : { seq: events, hash: prevHash } };
}

/**
 * Every event about one entity record (and optionally one field), oldest first: the raw material of
 * `accord trace`.
 */
export function traceAudit(
  session: StoreSession,
  query: { entity: string; recordKey: string; field?: string | undefined } & Omit<
    AuditFilter,
    'entity' | 'recordKey' | 'field'
  >,
): Promise<AuditRecord[]> {
  return session.audit.find(query);
}
