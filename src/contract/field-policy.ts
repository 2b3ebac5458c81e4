/**
 * What the engine needs to decide one field of one flow: its owner, whether the flow is two-way,
 * the conflict rule and the non-owner-change policy — read from a contract that passed
 * `accord check`, so every one of them is present.
 */
import type { Contract, FieldDef, FlowDef } from './model.ts';
import type { ConflictRule, NonOwnerChangePolicy } from './vocabulary.ts';

export interface FlowFieldPolicy {
  readonly field: string;
  /** The system whose value this flow treats as the owner's (see `relayedFor`). */
  readonly owner: string;
  /**
   * Set when the flow is a one-way copy between two systems neither of which owns the field
   * (NetSuite → warehouse for a Shopify-owned order): the source relays the owner's value, so it
   * speaks for the owner here. Names the real owner, for the trace.
   */
  readonly relayedFor?: string;
  readonly twoWay: boolean;
  readonly conflictRule: ConflictRule;
  readonly onNonOwnerChange: NonOwnerChangePolicy;
}

export type FieldPolicyResult =
  | { ok: true; policies: readonly FlowFieldPolicy[] }
  | { ok: false; message: string };

/**
 * The policies of every field a flow carries. A field that is not two-way-shared needs no
 * conflict rule in the contract; it gets `owner-wins`, which is what one-way flows do anyway. A
 * one-way flow that starts at neither the owner nor ends at it relays the owner's value.
 *
 * @example
 * const result = flowFieldPolicies(contract, 'orders');
 */
export function flowFieldPolicies(contract: Contract, flowName: string): FieldPolicyResult {
  const flow: FlowDef | undefined = contract.flows[flowName];
  if (!flow) return { ok: false, message: `flow ${flowName} is not in contract ${contract.name}` };
  const entity = contract.entities[flow.entity];
  const policies: FlowFieldPolicy[] = [];
  for (const name of flow.fields) {
    const field: FieldDef | undefined = entity?.fields[name];
    if (!field) continue;
    if (field.owner === undefined || field.onNonOwnerChange === undefined) {
      return {
        ok: false,
        message: `${flow.entity}.${name} has no single owner or non-owner policy; run accord check`,
      };
    }
    // A one-way copy onward from a system that holds the owner's value (the owner is in neither
    // end of the flow): the source's value is the best copy of the owner's there is, so it is
    // propagated — without this a downstream copy (a data warehouse) would never receive the
    // fields it exists to copy. Ownership still holds: the owner is never written by this flow.
    const relayed = flow.direction === 'one-way' && field.owner !== flow.from && field.owner !== flow.to;
    policies.push({
      field: name,
      owner: relayed ? flow.from : field.owner,
      ...(relayed ? { relayedFor: field.owner } : {}),
      twoWay: flow.direction === 'two-way',
      conflictRule: field.conflict ?? 'owner-wins',
      onNonOwnerChange: field.onNonOwnerChange,
    });
  }
  return { ok: true, policies };
}
