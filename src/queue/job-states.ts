/**
 * The job state machine, as data. Every state change in every queue implementation is checked
 * against it; an illegal one throws `IllegalTransition` naming from and to.
 *
 *   pending ──lease──► running ──complete──► succeeded
 *                        │ ├──fail (retryable, attempts left)──► retrying ──backoff elapsed──► pending
 *                        │ ├──fail (permanent, or attempts exhausted)──► dead ──operator retry──► pending
 *                        │ └──lease expired (worker crashed)──► pending, or dead when attempts are exhausted
 */
import { defineStateMachine } from '../store/state-machine.ts';

export type JobState = 'pending' | 'running' | 'retrying' | 'succeeded' | 'dead';

export const JOB_TRANSITIONS = {
  pending: ['running'],
  running: ['succeeded', 'retrying', 'dead', 'pending'],
  retrying: ['pending'],
  succeeded: [],
  dead: ['pending'],
} as const satisfies { readonly [from in JobState]: readonly JobState[] };

export const jobStates = defineStateMachine<JobState>('job', JOB_TRANSITIONS);

/** States in which a job still holds its record's place in line (later jobs for the key wait). */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['pending', 'running', 'retrying'];
