import { fromJsonText } from '../../store/json-column.ts';
import type { JobState } from '../job-states.ts';
import type { Job, Lane } from '../queue.ts';

/** A `jobs` row; times are epoch milliseconds so due/expiry comparisons are integer compares. */
export interface JobRow {
  id: number;
  job_key: string;
  flow: string;
  record_key: string;
  lane: string;
  run_id: string | null;
  payload_json: string;
  state: string;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  dead_letter_id: number | null;
  created_at: number;
  updated_at: number;
}

/**
 * Epoch ms → ISO text, remembering the last conversion. Why: a leased batch's jobs mostly share
 * each of their instants (enqueued by one page, leased at one `now`), and four `toISOString` per
 * job were ~1.4 µs of the ~60 µs of CPU per record the engine's queue and store work costs
 * (`npm run bench -- record-step`); one remembered value per column makes it ~0.
 */
function isoColumn(): (ms: number) => string {
  let lastMs = Number.NaN;
  let lastIso = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastIso = new Date(ms).toISOString();
      lastMs = ms;
    }
    return lastIso;
  };
}
const runAtIso = isoColumn();
const leaseIso = isoColumn();
const createdIso = isoColumn();
const updatedIso = isoColumn();

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    key: row.job_key,
    flow: row.flow,
    recordKey: row.record_key,
    lane: row.lane as Lane,
    payload: fromJsonText(row.payload_json),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    state: row.state as JobState,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: runAtIso(row.run_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.dead_letter_id === null ? {} : { deadLetterId: row.dead_letter_id }),
    ...(row.lease_owner === null ? {} : { leaseOwner: row.lease_owner }),
    ...(row.lease_expires_at === null ? {} : { leaseExpiresAt: leaseIso(row.lease_expires_at) }),
    createdAt: createdIso(row.created_at),
    updatedAt: updatedIso(row.updated_at),
  };
}
