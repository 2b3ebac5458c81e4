/**
 * In-flight matches: which source record has matched a target record in this process but not
 * had the link recorded yet. Links are recorded per batch, after every job of the batch has
 * written (see `record-outcomes.ts`), so two source records of one batch (or of two concurrent
 * batch loops) can both find the same unlinked target by a key. The first to match claims it;
 * the second sees the claim and goes to review instead of writing over the first.
 *
 * A claim is released when its change ends without a link (review, skip, failure, dry run); one
 * that produced a link stays, harmlessly, as the stored link then says the same thing. Claims
 * are per flow plan and per process: across processes the store's link repo still refuses a
 * second link (`StoreConflict`).
 *
 * @example
 *   const other = claimTarget(plan, target, source);   // undefined: ours now
 *   if (other) review(`already matched by ${other.system} ${other.id}`);
 *   releaseClaims(plan, source);                        // the change ended without a link
 */
import type { RecordRef } from '../store/store.ts';

interface Claims {
  bySource: Map<string, string[]>;
  byTarget: Map<string, RecordRef>;
}

const claimsOf = new WeakMap<object, Claims>();

const keyOf = (ref: RecordRef) => `${ref.system}\u0000${ref.id}`;

function claims(scope: object): Claims {
  let found = claimsOf.get(scope);
  if (!found) {
    found = { bySource: new Map(), byTarget: new Map() };
    claimsOf.set(scope, found);
  }
  return found;
}

/**
 * Claims `target` for `source`; returns the OTHER source record holding it already, if any.
 * Synchronous on purpose: check and set happen with no await in between.
 */
export function claimTarget(scope: object, target: RecordRef, source: RecordRef): RecordRef | undefined {
  const c = claims(scope);
  const held = c.byTarget.get(keyOf(target));
  if (held && keyOf(held) !== keyOf(source)) return held;
  if (!held) {
    c.byTarget.set(keyOf(target), source);
    const mine = c.bySource.get(keyOf(source)) ?? [];
    mine.push(keyOf(target));
    c.bySource.set(keyOf(source), mine);
  }
  return undefined;
}

/** Releases every claim `source` holds (its change ended without recording a link). */
export function releaseClaims(scope: object, source: RecordRef): void {
  const c = claimsOf.get(scope);
  const mine = c?.bySource.get(keyOf(source));
  if (!c || !mine) return;
  for (const t of mine)
    if (c.byTarget.get(t) && keyOf(c.byTarget.get(t) as RecordRef) === keyOf(source)) c.byTarget.delete(t);
  c.bySource.delete(keyOf(source));
}
