/**
 * One change through the pipeline: normalise → match → decide per field → write. Reads the store
 * but never writes it: the returned {@link ChangeOutcome} is recorded by `record-outcomes.ts` in
 * one transaction with the job's completion. A failure is thrown (an `AccordError`), and the
 * caller classifies it into a retry or a dead letter.
 *
 * @example
 *   const outcome = await processChange(ctx, payload);
 */
import { createHash } from 'node:crypto';
import type { SystemRecord } from '../connectors/connector.ts';
import { TransientUpstream, toError, ValidationRejected } from '../model/errors.ts';
import type { FieldValue } from '../model/field-value.ts';
import type { Baseline, NewBaseline, NewReviewItem, StoreSession, WrittenField } from '../store/store.ts';
import type { ChangeOutcome } from './change-outcome.ts';
import type { ChangePayload } from './change-payload.ts';
import { decideRecord, type FieldWrite, type RecordDecision } from './decide-record.ts';
import type { PlannedWrite } from './engine-events.ts';
import { externalIdFor, type FlowPlan, type FlowSide, sidesOf } from './flow-plan.ts';
import { sameValue, toComparable } from './mapping/comparable.ts';
import { readCanonical, writeSystemFields } from './mapping/record-mapper.ts';
import { type MatchResult, matchRecord } from './match-record.ts';

export interface ProcessContext {
  plan: FlowPlan;
  session: StoreSession;
  runId: string;
  jobKey: string;
  /** The job's attempt number (1 = first): a later attempt may find its predecessor's unrecorded write. */
  attempt?: number | undefined;
  now: () => string;
  dryRun: boolean;
}

