/** Review items, part of the store port (see `store.ts`). */
import type { IsoTime } from './store.ts';

/** `deletion`: a linked source record was deleted and the flow's `onDelete` is `flag`. */
export type ReviewKind = 'ambiguous-match' | 'conflict' | 'unknown-enum' | 'deletion';
export type ReviewState = 'open' | 'decided';

/** A decision the contract hands to a human. */
export interface ReviewItem {
  id: number;
  kind: ReviewKind;
  flow: string;
  entity: string;
  recordKey: string;
  /** The field concerned (conflicts, unknown enum values); empty for a whole-record match. */
  field: string;
  /** The choices: candidate records for a match, the two values for a conflict, the raw enum value. */
  candidates: unknown[];
  detail?: unknown;
  runId?: string | undefined;
  state: ReviewState;
  decision?: unknown;
  decidedBy?: string | undefined;
  decidedAt?: IsoTime | undefined;
  createdAt: IsoTime;
}

export type NewReviewItem = Omit<
  ReviewItem,
  'id' | 'state' | 'decision' | 'decidedBy' | 'decidedAt' | 'createdAt' | 'field'
> & { field?: string | undefined };

export interface ReviewRepo {
  /**
   * Opens a review item; while one is open for the same kind/flow/entity/recordKey/field, that one
   * is returned instead (`created: false`): one question is asked once.
   */
  open(input: NewReviewItem): Promise<{ item: ReviewItem; created: boolean }>;
  get(id: number): Promise<ReviewItem | undefined>;
  list(filter?: {
    state?: ReviewState | undefined;
    kind?: ReviewKind | undefined;
    flow?: string | undefined;
    limit?: number | undefined;
  }): Promise<ReviewItem[]>;
  /** open → decided. Throws IllegalTransition if already decided. */
  decide(id: number, input: { decision: unknown; by: string }): Promise<ReviewItem>;
}
