/**
 * The likely new name of a removed field. A rename shows up as one field gone and one field new
 * in the same object; among the new fields, the best guess shares the old one's type and as much
 * of its name as possible (normalised edit distance, plus shared words such as `tier` in
 * `custentity_loyalty_tier` → `custentity_tier_level`).
 *
 * @example
 *   suggestRename('custentity_loyalty_tier', 'string', [{ name: 'custentity_tier_level', type: 'string' }]);
 *   // 'custentity_tier_level'
 */
import { editDistance } from '../contract/did-you-mean.ts';

export interface Candidate {
  name: string;
  type: string;
}

function words(name: string): Set<string> {
  return new Set(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !/^cust(entity|body|col|record|item|event)?$/.test(w)),
  );
}

/** 0..1: how alike two field names are. */
export function nameSimilarity(a: string, b: string): number {
  // NetSuite's custentity_/custbody_… prefix is shared by every custom field: it says nothing.
  const bare = (name: string) => name.toLowerCase().replace(/^cust(entity|body|col|record|item|event)_/, '');
  const la = bare(a);
  const lb = bare(b);
  const edit = 1 - editDistance(la, lb) / Math.max(la.length, lb.length, 1);
  const wa = words(a);
  const wb = words(b);
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const overlap = wa.size + wb.size === 0 ? 0 : (2 * shared) / (wa.size + wb.size);
  return Math.max(edit, overlap);
}

/**
 * The best candidate for a renamed field, or `undefined` when none is convincing. A candidate of
 * the same type is preferred; the only new field of the same type is accepted even if its name
 * is quite different (a rename is what most often makes one field vanish and one appear).
 */
export function suggestRename(
  removed: string,
  removedType: string | undefined,
  candidates: readonly Candidate[],
): string | undefined {
  const sameType = removedType === undefined ? candidates : candidates.filter((c) => c.type === removedType);
  const pool = sameType.length > 0 ? sameType : candidates;
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const c of pool) {
    const score = nameSimilarity(removed, c.name);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (!best) return undefined;
  if (bestScore >= 0.4) return best.name;
  return sameType.length === 1 && removedType !== undefined ? best.name : undefined;
}
