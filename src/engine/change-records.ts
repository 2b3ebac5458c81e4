/**
 * What the pipeline keeps about a record after a change (its baselines) and the small decisions
 * around writing: echo marking, recovery of a crashed attempt's unrecorded write, reference
 * translation, and the deterministic idempotency key.
 */
import { hash as cryptoHash } from 'node:crypto';
import type { SystemRecord } from '../connectors/connector.ts';
import { TransientUpstream } from '../model/errors.ts';
import type { FieldValue } from '../model/field-value.ts';
import type { Baseline, NewBaseline, WrittenField } from '../store/store.ts';
import { recordVersion } from './change-payload.ts';
import type { FieldWrite, RecordDecision } from './decide-record.ts';
import type { FlowPlan, FlowSide } from './flow-plan.ts';
import { fieldEquality, toComparable } from './mapping/comparable.ts';
import { readCanonical } from './mapping/record-mapper.ts';
import type { MatchResult } from './match-record.ts';
import type { ProcessContext } from './process-change.ts';

export function baselineOf(
  ctx: ProcessContext,
  plan: FlowPlan,
  side: FlowSide,
  after: SystemRecord,
  before: Baseline | undefined,
  writes: FieldWrite[],
  from: string,
  version: string,
  at: string,
  /** What the caller already knows of `after`: its `recordVersion` and canonical values. */
  known?: { version: string; values?: Readonly<Record<string, FieldValue>> | undefined },
): NewBaseline {
  const values = known?.values ?? readCanonical(after.fields, side.mapping, plan.entity, plan.fields).values;
  const seen: Record<string, unknown> = {};
  for (const f of plan.fields) if (f in values) seen[f] = toComparable(values[f]);
  const written: Record<string, WrittenField> = { ...(before?.written ?? {}) };
  for (const w of writes) {
    written[w.field] = {
      value: toComparable(w.value),
      sourceSystem: from,
      sourceVersion: version,
      runId: ctx.runId,
      at,
    };
  }
  // `seenAt === written.at` marks a baseline taken from our own write read back (see isOwnWrite).
  return {
    entity: plan.flow.entity,
    system: side.system,
    recordId: after.id,
    flow: plan.flow.name,
    seen,
    seenVersion: known?.version ?? recordVersion(after),
    seenAt: writes.length > 0 ? at : laterThan(at, before),
    written,
  };
}

/**
 * A retried job whose predecessor wrote and then died before recording (kill -9 between the write
 * and the commit) finds the target already holding the source's value. That value is Accord's own
 * unrecorded write — when the target carries Accord's external id and has no baseline yet, or when
 * it differs from the target's baseline — so it is recorded and audited now, not lost as "unchanged".
 */
export function recoveredWrites(
  ctx: ProcessContext,
  equal: RecordDecision['alreadyEqual'],
  targetBaseline: Baseline | undefined,
  match: MatchResult,
): FieldWrite[] {
  if ((ctx.attempt ?? 1) <= 1 || equal.length === 0 || match.kind !== 'matched') return [];
  const ours = targetBaseline !== undefined || match.matchedBy === 'externalId' || match.linked;
  if (!ours) return [];
  return equal
    .filter(
      (e) => !targetBaseline || !fieldEquality(ctx.plan.entity, e.field)(e.before, toComparable(e.value)),
    )
    .map((e) => ({
      field: e.field,
      value: e.value,
      before: e.before,
      rule: targetBaseline ? 'owner-changed' : 'initial-sync',
    }));
}

/** A baseline read back after our write: the same version coming back is an echo. */
export function isOwnWrite(b: Baseline): boolean {
  return Object.values(b.written).some((w) => w.at === b.seenAt);
}

/** A seen-time distinct from every written time, so a plain read is never taken for our write. */
function laterThan(at: string, before: Baseline | undefined): string {
  const taken = new Set(Object.values(before?.written ?? {}).map((w) => w.at));
  let ms = Date.parse(at);
  while (taken.has(new Date(ms).toISOString())) ms += 1;
  return new Date(ms).toISOString();
}

/** Reference fields hold the source system's id: write the linked record's id in the target instead. */
export async function translateReferences(
  ctx: ProcessContext,
  from: string,
  to: string,
  values: Record<string, FieldValue>,
): Promise<void> {
  for (const [field, value] of Object.entries(values)) {
    const ref = value as { kind?: string; entity?: string; id?: string } | null;
    if (!ref || typeof ref !== 'object' || ref.kind !== 'reference' || !ref.entity || !ref.id) continue;
    // A target that keeps no records of the referenced entity (a warehouse table of sales orders
    // with no customer table) can only hold the source's id: there is no link to look for.
    if (ctx.plan.entitiesIn.get(to)?.has(ref.entity) === false) continue;
    const link = await ctx.session.links.find(ref.entity, { system: from, id: ref.id }, to);
    if (!link) {
      throw new TransientUpstream(
        `${field} refers to ${ref.entity} ${from}:${ref.id}, which is not yet linked to a ${to} record; ` +
          `it is retried until the ${ref.entity} flow has synced it`,
        {},
        { system: to, recordId: `${from}:${ref.id}` },
      );
    }
    const id = link.a.system === to ? link.a.id : link.b.id;
    values[field] = { kind: 'reference', entity: ref.entity, id };
  }
}

/** Deterministic: the same (flow, record, source version) always writes with the same key. */
export function keyOf(flow: string, system: string, id: string, version: string): string {
  return cryptoHash('sha256', `${flow}\u0000${system}\u0000${id}\u0000${version}`, 'hex').slice(0, 40);
}
