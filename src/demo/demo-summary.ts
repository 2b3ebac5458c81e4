/**
 * What `accord demo` did, step by step, as data: printed as it happens and written to
 * `<dir>/demo-summary.json`, which the end-to-end test reads instead of the printed text.
 *
 * A step either ran for real (`ran`), could not run because a part of Accord is missing from this
 * build (`unavailable`, with the reason), or ran and did not show what it should (`failed`, with
 * what was expected and what was seen). Nothing is ever reported as run that was not.
 */

export type StepStatus = 'ran' | 'unavailable' | 'failed';

export const DEMO_STEPS = [
  { n: 1, key: 'sandbox', title: 'sandbox' },
  { n: 2, key: 'check', title: 'the eight questions' },
  { n: 3, key: 'flows', title: 'the flows' },
  { n: 4, key: 'storm', title: 'a concurrency storm' },
  { n: 5, key: 'parked', title: 'what must not be guessed' },
  { n: 6, key: 'reconcile', title: 'reconciliation' },
  { n: 7, key: 'trace', title: 'trace one value' },
  { n: 8, key: 'outputs', title: 'docs and report' },
] as const;

export type StepKey = (typeof DEMO_STEPS)[number]['key'];

export interface StepResult {
  n: number;
  key: StepKey;
  title: string;
  status: StepStatus;
  /** One sentence: what happened, or why it did not. */
  detail: string;
  /** What a step that did not show what it should was missing ("a KWD rounding finding"). */
  problems?: string[] | undefined;
  /** The step's own figures (counts, findings, file paths…), for the test and for people. */
  data?: Record<string, unknown> | undefined;
  elapsedMs: number;
}

export interface DemoSummary {
  dir: string;
  startedAt: string;
  elapsedMs: number;
  /** True when every step ran and showed what it should. */
  asDesigned: boolean;
  steps: StepResult[];
  /** Files written, by role: `store`, `docsHtml`, `reconciliationHtml`… (absolute paths). */
  files: Record<string, string>;
}

/** Thrown by a step that needs a part this build does not have. */
export class PartUnavailable extends Error {
  readonly code = 'PART_UNAVAILABLE';
  override name = 'PartUnavailable';
}
