/**
 * One change through the pipeline: normalise → match → decide per field → write. Reads the store
 * but never writes it: the returned {@link ChangeOutcome} is recorded by `record-outcomes.ts` in
 * one transaction with the job's completion. A failure is thrown (an `AccordError`), and the
 * caller classifies it into a retry or a dead letter.
 *
 * @example
 *   const outcome = await processChange(ctx, payload);
 */
import type { SystemRecord } from '../connectors/connector.ts';
import { toError, ValidationRejected } from '../model/errors.ts';
import type { FieldValue } from '../model/field-value.ts';
import type { NewBaseline, NewReviewItem, StoreSession } from '../store/store.ts';
import type { ChangeOutcome } from './change-outcome.ts';
import { type ChangePayload, recordVersion } from './change-payload.ts';
import { baselineOf, isOwnWrite, keyOf, recoveredWrites, translateReferences } from './change-records.ts';
import { decideRecord, type FieldWrite } from './decide-record.ts';
import type { PlannedWrite, RecordHoldCheck } from './engine-events.ts';
import { externalIdFor, type FlowPlan, type FlowSide, sidesOf } from './flow-plan.ts';
import { heldForReview } from './held-for-review.ts';
import { toComparable } from './mapping/comparable.ts';
import { readCanonical, writeSystemFields } from './mapping/record-mapper.ts';
import { releaseClaims } from './match-claims.ts';
import { type MatchResult, matchChosen, matchRecord } from './match-record.ts';
import { processDeletion } from './process-deletion.ts';

export interface ProcessContext {
  plan: FlowPlan;
  session: StoreSession;
  runId: string;
  jobKey: string;
  /** The job's attempt number (1 = first): a later attempt may find its predecessor's unrecorded write. */
  attempt?: number | undefined;
  now: () => string;
  dryRun: boolean;
  /** Records the pre-run check (drift) holds back for review; see `held-for-review.ts`. */
  hold?: RecordHoldCheck | undefined;
}

export async function processChange(ctx: ProcessContext, payload: ChangePayload): Promise<ChangeOutcome> {
  const held = heldForReview(ctx, payload);
  if (held) return held;
  const outcome = await decideAndWrite(ctx, payload).catch((error: unknown) => {
    releaseClaims(ctx.plan, { system: payload.source, id: payload.record.id });
    throw error;
  });
  // A target matched but not linked (review, skip, dry run) is free again for other records.
  if (!outcome.link) releaseClaims(ctx.plan, { system: payload.source, id: payload.record.id });
  if (outcome.bucket !== 'inReview') return outcome;
  // The reviews ARE the change's outcome: a decision on the last of them releases it (see apply-review-decision).
  return {
    ...outcome,
    reviews: outcome.reviews.map((r) => ({ ...r, detail: { ...(r.detail as object), held: true } })),
  };
}

async function decideAndWrite(ctx: ProcessContext, payload: ChangePayload): Promise<ChangeOutcome> {
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
  // Computed once (a sha1 over the canonical JSON of the fields): it was computed three times per change.
  const fullVersion = recordVersion(record);
  const flow = plan.flow.name;
  const sourceBaseline = await ctx.session.baselines.get({
    flow,
    entity,
    system: source.system,
    recordId: record.id,
  });
  if (sourceBaseline && sourceBaseline.seenVersion === fullVersion && !payload.overrides) {
    // This exact version was already handled: either our own write read back (an echo) or a
    // boundary record captured twice.
    return empty(isOwnWrite(sourceBaseline) ? 'echoes' : 'unchanged', 'version already seen');
  }
  if (record.deleted) return processDeletion(ctx, payload, sourceBaseline);

  const canonical = readCanonical(
    record.fields,
    source.mapping,
    plan.entity,
    plan.fields,
    payload.overrides?.enumValues,
  );
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
    // A value chosen for a line's field was read into its line already (or was not a declared
    // value, and is asked again); only a header field is set here.
    if (chosen !== undefined && !p.field.includes('[')) values[p.field] = chosen;
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
  const matchContext = {
    flow: plan.flow,
    entity: plan.entity,
    session: ctx.session,
    source: { system: source.system, id: record.id },
    target,
    externalId,
    claimScope: plan,
  };
  let match: MatchResult = await matchRecord(matchContext, values);
  const forced = payload.overrides?.match;
  if (forced && match.kind !== 'matched') {
    match = 'targetId' in forced ? await matchChosen(matchContext, forced.targetId) : { kind: 'none' };
  }
  if (match.kind === 'ambiguous') {
    return {
      ...empty('inReview', 'ambiguous match'),
      reviews: [
        {
          ...base,
          kind: 'ambiguous-match',
          field: '',
          candidates: match.candidates.map((c) => ({
            system: target.system,
            id: c.record.id,
            fields: c.record.fields,
            ...(c.linkedTo ? { linkedTo: c.linkedTo } : {}),
          })),
          detail: {
            reason: match.reason,
            ...(match.existingLink ? { existingLink: match.existingLink } : {}),
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
    ? await ctx.session.baselines.get({ flow, entity, system: target.system, recordId: targetId })
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
  const idempotencyKey = keyOf(plan.flow.name, source.system, record.id, fullVersion);
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
        // The match has just looked this external id up in the target and found nothing.
        ...(side === target && !id && eid === externalId && match.kind === 'none' && match.externalIdAbsent
          ? { knownAbsent: true }
          : {}),
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
    // A record that already carries an external id keeps it: another flow (or the system's own
    // integration) may key on it, and two flows stamping theirs in turn on one NetSuite customer
    // made each flow's upsert by external id miss the record the other had re-stamped. The link
    // names the record for this flow; Accord's id is stamped only on a record without one.
    const targetEid = targetRecord?.externalId || externalId;
    const result = await written(target, targetId, targetEid, toTarget, source.system);
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
    baselineOf(
      ctx,
      plan,
      source,
      sourceAfter,
      sourceBaseline,
      decision.toSource,
      target.system,
      version,
      at,
      // Unchanged by a write back, the source record is what was read above: its version and (unless a
      // reviewer's values were applied) its canonical values are known. Reading it again was ~2.5 % of
      // the pipeline's CPU on `npm run bench -- engine`.
      sourceAfter === record
        ? { version: fullVersion, values: payload.overrides ? undefined : canonical.values }
        : undefined,
    ),
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
