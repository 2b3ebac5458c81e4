/**
 * `accord diff` as a library call: the impact of a contract change, for review. Each change has
 * a kind, a severity and the approvers the *new* contract's change control requires — the new
 * one, because the change under review is the one being approved.
 *
 * @example
 * const diff = diffContracts(oldContract, newContract);
 * diff.approvers; // ['finance-systems', 'ecommerce-integrations']
 */
import type { ContractChange, Draft, Severity } from './contract-change.ts';
import { diffEntities } from './diff-entities.ts';
import { diffFlows } from './diff-flows.ts';
import type { Contract } from './model.ts';

export interface ContractDiff {
  readonly before: string;
  readonly after: string;
  readonly changes: readonly ContractChange[];
  /** Every team whose approval at least one change requires. */
  readonly approvers: readonly string[];
  readonly counts: Readonly<Record<Severity, number>>;
}

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Teams the contract's change control requires for one change: every matching rule's approvers. */
export function approversFor(contract: Contract, change: Draft): string[] {
  const teams = new Set<string>();
  for (const rule of contract.changeControl) {
    const kindMatches = rule.changes.includes('*') || rule.changes.includes(change.kind);
    const entityMatches =
      rule.entities.length === 0 || (change.entity !== undefined && rule.entities.includes(change.entity));
    if (kindMatches && entityMatches) for (const team of rule.approvers) teams.add(team);
  }
  return [...teams];
}

export function diffContracts(before: Contract, after: Contract): ContractDiff {
  const drafts = [...diffFlows(before, after), ...diffEntities(before, after)];
  const changes = drafts
    .map((d): ContractChange => ({ ...d, approvers: approversFor(after, d) }))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const counts = { high: 0, medium: 0, low: 0 };
  for (const c of changes) counts[c.severity]++;
  return {
    before: before.file,
    after: after.file,
    changes,
    approvers: [...new Set(changes.flatMap((c) => c.approvers))],
    counts,
  };
}
