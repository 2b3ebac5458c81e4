/**
 * What `accord check` answers: DESIGN.md's eight questions, per flow, each PASS / WARN / FAIL with
 * the exact gaps found (each gap located in the contract).
 */
import type { SourceLocation } from './located-error.ts';

export const QUESTIONS = [
  { id: 1, key: 'system-of-record', title: 'System of record' },
  { id: 2, key: 'sync-direction', title: 'Sync direction' },
  { id: 3, key: 'matching-keys', title: 'Matching keys' },
  { id: 4, key: 'conflict-rules', title: 'Conflict rules' },
  { id: 5, key: 'error-handling', title: 'Error handling' },
  { id: 6, key: 'volume-and-timing', title: 'Volume and timing' },
  { id: 7, key: 'reconciliation', title: 'Reconciliation' },
  { id: 8, key: 'audit-trail', title: 'Audit trail' },
] as const;

export type Question = (typeof QUESTIONS)[number];
export type QuestionId = Question['id'];
export type Verdict = 'PASS' | 'WARN' | 'FAIL';

/** One gap: what is missing or wrong, about a flow or about one field (`customer.phone`). */
export interface Finding {
  readonly verdict: 'WARN' | 'FAIL';
  /** `salesOrder.total` for a field, the flow name otherwise. */
  readonly subject: string;
  readonly message: string;
  readonly at: SourceLocation;
}

/** What one question's check returns for one flow, before it becomes an `Answer`. */
export interface QuestionResult {
  readonly checked: string;
  readonly findings: Finding[];
}

/** The answer to one question for one flow. */
export interface Answer {
  readonly flow: string;
  readonly question: QuestionId;
  readonly verdict: Verdict;
  /** What was checked, phrased as the PASS statement ("every field names one owner"). */
  readonly checked: string;
  readonly findings: readonly Finding[];
}

/** The answers about one synced field (`customer.phone`), gathered across every flow carrying it. */
export interface FieldAnswer {
  readonly subject: string;
  readonly owner?: string;
  readonly conflict?: string;
  readonly flows: readonly string[];
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

export interface CheckedFlow {
  readonly name: string;
  readonly entity: string;
  readonly from: string;
  readonly to: string;
  readonly direction: string;
}

export interface CheckReport {
  readonly file: string;
  readonly contract: string;
  readonly flows: readonly CheckedFlow[];
  readonly verdict: Verdict;
  readonly answers: readonly Answer[];
  /** Per field: every synced field's own verdict (system of record, direction, conflicts). */
  readonly fields: readonly FieldAnswer[];
  readonly counts: { readonly pass: number; readonly warn: number; readonly fail: number };
}

/** FAIL beats WARN beats PASS. */
export function worst(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = 'PASS';
  for (const v of verdicts) {
    if (v === 'FAIL') return 'FAIL';
    if (v === 'WARN') result = 'WARN';
  }
  return result;
}

export function questionTitle(id: QuestionId): string {
  return QUESTIONS.find((q) => q.id === id)?.title ?? String(id);
}
