/**
 * Step 4 of the pipeline: decide, per field, what a change means — by three-way comparison of
 * the source's value, the target's value and the baseline (what Accord last saw and wrote).
 *
 * The rules (DESIGN.md, "Decide, per field"):
 * - equal to what Accord last wrote there → an **echo**: our own write coming back; dropped;
 * - changed only in the owner → **propagate** to the other side; a record created in the other
 *   side is seeded with every field the source has (no owner's value exists there yet);
 * - changed only in a non-owner → never propagated: **revert** it to the owner's value, or
 *   **flag** it for a human, as the contract says — unless the contract declares the field
 *   two-way (both systems may edit it), where a lone edit on either side moves;
 * - changed on both sides of a two-way field → the **conflict rule**: owner wins, most recent
 *   wins, or a human **reviews**;
 * - nothing changed → **unchanged**.
 *
 * Values are compared in canonical form by the caller-supplied `equal` (money numerically,
 * emails normalised…), never by JS identity.
 *
 * @example
 *   decideField({ field: 'phone', source: 'shopify', target: 'netsuite', owner: 'shopify', twoWay: false,
 *     conflictRule: 'owner-wins', onNonOwnerChange: 'flag' },
 *     { sourceValue: '+1 555', targetValue: '+1 444', baseline: { source: '+1 444', target: '+1 444' } }, Object.is)
 *   // { action: 'propagate', to: 'netsuite', value: '+1 555', rule: 'owner-changed' }
 */

export type ConflictRule = 'owner-wins' | 'most-recent-wins' | 'review';
export type NonOwnerChangePolicy = 'revert' | 'flag';

export interface FieldPolicy {
  field: string;
  /** The system the change was captured from. */
  source: string;
  /** The other side of the flow. */
  target: string;
  /** The field's system of record. */
  owner: string;
  /** Whether the flow lets this field move in both directions. */
  twoWay: boolean;
  conflictRule: ConflictRule;
  onNonOwnerChange: NonOwnerChangePolicy;
}

/** What Accord knows about a field of a linked record. `undefined` = never seen (new link). */
export interface FieldBaseline {
  /** Last value seen in the source. */
  source?: unknown;
  /** Last value seen in the target. */
  target?: unknown;
  /** The value Accord last wrote to the source, if it ever did. */
  writtenToSource?: unknown;
  /** The value Accord last wrote to the target, if it ever did. */
  writtenToTarget?: unknown;
}

export interface FieldObservation {
  sourceValue: unknown;
  /** The target's current value; `undefined` when the record does not exist there yet. */
  targetValue: unknown;
  baseline: FieldBaseline | undefined;
  /**
   * The target record does not exist yet: this write creates it. Its owner holds no value to
   * protect, so every field the source has seeds the new record, not only the source's own.
   */
  creating?: boolean;
  /** Modification instants, for most-recent-wins. */
  sourceModifiedAt?: string;
  targetModifiedAt?: string;
}

export type FieldDecision =
  | { action: 'unchanged'; rule: 'no-change' | 'already-equal' }
  | { action: 'echo'; rule: 'own-write-returned' }
  | {
      action: 'propagate';
      to: string;
      value: unknown;
      rule:
        | 'owner-changed'
        | 'shared-field-changed'
        | 'initial-sync'
        | 'conflict-owner-wins'
        | 'conflict-most-recent-wins';
    }
  | {
      action: 'revert';
      to: string;
      value: unknown;
      rule: 'non-owner-change-reverted' | 'conflict-owner-wins' | 'conflict-most-recent-wins';
    }
  | { action: 'flag'; rule: 'non-owner-change-flagged'; detail: string }
  | { action: 'review'; rule: 'conflict-review'; detail: string };

export type Equality = (a: unknown, b: unknown) => boolean;

