/**
 * A mistake in a contract, pinned to where it was written and saying how to fix it. Loading a
 * contract returns these as values; they are never thrown.
 */

/** 1-based position of a node in a contract file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface LocatedError extends SourceLocation {
  /** Dotted path of the offending node, e.g. `flows.orders.direction` (empty for the file). */
  readonly path: string;
  /** What is wrong, naming the node. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * One line a terminal and an editor's problem matcher both understand.
 *
 * @example
 * formatLocatedError(err); // "orders.yaml:12:5: unknown key "drection" — did you mean "direction"?"
 */
export function formatLocatedError(error: LocatedError): string {
  return `${error.file}:${error.line}:${error.col}: ${error.message} — ${error.fix}`;
}

/** Dotted form of a path; numeric segments in brackets: `changeControl[0].approvers`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
