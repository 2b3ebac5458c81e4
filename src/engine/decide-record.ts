/**
 * Step 4 for a whole record: run `decideField` for every field the flow carries, with the
 * baselines of both sides, and sort the answers into writes to the target, reverts written back
 * to the source, reviews, echoes and unchanged fields.
 *
 * @example
 *   const d = decideRecord(plan, { source: 'shopify', target: 'netsuite' }, observed);
 *   d.toTarget // { email: 'a@x.test' } — canonical values to write
 */
import type { FieldValue } from '../model/field-value.ts';
import type { Baseline } from '../store/store.ts';
import type { ChangeOverrides } from './change-payload.ts';
import { decideField, type FieldBaseline, type FieldDecision } from './decide-field.ts';
import type { FlowPlan } from './flow-plan.ts';
import { type Equality, fieldEquality, toComparable } from './mapping/comparable.ts';

export interface RecordObservation {
  source: string;
  target: string;
  sourceValues: Readonly<Record<string, FieldValue>>;
  /** Undefined when the target record does not exist yet. */
  targetValues: Readonly<Record<string, FieldValue>> | undefined;
  sourceBaseline: Baseline | undefined;
  targetBaseline: Baseline | undefined;
  sourceModifiedAt: string;
  targetModifiedAt?: string | undefined;
  overrides?: ChangeOverrides | undefined;
}

export interface FieldWrite {
  field: string;
  value: FieldValue;
  /** The value there before, comparable form (audit `oldValue`). */
  before: unknown;
  rule: string;
}

export interface RecordDecision {
  toTarget: FieldWrite[];
  toSource: FieldWrite[];
  reviews: { field: string; detail: string; candidates: unknown[]; rule: string }[];
  echoes: number;
  unchanged: number;
  /** Fields where the target already holds the source's (changed) value. */
  alreadyEqual: { field: string; value: FieldValue; before: unknown }[];
}

export function decideRecord(plan: FlowPlan, seen: RecordObservation): RecordDecision {
  const out: RecordDecision = {
    toTarget: [],
    toSource: [],
    reviews: [],
    echoes: 0,
    unchanged: 0,
    alreadyEqual: [],
  };
  for (const field of plan.fields) {
    const policy = plan.policies.get(field);
    if (!policy) continue;
    const sourceValue = toComparable(seen.sourceValues[field]);
    const targetValue = seen.targetValues ? toComparable(seen.targetValues[field]) : undefined;
    const forced = seen.overrides?.conflicts?.[field];
    // A field the contract normalises (a phone NetSuite reformats on save) compares normalised.
    const equal = fieldEquality(plan.entity, field);
    const decision: FieldDecision = forced
      ? forcedDecision(forced, seen.source, seen.target, sourceValue, targetValue, equal)
      : decideField(
          { ...policy, source: seen.source, target: seen.target },
          {
            sourceValue,
            targetValue,
            baseline: fieldBaseline(field, seen.sourceBaseline, seen.targetBaseline),
            creating: seen.targetValues === undefined,
            sourceModifiedAt: seen.sourceModifiedAt,
            ...(seen.targetModifiedAt ? { targetModifiedAt: seen.targetModifiedAt } : {}),
          },
          equal,
        );
    switch (decision.action) {
      case 'unchanged':
        out.unchanged += 1;
        if (decision.rule === 'already-equal' && policy.owner === seen.source) {
          const before =
            seen.targetBaseline && field in seen.targetBaseline.seen
              ? seen.targetBaseline.seen[field]
              : undefined;
          out.alreadyEqual.push({ field, value: seen.sourceValues[field] ?? null, before: before ?? null });
        }
        break;
      case 'echo':
        out.echoes += 1;
        break;
      case 'propagate':
      case 'revert':
        if (decision.to === seen.target) {
          out.toTarget.push({
            field,
            value: seen.sourceValues[field] ?? null,
            before: targetValue ?? null,
            rule: forced ? 'review-decision' : decision.rule,
          });
        } else {
          out.toSource.push({
            field,
            value: seen.targetValues?.[field] ?? null,
            before: sourceValue,
            rule: forced ? 'review-decision' : decision.rule,
          });
        }
        break;
      case 'flag':
      case 'review':
        out.reviews.push({
          field,
          detail: decision.detail,
          candidates: [
            { system: seen.source, value: sourceValue },
            { system: seen.target, value: targetValue ?? null },
          ],
          rule: decision.rule,
        });
        break;
    }
  }
  return out;
}

function fieldBaseline(
  field: string,
  source: Baseline | undefined,
  target: Baseline | undefined,
): FieldBaseline | undefined {
  if (!source || !(field in source.seen)) return undefined;
  const b: FieldBaseline = { source: source.seen[field] };
  if (target && field in target.seen) b.target = target.seen[field];
  const ws = source.written[field];
  if (ws) b.writtenToSource = ws.value;
  const wt = target?.written[field];
  if (wt) b.writtenToTarget = wt.value;
  return b;
}

function forcedDecision(
  winner: 'source' | 'target',
  source: string,
  target: string,
  sourceValue: unknown,
  targetValue: unknown,
  equal: Equality,
): FieldDecision {
  if (winner === 'source') {
    return equal(sourceValue, targetValue)
      ? { action: 'unchanged', rule: 'already-equal' }
      : { action: 'propagate', to: target, value: sourceValue, rule: 'conflict-owner-wins' };
  }
  return equal(sourceValue, targetValue)
    ? { action: 'unchanged', rule: 'already-equal' }
    : { action: 'revert', to: source, value: targetValue, rule: 'conflict-owner-wins' };
}
