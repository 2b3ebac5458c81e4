/**
 * A rule's `where`: which records of a side the rule is about. NetSuite holds the sales orders of
 * every shop (one subsidiary each), while a Shopify shop holds only its own; compared whole, every
 * other shop's order is an "orphan" (95 of 175 in the demo) and every shop's totals land in one
 * reconciliation. `where: { netsuite: { subsidiary: ['1'] } }` keeps the NetSuite side to the US
 * subsidiary's orders.
 *
 * Why canonical field values rather than "target records whose external id names the source
 * system": a sales order keyed in by hand in the US subsidiary has no external id, and it is just
 * the orphan this rule should report; scoping by external id would hide it. The values are the
 * canonical ones (after the mapping's value map), so a scope reads like the rest of the contract.
 *
 * @example
 *   const inScope = compileScope(plan, plan.target); // undefined: the whole side
 *   if (inScope && !inScope(record)) continue;
 */
import type { SystemRecord } from '../connectors/connector.ts';
import type { ReconcilePlan, SidePlan } from './reconcile-plan.ts';
import { canonicalValue } from './record-view.ts';

/** A test of whether a record of `side` is in the rule's scope, or undefined when the rule scopes it not. */
export function compileScope(
  plan: ReconcilePlan,
  side: SidePlan,
): ((record: SystemRecord) => boolean) | undefined {
  const where = plan.rule.where?.[side.system];
  if (!where || Object.keys(where).length === 0) return undefined;
  const tests = Object.entries(where).map(([field, values]) => {
    const mapping = side.mapping.fields[field];
    const allowed = new Set(values);
    // The contract check refuses a scope field the side does not map; nothing is in scope then.
    return (record: SystemRecord) => {
      if (!mapping) return false;
      const value = canonicalValue(plan, field, mapping, record);
      return value !== null && allowed.has(value);
    };
  });
  return (record) => tests.every((test) => test(record));
}

/** `netsuite subsidiary ∈ {1}` for reports and messages. */
export function scopeText(plan: ReconcilePlan): string {
  return Object.entries(plan.rule.where ?? {})
    .flatMap(([system, where]) =>
      Object.entries(where).map(([field, values]) => `${system} ${field} ∈ {${values.join(', ')}}`),
    )
    .join('; ');
}
