/**
 * What the engine needs to decide one field of one flow: its owner, whether the flow is two-way,
 * the conflict rule and the non-owner-change policy — read from a contract that passed
 * `accord check`, so every one of them is present.
 */
import type { Contract, FieldDef, FlowDef } from './model.ts';
import type { ConflictRule, NonOwnerChangePolicy } from './vocabulary.ts';

export interface FlowFieldPolicy {
  readonly field: string;
  readonly owner: string;
  readonly twoWay: boolean;
  readonly conflictRule: ConflictRule;
  readonly onNonOwnerChange: NonOwnerChangePolicy;
}

export type FieldPolicyResult =
  | { ok: true; policies: readonly FlowFieldPolicy[] }
  | { ok: false; message: string };

/**
 * The policies of every field a flow carries. A field that is not two-way-shared needs no
 * conflict rule in the contract; it gets `owner-wins`, which is what one-way flows do anyway.
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
    policies.push({
      field: name,
      owner: field.owner,
      twoWay: flow.direction === 'two-way',
      conflictRule: field.conflict ?? 'owner-wins',
      onNonOwnerChange: field.onNonOwnerChange,
    });
  }
  return { ok: true, policies };
}
