/** Dead letters, part of the store port (see `store.ts`). */
import type { IsoTime } from './store.ts';

export type DeadLetterState = 'open' | 'retried' | 'resolved';

/** A job that failed permanently or ran out of retries, kept with everything needed to act on it. */
export interface DeadLetter {
  id: number;
  flow: string;
  recordKey: string;
  jobId?: number | undefined;
  jobKey?: string | undefined;
  runId?: string | undefined;
  /** The job's payload: replaying it replays the original change. */
  payload: unknown;
  /** The failed request and response, secrets redacted (the store redacts again, defensively). */
  request?: unknown;
  response?: unknown;
  /** In plain words. */
  reason: string;
  /** The error class code, e.g. `VALIDATION_REJECTED`, `RATE_LIMITED`, `LEASE_EXPIRED`. */
  classification: string;
  attempts: number;
  state: DeadLetterState;
  /** Why it was retried or resolved, by whom and when. */
  resolution?: { reason: string; by: string; at: IsoTime } | undefined;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'state' | 'resolution' | 'createdAt' | 'updatedAt'>;

export interface DeadLetterRepo {
  open(input: NewDeadLetter): Promise<DeadLetter>;
  get(id: number): Promise<DeadLetter | undefined>;
  /** Oldest first. */
  list(filter?: {
    state?: DeadLetterState | undefined;
    flow?: string | undefined;
    limit?: number | undefined;
  }): Promise<DeadLetter[]>;
  /** open → retried: the job was replayed. */
  markRetried(id: number, by: { by: string; reason: string }): Promise<DeadLetter>;
  /** open|retried → resolved, with the operator's reason (required). */
  resolve(id: number, by: { by: string; reason: string }): Promise<DeadLetter>;
}