export function decideField(policy: FieldPolicy, seen: FieldObservation, equal: Equality): FieldDecision {
  const { sourceValue, targetValue, baseline } = seen;
  const sourceIsOwner = policy.owner === policy.source;

  if (baseline === undefined || !('source' in baseline)) {
    // First time Accord sees this record: only the owner's value may seed the other side.
    if (targetValue !== undefined && equal(sourceValue, targetValue))
      return { action: 'unchanged', rule: 'already-equal' };
    if (sourceIsOwner)
      return { action: 'propagate', to: policy.target, value: sourceValue, rule: 'initial-sync' };
    // A record created from the non-owner's side (a CRM contact becoming a NetSuite customer) is
    // created whole: without the owner's fields it is refused (Salesforce requires LastName,
    // Acme's NetSuite an email) or born incomplete. From then on the owner decides.
    if (seen.creating && sourceValue !== null && sourceValue !== undefined)
      return { action: 'propagate', to: policy.target, value: sourceValue, rule: 'initial-sync' };
    if (targetValue === undefined) return { action: 'unchanged', rule: 'no-change' };
    return nonOwnerChange(policy, targetValue);
  }

  const sourceChanged = !equal(sourceValue, baseline.source);
  const targetChanged =
    targetValue !== undefined && 'target' in baseline && !equal(targetValue, baseline.target);

  if (
    sourceChanged &&
    'writtenToSource' in baseline &&
    equal(sourceValue, baseline.writtenToSource) &&
    !targetChanged
  ) {
    return { action: 'echo', rule: 'own-write-returned' };
  }
  if (!sourceChanged && !targetChanged) return { action: 'unchanged', rule: 'no-change' };
  if (sourceChanged && targetValue !== undefined && equal(sourceValue, targetValue)) {
    return { action: 'unchanged', rule: 'already-equal' };
  }

  if (sourceChanged && targetChanged) {
    if (!policy.twoWay) {
      // A one-way flow: the target changing is a non-owner change at most; the source decides.
      return sourceIsOwner
        ? { action: 'propagate', to: policy.target, value: sourceValue, rule: 'conflict-owner-wins' }
        : nonOwnerChange(policy, targetValue);
    }
    return conflict(policy, seen);
  }

  if (sourceChanged) {
    if (sourceIsOwner)
      return { action: 'propagate', to: policy.target, value: sourceValue, rule: 'owner-changed' };
    // A two-way field is one the contract lets both systems edit: a lone edit on either side
    // moves; the owner only breaks ties. Every other field moves from its owner alone.
    if (policy.twoWay)
      return { action: 'propagate', to: policy.target, value: sourceValue, rule: 'shared-field-changed' };
    return nonOwnerChange(policy, targetValue);
  }
  // Only the target changed. For a two-way field that change is captured from the target's side
  // as its own change; here, in a one-way flow, it is a non-owner's edit of the owner's value.
  if (sourceIsOwner && !policy.twoWay) return nonOwnerChange(policy, sourceValue, policy.target);
  return { action: 'unchanged', rule: 'no-change' };
}

function nonOwnerChange(
  policy: FieldPolicy,
  ownerValue: unknown,
  nonOwner: string = policy.source,
): FieldDecision {
  if (policy.onNonOwnerChange === 'revert') {
    return { action: 'revert', to: nonOwner, value: ownerValue, rule: 'non-owner-change-reverted' };
  }
  return {
    action: 'flag',
    rule: 'non-owner-change-flagged',
    detail: `${policy.field} was changed in ${nonOwner}, which does not own it (owner: ${policy.owner}); not propagated`,
  };
}

function conflict(policy: FieldPolicy, seen: FieldObservation): FieldDecision {
  const detail = `${policy.field} changed in both ${policy.source} and ${policy.target} since the last sync`;
  switch (policy.conflictRule) {
    case 'review':
      return { action: 'review', rule: 'conflict-review', detail };
    case 'owner-wins':
      return policy.owner === policy.source
        ? { action: 'propagate', to: policy.target, value: seen.sourceValue, rule: 'conflict-owner-wins' }
        : { action: 'revert', to: policy.source, value: seen.targetValue, rule: 'conflict-owner-wins' };
    case 'most-recent-wins': {
      const s = seen.sourceModifiedAt;
      const t = seen.targetModifiedAt;
      // Without both instants "most recent" would be a guess: hand it to a human instead.
      if (!s || !t || s === t)
        return {
          action: 'review',
          rule: 'conflict-review',
          detail: `${detail}; modification times do not decide it`,
        };
      return s > t
        ? {
            action: 'propagate',
            to: policy.target,
            value: seen.sourceValue,
            rule: 'conflict-most-recent-wins',
          }
        : { action: 'revert', to: policy.source, value: seen.targetValue, rule: 'conflict-most-recent-wins' };
    }
  }
}
