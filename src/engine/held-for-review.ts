/**
 * Fail closed, per record: a record carrying a value the pre-run check (drift) holds back — a new
 * product category, a new NetSuite list value nobody mapped — goes to review as an unknown enum
 * value naming the value, and is not written; every other record of the flow runs.
 *
 * The engine's own mapping already sends an unmapped value to review when the contract maps the
 * field with an enum map; this covers what the mapping cannot see (a NetSuite list read by label
 * while drift sees ids, a value drift flagged that a label happens to map), and does it before
 * matching, so nothing is read from the target either. A reviewer's value for the field
 * (`accord reviews decide <id> --value …`) releases the record.
 *
 * @example
 *   const outcome = heldForReview(ctx, payload); // undefined: the record may flow
 */
import type { ChangeOutcome } from './change-outcome.ts';
import type { ChangePayload } from './change-payload.ts';
import type { ProcessContext } from './process-change.ts';

export function heldForReview(ctx: ProcessContext, payload: ChangePayload): ChangeOutcome | undefined {
  const record = payload.record;
  if (!ctx.hold || record.deleted) return undefined;
  const hit = ctx.hold(payload.source, record);
  if (!hit) return undefined;
  const { plan } = ctx;
  const mapping = plan.sides.get(payload.source)?.mapping;
  // The review names the canonical field the system field feeds, so a decision's value applies to it.
  const field =
    Object.entries(mapping?.fields ?? {}).find(([, m]) => m.path.split('.')[0] === hit.field)?.[0] ??
    hit.field;
  if (payload.overrides?.enumValues?.[field] !== undefined) return undefined;
  return {
    bucket: 'inReview',
    note: `held by drift: ${hit.field} = ${hit.value}`,
    baselines: [],
    audit: [],
    writes: [],
    reviews: [
      {
        flow: plan.flow.name,
        entity: plan.flow.entity,
        recordKey: `${payload.source}:${record.id}`,
        runId: ctx.runId,
        kind: 'unknown-enum',
        field,
        candidates: [hit.value],
        detail: {
          reason: `${payload.source} ${record.id}: ${hit.field} is "${hit.value}", a value the contract does not map yet (${hit.reason})`,
          change: payload,
          jobKey: ctx.jobKey,
          held: true,
          heldBy: 'drift',
        },
      },
    ],
  };
}