export async function processChange(ctx: ProcessContext, payload: ChangePayload): Promise<ChangeOutcome> {
  const { plan } = ctx;
  const { source, target } = sidesOf(plan, payload.source);
  const record = payload.record;
  const entity = plan.flow.entity;
  const empty = (bucket: ChangeOutcome['bucket'], note: string): ChangeOutcome => ({
    bucket,
    note,
    baselines: [],
    audit: [],
    reviews: [],
    writes: [],
  });
  if (record.deleted) return empty('unchanged', `deleted in ${source.system}; deletions are not propagated`);

  const sourceBaseline = await ctx.session.baselines.get(entity, source.system, record.id);
  if (sourceBaseline && sourceBaseline.seenVersion === record.modifiedAt && !payload.overrides) {
    // This exact version was already handled: either our own write read back (an echo) or a
    // boundary record captured twice.
    return empty(isOwnWrite(sourceBaseline) ? 'echoes' : 'unchanged', 'version already seen');
  }

  const canonical = readCanonical(record.fields, source.mapping, plan.entity, plan.fields);
  const invalid = canonical.problems.filter((p) => p.kind === 'invalid');
  if (invalid.length > 0) {
    throw new ValidationRejected(
      `${source.system} ${source.mapping.record} ${record.id}: ${invalid.map((p) => `${p.field}: ${p.reason}`).join('; ')}. ` +
        `Fix the record in ${source.system} or the mapping of ${entity}.${source.system} in the contract, then retry the dead letter.`,
      {},
      { system: source.system, recordId: record.id },
    );
  }
  const values: Record<string, FieldValue> = { ...canonical.values };
  const reviews: NewReviewItem[] = [];
  const base = { flow: plan.flow.name, entity, recordKey: `${source.system}:${record.id}`, runId: ctx.runId };
  for (const p of canonical.problems) {
    const chosen = payload.overrides?.enumValues?.[p.field];
    if (chosen !== undefined) values[p.field] = chosen;
    else
      reviews.push({
        ...base,
        kind: 'unknown-enum',
        field: p.field,
        candidates: [p.raw],
        detail: { reason: `${source.system} ${record.id}: ${p.reason}`, change: payload, jobKey: ctx.jobKey },
      });
  }
  if (reviews.length > 0) return { ...empty('inReview', 'unknown enum value'), reviews };

  for (const [field, allowed] of Object.entries(plan.flow.only ?? {})) {
    const v = toComparable(values[field]);
    if (typeof v !== 'string' || !allowed.includes(v))
      return empty('unchanged', `filtered: ${field} is ${String(v)}`);
  }

  const externalId = externalIdFor(source.system, record.id);
  let match: MatchResult = await matchRecord(
    {
      flow: plan.flow,
      entity: plan.entity,
      session: ctx.session,
      source: { system: source.system, id: record.id },
      target,
      externalId,
    },
    values,
  );
  const forced = payload.overrides?.match;
  if (forced && match.kind !== 'matched') {
    if ('targetId' in forced) {
      const found = await target.connector.get(target.mapping.record, forced.targetId);
      match = {
        kind: 'matched',
        record: found,
        targetId: forced.targetId,
        matchedBy: 'review',
        linked: false,
      };
    } else match = { kind: 'none' };
  }
  if (match.kind === 'ambiguous') {
    return {
      ...empty('inReview', 'ambiguous match'),
      reviews: [
        {
          ...base,
          kind: 'ambiguous-match',
          field: '',
          candidates: match.candidates.map((c) => ({ system: target.system, id: c.id, fields: c.fields })),
          detail: {
            reason: `${match.candidates.length} ${target.system} records match on ${match.key}`,
            change: payload,
            jobKey: ctx.jobKey,
          },
        },
      ],
    };
  }
  if (match.kind === 'none' && !(forced && 'create' in forced)) {
    const policy = plan.flow.match?.onNoMatch ?? 'create';
    if (policy === 'skip') return empty('unchanged', 'no match: skipped by policy');
    if (policy === 'review') {
      return {
        ...empty('inReview', 'no match'),
        reviews: [
          {
            ...base,
            kind: 'ambiguous-match',
            field: '',
            candidates: [],
            detail: {
              reason: `no ${target.system} record matches; the contract says review`,
              change: payload,
              jobKey: ctx.jobKey,
            },
          },
        ],
      };
    }
  }
  const targetRecord = match.kind === 'matched' ? match.record : undefined;
  const targetId = match.kind === 'matched' ? match.targetId : undefined;
  const targetValues = targetRecord
    ? readCanonical(targetRecord.fields, target.mapping, plan.entity, plan.fields).values
    : undefined;
  const targetBaseline = targetId
    ? await ctx.session.baselines.get(entity, target.system, targetId)
    : undefined;

  const decision = decideRecord(plan, {
    source: source.system,
    target: target.system,
    sourceValues: values,
    targetValues,
    sourceBaseline,
    targetBaseline,
    sourceModifiedAt: record.modifiedAt,
    targetModifiedAt: targetRecord?.modifiedAt,
    overrides: payload.overrides,
  });
  for (const r of decision.reviews) {
    reviews.push({
      ...base,
      kind: 'conflict',
      field: r.field,
      candidates: r.candidates,
      detail: { reason: r.detail, rule: r.rule, change: payload, jobKey: ctx.jobKey },
    });
  }

  const version = record.modifiedAt;
  const idempotencyKey = keyOf(plan.flow.name, source.system, record.id, version);
  const writes: PlannedWrite[] = [];
  const audit: ChangeOutcome['audit'] = [];
  const at = ctx.now();
  const written = async (
    side: FlowSide,
    id: string | undefined,
    eid: string,
    list: FieldWrite[],
    from: string,
  ) => {
    const fieldValues = Object.fromEntries(list.map((w) => [w.field, w.value]));
    await translateReferences(ctx, from, side.system, fieldValues);
    const fields = writeSystemFields(fieldValues, side.mapping, plan.entity);
    const planned: PlannedWrite = {
      system: side.system,
      objectType: side.mapping.record,
      externalId: eid,
      ...(id ? { id } : {}),
      fields,
      rules: Object.fromEntries(list.map((w) => [w.field, w.rule])),
      sourceRecord: `${from}:${record.id}`,
    };
    writes.push(planned);
    if (ctx.dryRun) return undefined;
    try {
      return await side.connector.upsert({
        objectType: side.mapping.record,
        externalId: eid,
        ...(id ? { id } : {}),
        fields,
        idempotencyKey: side === target ? idempotencyKey : `${idempotencyKey}:revert`,
      });
    } catch (error) {
      // The dead letter shows the request that failed (the job worker redacts it).
      throw Object.assign(toError(error), { accordRequest: planned });
    }
  };

  // Write to the target: the changed fields, or everything when it does not exist yet.
  const toTarget = decision.toTarget;
  const mustCreate = !targetId;
  let targetAfter: SystemRecord | undefined = targetRecord;
  let finalTargetId = targetId;
  if (toTarget.length > 0 || mustCreate) {
    const result = await written(target, targetId, externalId, toTarget, source.system);
    if (result) {
      finalTargetId = result.id;
      targetAfter = result.record ?? (await target.connector.get(target.mapping.record, result.id));
    }
  }
  let sourceAfter: SystemRecord = record;
  if (decision.toSource.length > 0) {
    const eid = record.externalId ?? externalIdFor(target.system, finalTargetId ?? '');
    const result = await written(source, record.id, eid, decision.toSource, target.system);
    if (result?.record) sourceAfter = result.record;
  }
  const recovered = recoveredWrites(ctx, decision.alreadyEqual, targetBaseline, match);
  const anyWrite = toTarget.length > 0 || mustCreate || decision.toSource.length > 0 || recovered.length > 0;
  const bucket: ChangeOutcome['bucket'] = anyWrite
    ? 'written'
    : reviews.length > 0
      ? 'inReview'
      : decision.echoes > 0
        ? 'echoes'
        : 'unchanged';
  if (ctx.dryRun || finalTargetId === undefined) return { bucket, baselines: [], audit: [], reviews, writes };

  const recordKey = `${plan.flow.from === source.system ? source.system : target.system}:${plan.flow.from === source.system ? record.id : finalTargetId}`;
  const auditOf = (side: FlowSide, id: string, w: FieldWrite, from: string) => ({
    kind: 'field-written' as const,
    system: side.system,
    entity,
    recordId: id,
    recordKey,
    field: w.field,
    oldValue: w.before,
    newValue: toComparable(w.value),
    runId: ctx.runId,
    flow: plan.flow.name,
    rule: w.rule,
    sourceSystem: from,
    sourceVersion: version,
    at,
  });
  for (const w of toTarget) audit.push(auditOf(target, finalTargetId, w, source.system));
  for (const w of recovered) {
    audit.push({
      ...auditOf(target, finalTargetId, w, source.system),
      detail: { recovered: 'written by an earlier attempt that stopped before recording it' },
    });
  }
  for (const w of decision.toSource) audit.push(auditOf(source, record.id, w, target.system));

  const baselines: NewBaseline[] = [
    baselineOf(ctx, plan, source, sourceAfter, sourceBaseline, decision.toSource, target.system, version, at),
  ];
  if (targetAfter) {
    baselines.push(
      baselineOf(
        ctx,
        plan,
        target,
        { ...targetAfter, id: finalTargetId },
        targetBaseline,
        toTarget,
        source.system,
        version,
        at,
      ),
    );
  }
  const link =
    match.kind === 'matched' && match.linked
      ? undefined
      : {
          entity,
          flow: plan.flow.name,
          a: { system: source.system, id: record.id },
          b: { system: target.system, id: finalTargetId },
          matchedBy: match.kind === 'matched' ? match.matchedBy : ('created' as const),
          ...(match.kind === 'matched' && match.matchKey ? { matchKey: match.matchKey } : {}),
        };
  return { bucket, baselines, link, audit, reviews, writes };
}

