/**
 * A run's counts and the rule that they balance: every captured change ends in exactly one bucket.
 *
 *   captured = written + unchanged + echoes + deleted + deadLettered + inReview + pending
 *
 * `deleted`: source deletions propagated to the target (deleted, or inactivated in NetSuite); a
 * deletion the contract ignores is `unchanged`, one it flags is `inReview`.
 *
 * @example
 *   runBalance({ ...emptyRunCounts(), captured: 3, written: 2, pending: 1 }) // { balanced: true, difference: 0 }
 */
export interface RunCounts {
  captured: number;
  written: number;
  unchanged: number;
  echoes: number;
  deleted: number;
  deadLettered: number;
  inReview: number;
  pending: number;
}

export const RUN_COUNT_NAMES = [
  'captured',
  'written',
  'unchanged',
  'echoes',
  'deleted',
  'deadLettered',
  'inReview',
  'pending',
] as const satisfies readonly (keyof RunCounts)[];

export function emptyRunCounts(): RunCounts {
  return {
    captured: 0,
    written: 0,
    unchanged: 0,
    echoes: 0,
    deleted: 0,
    deadLettered: 0,
    inReview: 0,
    pending: 0,
  };
}

export interface RunBalance {
  balanced: boolean;
  /** The sum of the outcome buckets. */
  accountedFor: number;
  /** `captured - accountedFor`: positive means changes went missing, negative means double counting. */
  difference: number;
}

export function runBalance(counts: RunCounts): RunBalance {
  const accountedFor =
    counts.written +
    counts.unchanged +
    counts.echoes +
    counts.deleted +
    counts.deadLettered +
    counts.inReview +
    counts.pending;
  const difference = counts.captured - accountedFor;
  return { balanced: difference === 0, accountedFor, difference };
}

/** Checks a delta before it is applied: whole numbers only. */
export function assertCountDelta(delta: Partial<RunCounts>, runId: string): void {
  for (const [name, value] of Object.entries(delta)) {
    if (!(RUN_COUNT_NAMES as readonly string[]).includes(name)) {
      throw new RangeError(`run ${runId}: unknown count "${name}" (known: ${RUN_COUNT_NAMES.join(', ')})`);
    }
    if (value !== undefined && !Number.isSafeInteger(value)) {
      throw new RangeError(
        `run ${runId}: count "${name}" delta must be a whole number, got ${String(value)}`,
      );
    }
  }
}
