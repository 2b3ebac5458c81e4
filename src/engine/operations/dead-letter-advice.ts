/**
 * What a dead letter's classification means, in plain words, and how to fix it: what
 * `accord errors show` prints under the reason, and what the console shows.
 *
 * @example deadLetterAdvice('VALIDATION_REJECTED').fix // 'Correct the record in …'
 */
export interface DeadLetterAdvice {
  /** What kind of failure it was. */
  meaning: string;
  /** What to do before `accord errors retry`. */
  fix: string;
}

const ADVICE: Readonly<Record<string, DeadLetterAdvice>> = {
  VALIDATION_REJECTED: {
    meaning:
      'the target system refused the data (a permanent error: retrying the same data fails the same way)',
    fix:
      'Correct the record in the source system, or the mapping in the contract (a missing mandatory field, ' +
      'an unmapped value, a wrong reference), then `accord errors retry <id>`.',
  },
  RATE_LIMITED: {
    meaning: 'the system kept saying "too many requests" until the retries ran out',
    fix:
      "Nothing is wrong with the record. Check what else uses the system's capacity (other integrations " +
      "share NetSuite's concurrency pool) or lower the flow's limits in the contract, then retry.",
  },
  TRANSIENT_UPSTREAM: {
    meaning: 'the system kept failing (5xx, timeouts, garbled replies) until the retries ran out',
    fix: "Check the system's status page or the simulator's faults; once it answers again, retry.",
  },
  AUTHENTICATION_FAILED: {
    meaning: 'the system refused the credentials',
    fix:
      "Renew the credentials the contract references (the env: variables of the system's connection) " +
      "and check the integration role's permissions, then retry.",
  },
  RECORD_NOT_FOUND: {
    meaning: 'a record the change refers to does not exist in the target (deleted, or never synced)',
    fix: 'Sync or recreate the referenced record first (or remove the stale link), then retry.',
  },
  IDEMPOTENCY_CONFLICT: {
    meaning: 'the same idempotency key was already used with different data',
    fix:
      'Another write claimed this key: check the target for a record created by hand or by another ' +
      'integration, resolve the duplicate, then retry.',
  },
  LEASE_EXPIRED: {
    meaning: 'the worker processing the change stopped (crash or kill) too many times',
    fix: 'Look at the worker logs for this job around the time of each attempt; fix the crash, then retry.',
  },
  USER_INPUT: {
    meaning: 'the input (a record or the contract) is malformed',
    fix: 'Fix the record or the contract at the place the reason names, then retry.',
  },
};

const UNKNOWN: DeadLetterAdvice = {
  meaning: 'an unclassified failure',
  fix: 'Read the reason and the response below; fix the cause, then retry — or resolve it with a reason.',
};

export function deadLetterAdvice(classification: string): DeadLetterAdvice {
  return ADVICE[classification] ?? UNKNOWN;
}
