import { describe, expect, it } from 'vitest';
import { IllegalTransition } from '../store/state-machine.ts';
import { JOB_TRANSITIONS, jobStates } from './job-states.ts';

describe('job state machine', () => {
  it('allows exactly the listed transitions', () => {
    const states = Object.keys(JOB_TRANSITIONS) as (keyof typeof JOB_TRANSITIONS)[];
    for (const from of states) {
      for (const to of states) {
        const listed = (JOB_TRANSITIONS[from] as readonly string[]).includes(to);
        expect(jobStates.canTransition(from, to), `${from} → ${to}`).toBe(listed);
        if (listed) expect(() => jobStates.assert(from, to)).not.toThrow();
        else expect(() => jobStates.assert(from, to)).toThrow(IllegalTransition);
      }
    }
    expect(jobStates.finalStates()).toEqual(['succeeded']);
  });

  it('names from, to and the job in the error', () => {
    const err = (() => {
      try {
        jobStates.assert('succeeded', 'running', 'job 7 (orders:1:v1)');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      machine: 'job',
      from: 'succeeded',
      to: 'running',
    });
    expect((err as Error).message).toBe(
      'illegal job transition succeeded → running for job 7 (orders:1:v1); from succeeded only (nothing: it is final) is allowed',
    );
  });
});
