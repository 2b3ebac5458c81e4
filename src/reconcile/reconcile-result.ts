/**
 * The outcome of one reconciliation: totals per group, record-level findings and the one-line
 * verdict. JSON-safe (money as decimal strings), so it is what the JSON report prints and what
 * history stores.
 */
import type { FindingCategory, ReconcileFinding } from './finding.ts';
import type { GroupResult } from './group-totals.ts';

export interface ReconcileSideSummary {
  system: string;
  objectType: string;
  /** Records read (after the period filter). */
  records: number;
}

export interface ReconcileResult {
  contract: string;
  rule: string;
  flow: string;
  entity: string;
  /** `2026-10` when the run was limited to one month of `periodField`. */
  period?: string | undefined;
  startedAt: string;
  finishedAt: string;
  /** How records were paired: `external-id` or the key's fields (`orderNumber`). */
  key: string;
  /** How the records were compared (`hash-buckets`, with spills when memory was bounded). */
  method: string;
  source: ReconcileSideSummary;
  target: ReconcileSideSummary;
  groups: GroupResult[];
  /** The rule's group dimensions left out because only one side maps them. */
  ungrouped: string[];
  findings: ReconcileFinding[];
  counts: Record<FindingCategory, number>;
  /** True when no finding and every group within tolerance: the books agree. */
  agree: boolean;
  /** One line a finance user can read. */
  summary: string;
}
