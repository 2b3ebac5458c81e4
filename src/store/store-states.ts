/**
 * The state machines of stored objects, listed as data (see `state-machine.ts`).
 *
 * Dead letter: open → retried (replayed; a new failure opens a new dead letter) → resolved;
 * open → resolved (an operator fixed it another way, with a reason).
 * Review item: open → decided (decisions are final; a new question opens a new item).
 */
import { defineStateMachine } from './state-machine.ts';
import type { DeadLetterState, ReviewState } from './store.ts';

export const deadLetterStates = defineStateMachine<DeadLetterState>('dead letter', {
  open: ['retried', 'resolved'],
  retried: ['resolved'],
  resolved: [],
});

export const reviewStates = defineStateMachine<ReviewState>('review item', {
  open: ['decided'],
  decided: [],
});
