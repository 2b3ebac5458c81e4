/**
 * A reviewer's answer on the command line (`--choose`, `--value`, `--create`, `--skip`), checked
 * against the review item and turned into the engine's decision (`applyReviewDecision`):
 * - ambiguous match: `--choose <n | id>` → `{ match: '<target id>' }`; `--create` → `{ create: true }`;
 * - conflict: `--choose <n | system>` → `{ keep: 'source' | 'target' }` (candidate 1 is the source's
 *   value, 2 the target's, as the engine opens them);
 * - unknown enum value: `--value <canonical value>` → `{ value }`;
 * - deletion: `--choose 1` (the linked target record) → `{ propagate: true }`;
 * - any: `--skip` → `{ skip: true }` (closes it; nothing is written).
 *
 * @example
 *   parseReviewDecision(item, { choose: '2' }); // { ok: true, decision: { match: '88' } }
 */
import type { ReviewItem } from '../../store/store.ts';
import type { ReviewDecision } from '../apply-review-decision.ts';

export type { ReviewDecision } from '../apply-review-decision.ts';

export type ReviewAnswer = { choose: string } | { value: string } | { create: true } | { skip: true };

export type DecisionParse = { ok: true; decision: ReviewDecision } | { ok: false; message: string };

interface CandidateRef {
  system?: unknown;
  id?: unknown;
  value?: unknown;
}

const asRef = (c: unknown): CandidateRef => (c !== null && typeof c === 'object' ? (c as CandidateRef) : {});

/** How a candidate is named on screen and on the command line. */
export function candidateLabel(candidate: unknown, index: number): string {
  const c = asRef(candidate);
  if (typeof c.system === 'string' && typeof c.id === 'string') return `${c.system}:${c.id}`;
  if (typeof c.system === 'string') return c.system;
  if (typeof candidate === 'string') return JSON.stringify(candidate);
  return `#${index + 1}`;
}

function findCandidate(item: ReviewItem, wanted: string): number {
  const n = /^\d+$/.test(wanted) ? Number(wanted) : undefined;
  if (n !== undefined && n >= 1 && n <= item.candidates.length) return n - 1;
  return item.candidates.findIndex((c, i) => {
    const r = asRef(c);
    return candidateLabel(c, i) === wanted || r.id === wanted || r.system === wanted;
  });
}

function notACandidate(item: ReviewItem, wanted: string): DecisionParse {
  const names = item.candidates.map((c, i) => `${i + 1} (${candidateLabel(c, i)})`).join(', ');
  return {
    ok: false,
    message:
      `review ${item.id}: "${wanted}" is not one of its candidates; ` +
      (names ? `choose ${names}` : 'it has none: use --create or --skip'),
  };
}

export function parseReviewDecision(item: ReviewItem, answer: ReviewAnswer): DecisionParse {
  if (item.state !== 'open') {
    return {
      ok: false,
      message: `review ${item.id} was already decided by ${item.decidedBy ?? 'someone'} at ${item.decidedAt ?? '?'}`,
    };
  }
  if ('skip' in answer) return { ok: true, decision: { skip: true } };
  if ('create' in answer) {
    return item.kind === 'ambiguous-match'
      ? { ok: true, decision: { create: true } }
      : { ok: false, message: `review ${item.id} is a ${item.kind}: --create only answers a match question` };
  }
  if ('value' in answer) {
    if (item.kind !== 'unknown-enum') {
      return {
        ok: false,
        message: `review ${item.id} is a ${item.kind}: choose a candidate with --choose, or --skip`,
      };
    }
    return answer.value.trim() === ''
      ? { ok: false, message: `review ${item.id}: --value is empty` }
      : { ok: true, decision: { value: answer.value } };
  }
  if (item.kind === 'unknown-enum') {
    return {
      ok: false,
      message: `review ${item.id} asks for a value (unknown enum value): use --value <canonical value>`,
    };
  }
  const index = findCandidate(item, answer.choose);
  if (index < 0) return notACandidate(item, answer.choose);
  const chosen = asRef(item.candidates[index]);
  if (item.kind === 'deletion') return { ok: true, decision: { propagate: true } };
  if (item.kind === 'conflict') return { ok: true, decision: { keep: index === 0 ? 'source' : 'target' } };
  if (typeof chosen.id !== 'string') return notACandidate(item, answer.choose);
  return { ok: true, decision: { match: chosen.id } };
}

/** The decision in words, for output. */
export function describeDecision(item: ReviewItem, decision: ReviewDecision): string {
  if ('skip' in decision) return 'skipped (nothing is written)';
  if ('create' in decision) return 'create a new record';
  if ('value' in decision) return `use value "${decision.value}"`;
  if ('match' in decision) return `link to record ${decision.match}`;
  if ('propagate' in decision)
    return `propagate the deletion to ${candidateLabel(item.candidates[0], 0)} (delete or inactivate it)`;
  const side = asRef(item.candidates[decision.keep === 'source' ? 0 : 1]);
  return `keep ${typeof side.system === 'string' ? side.system : decision.keep}'s value ${JSON.stringify(side.value ?? null)}`;
}
