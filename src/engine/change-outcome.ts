/** The result of processing one change, before it is recorded in one store transaction. */
import type { AuditEventInput } from '../audit/audit-log.ts';
import type { NewBaseline, NewLink, NewReviewItem } from '../store/store.ts';
import type { PlannedWrite } from './engine-events.ts';

/** Which bucket of the run counts a processed change lands in (dead letters are recorded by the queue). */
export type OutcomeBucket = 'written' | 'unchanged' | 'echoes' | 'deleted' | 'inReview';

export interface ChangeOutcome {
  bucket: OutcomeBucket;
  /** Why, in a few words (`echo of our write`, `filtered by only`, `no match: skip`…). */
  note?: string | undefined;
  baselines: NewBaseline[];
  link?: NewLink | undefined;
  audit: AuditEventInput[];
  reviews: NewReviewItem[];
  /** Writes made (or, in a dry run, that would be made). */
  writes: PlannedWrite[];
}
