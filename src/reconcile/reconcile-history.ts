/**
 * The history port: every reconciliation run kept with its verdict, counts and group totals, so
 * `accord reconcile history` can show whether the books have agreed day after day. The SQLite
 * implementation is `src/store/sqlite/sqlite-reconcile-history.ts` (its own migration component,
 * `reconcile`, in the store's file).
 *
 * @example
 *   await history.record(result);
 *   for (const run of await history.list({ rule: 'payments-daily', limit: 10 })) print(run.summary);
 */
import type { FindingCategory, ReconcileFinding } from './finding.ts';
import type { GroupResult } from './group-totals.ts';
import type { ReconcileResult } from './reconcile-result.ts';

export interface ReconcileHistoryEntry {
  id: number;
  contract: string;
  rule: string;
  period?: string | undefined;
  startedAt: string;
  finishedAt: string;
  agree: boolean;
  sourceSystem: string;
  sourceRecords: number;
  targetSystem: string;
  targetRecords: number;
  findings: number;
  counts: Record<FindingCategory, number>;
  summary: string;
  groups: GroupResult[];
  /** The first findings (at most {@link HISTORY_FINDINGS_KEPT}); the reports hold them all. */
  sampleFindings: ReconcileFinding[];
}

export const HISTORY_FINDINGS_KEPT = 1000;

export interface ReconcileHistory {
  record(result: ReconcileResult): Promise<ReconcileHistoryEntry>;
  /** Newest first. */
  list(query?: {
    contract?: string | undefined;
    rule?: string | undefined;
    limit?: number | undefined;
  }): Promise<ReconcileHistoryEntry[]>;
}
