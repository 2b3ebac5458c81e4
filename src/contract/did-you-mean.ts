/**
 * "Did you mean" suggestions for misspelt keys and names, by edit distance.
 */

/** Levenshtein distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest candidate to `word`, if it is close enough to be what was meant (at most a third
 * of the word's letters wrong, and at least two allowed so short typos are still caught).
 *
 * @example
 * closestMatch('drection', ['direction', 'from']); // 'direction'
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/**
 * A fix sentence: "did you mean X?" when one is close, then the full list of what is allowed.
 *
 * @example
 * suggest('shopfy', ['shopify', 'netsuite'], 'declared systems'); // 'did you mean "shopify"? declared systems: shopify, netsuite'
 */
export function suggest(word: string, candidates: readonly string[], listName: string): string {
  const near = closestMatch(word, candidates);
  const list =
    candidates.length === 0 ? `no ${listName} are declared` : `${listName}: ${candidates.join(', ')}`;
  return near === undefined ? list : `did you mean "${near}"? ${list}`;
}
