/**
 * Small explicit state machines: the allowed transitions are data, and every state change is
 * checked against them. Used for jobs, dead letters and review items.
 *
 * @example
 *   const jobs = defineStateMachine('job', { pending: ['running'], running: ['succeeded'], succeeded: [] });
 *   jobs.assert('pending', 'running');   // ok
 *   jobs.assert('succeeded', 'running'); // throws IllegalTransition (job: succeeded → running)
 */
export type Transitions<S extends string> = { readonly [from in S]: readonly S[] };

/** A state change the machine does not allow; says which machine, from and to. */
export class IllegalTransition extends Error {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    where = '',
    allowed: readonly string[] = [],
  ) {
    super(
      `illegal ${machine} transition ${from} → ${to}${where ? ` for ${where}` : ''}; ` +
        `from ${from} only ${allowed.length ? allowed.join(', ') : '(nothing: it is final)'} is allowed`,
    );
    this.name = 'IllegalTransition';
  }
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly transitions: Transitions<S>;
  canTransition(from: S, to: S): boolean;
  /** Throws {@link IllegalTransition} unless `from → to` is listed. `where` names the object. */
  assert(from: S, to: S, where?: string): void;
  /** States with no way out. */
  finalStates(): S[];
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: Transitions<S>,
): StateMachine<S> {
  return {
    name,
    transitions,
    canTransition: (from, to) => (transitions[from] ?? []).includes(to),
    assert(from, to, where) {
      const allowed = transitions[from];
      if (allowed === undefined) throw new IllegalTransition(name, from, to, where, []);
      if (!allowed.includes(to)) throw new IllegalTransition(name, from, to, where, allowed);
    },
    finalStates: () => (Object.keys(transitions) as S[]).filter((s) => transitions[s].length === 0),
  };
}