function baselineOf(
  ctx: ProcessContext,
  plan: FlowPlan,
  side: FlowSide,
  after: SystemRecord,
  before: Baseline | undefined,
  writes: FieldWrite[],
  from: string,
  version: string,
  at: string,
): NewBaseline {
  const values = readCanonical(after.fields, side.mapping, plan.entity, plan.fields).values;
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
    seenVersion: after.modifiedAt,
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
function recoveredWrites(
  ctx: ProcessContext,
  equal: RecordDecision['alreadyEqual'],
  targetBaseline: Baseline | undefined,
  match: MatchResult,
): FieldWrite[] {
  if ((ctx.attempt ?? 1) <= 1 || equal.length === 0 || match.kind !== 'matched') return [];
  const ours = targetBaseline !== undefined || match.matchedBy === 'externalId' || match.linked;
  if (!ours) return [];
  return equal
    .filter((e) => !targetBaseline || !sameValue(e.before, toComparable(e.value)))
    .map((e) => ({
      field: e.field,
      value: e.value,
      before: e.before,
      rule: targetBaseline ? 'owner-changed' : 'initial-sync',
    }));
}

/** A baseline read back after our write: the same version coming back is an echo. */
function isOwnWrite(b: Baseline): boolean {
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
async function translateReferences(
  ctx: ProcessContext,
  from: string,
  to: string,
  values: Record<string, FieldValue>,
): Promise<void> {
  for (const [field, value] of Object.entries(values)) {
    const ref = value as { kind?: string; entity?: string; id?: string } | null;
    if (!ref || typeof ref !== 'object' || ref.kind !== 'reference' || !ref.entity || !ref.id) continue;
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
  return createHash('sha256')
    .update(`${flow}\u0000${system}\u0000${id}\u0000${version}`)
    .digest('hex')
    .slice(0, 40);
}
