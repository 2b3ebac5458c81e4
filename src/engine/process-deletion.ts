/**
 * A source record was deleted: what the flow's `onDelete` says, for the record it is linked to.
 *
 * - no link: nothing in the target was ever Accord's → `unchanged` (nothing to delete);
 * - `ignore`: → `unchanged`, the target record stays;
 * - `flag` (the default): a `deletion` review item naming the linked record → `inReview`; a
 *   reviewer propagates it (`--choose 1`) or keeps the record (`--skip`);
 * - `propagate`: the target connector's `remove` deletes or inactivates it (NetSuite sets
 *   `isInactive`) → `deleted`, audited. A connector without `remove`, or a record type it cannot
 *   remove, is a dead letter saying so — never a silent no-op.
 *
 * The tombstone's version is recorded in the source baseline, so the same deletion captured again
 * (lookback window, webhook and poll) is "version already seen", not a second review or removal.
 *
 * @example
 *   if (record.deleted) return processDeletion(ctx, payload, sourceBaseline);
 */
import { ValidationRejected } from '../model/errors.ts';
import type { Baseline, NewBaseline } from '../store/store.ts';
import type { ChangeOutcome } from './change-outcome.ts';
import { type ChangePayload, recordVersion } from './change-payload.ts';
import { keyOf } from './change-records.ts';
import { sidesOf } from './flow-plan.ts';
import type { ProcessContext } from './process-change.ts';

export async function processDeletion(
  ctx: ProcessContext,
  payload: ChangePayload,
  sourceBaseline: Baseline | undefined,
): Promise<ChangeOutcome> {
  const { plan } = ctx;
  const { source, target } = sidesOf(plan, payload.source);
  const record = payload.record;
  const entity = plan.flow.entity;
  const version = recordVersion(record);
  const at = ctx.now();
  const outcome = (bucket: ChangeOutcome['bucket'], note: string): ChangeOutcome => ({
    bucket,
    note,
    baselines: ctx.dryRun
      ? []
      : [tombstoneBaseline(sourceBaseline, entity, source.system, record.id, plan.flow.name, version, at)],
    audit: [],
    reviews: [],
    writes: [],
  });
  const link = await ctx.session.links.find(entity, { system: source.system, id: record.id }, target.system);
  if (!link)
    return outcome('unchanged', `deleted in ${source.system} before it was ever linked to ${target.system}`);
  const targetId = link.a.system === target.system ? link.a.id : link.b.id;
  const policy = payload.overrides?.deletion ?? plan.flow.onDelete ?? 'flag';
  const what = `${source.system} ${source.mapping.record} ${record.id}`;
  const linked = `${target.system} ${target.mapping.record} ${targetId}`;

  if (policy === 'ignore')
    return outcome('unchanged', `deleted in ${source.system}; onDelete: ignore keeps ${linked}`);
  if (policy === 'flag') {
    return {
      ...outcome('inReview', 'deleted in the source: flagged'),
      reviews: [
        {
          flow: plan.flow.name,
          entity,
          recordKey: `${source.system}:${record.id}`,
          runId: ctx.runId,
          kind: 'deletion',
          field: '',
          candidates: [{ system: target.system, id: targetId }],
          detail: {
            reason:
              `${what} was deleted; it is linked to ${linked}. The flow says onDelete: flag, so nothing was changed: ` +
              `propagate the deletion (accord reviews decide <id> --choose 1) or keep the ${target.system} record (--skip).`,
            change: payload,
            jobKey: ctx.jobKey,
          },
        },
      ],
    };
  }

  const remove = target.connector.remove?.bind(target.connector);
  if (!remove) {
    throw new ValidationRejected(
      `${what} was deleted and the flow ${plan.flow.name} says onDelete: propagate, but the ${target.system} connector ` +
        `cannot delete or inactivate records; ${linked} was kept. Set onDelete to flag, or remove it by hand and resolve this dead letter.`,
      {},
      { system: target.system, recordId: targetId },
    );
  }
  const planned = {
    system: target.system,
    objectType: target.mapping.record,
    externalId: '',
    id: targetId,
    fields: { '@deleted': true },
    rules: { '@deleted': 'onDelete: propagate' },
    sourceRecord: `${source.system}:${record.id}`,
  };
  if (ctx.dryRun) return { ...outcome('deleted', 'would propagate the deletion'), writes: [planned] };
  const removed = await remove({
    objectType: target.mapping.record,
    id: targetId,
    idempotencyKey: keyOf(plan.flow.name, source.system, record.id, version),
  });
  return {
    ...outcome('deleted', `${removed.how} ${linked}`),
    writes: [planned],
    audit: [
      {
        kind: 'field-written',
        system: target.system,
        entity,
        recordId: targetId,
        recordKey: `${source.system}:${record.id}`,
        field: '@deleted',
        oldValue: null,
        newValue: removed.how,
        runId: ctx.runId,
        flow: plan.flow.name,
        rule: 'onDelete: propagate',
        sourceSystem: source.system,
        sourceVersion: record.modifiedAt,
        action: 'deletion-propagated',
        at,
      },
    ],
  };
}

/** The source's baseline, marked with the tombstone's version (values kept for an undelete). */
function tombstoneBaseline(
  before: Baseline | undefined,
  entity: string,
  system: string,
  recordId: string,
  flow: string,
  version: string,
  at: string,
): NewBaseline {
  return {
    entity,
    system,
    recordId,
    flow,
    seen: before?.seen ?? {},
    seenVersion: version,
    seenAt: at,
    written: before?.written ?? {},
  };
}
