/**
 * One difference between two versions of a contract, as `accord diff` reports it: what kind of
 * change it is (which change control routes to approvers), how risky, and before/after.
 */
import type { ChangeKind } from './vocabulary.ts';

/**
 * high: decides who wins, what matches, or what stops syncing — data can be overwritten or
 * duplicated. medium: changes the values written. low: operational (timing, limits, routes).
 */
export type Severity = 'high' | 'medium' | 'low';

export interface ContractChange {
  readonly kind: ChangeKind;
  readonly severity: Severity;
  /** The entity concerned, for change-control rules scoped to entities. */
  readonly entity?: string;
  /** `salesOrder.total`, `flow orders`, `salesOrder.total in netsuite`… */
  readonly subject: string;
  readonly message: string;
  readonly before?: string;
  readonly after?: string;
  /** Teams whose approval the new contract's change control requires. */
  readonly approvers: readonly string[];
}

export type Draft = Omit<ContractChange, 'approvers'>;

/** Text for before/after: absent values show as "(none)". */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A draft change, when `before` and `after` differ (compared as JSON). */
export function changed(
  before: unknown,
  after: unknown,
  draft: Omit<Draft, 'before' | 'after' | 'message'> & { message: (b: string, a: string) => string },
): Draft[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const b = show(before);
  const a = show(after);
  const { message, ...rest } = draft;
  return [{ ...rest, message: message(b, a), before: b, after: a }];
}
