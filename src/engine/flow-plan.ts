/**
 * Everything the pipeline needs to know about one flow, resolved once per run from the contract:
 * its two sides (system, connector, mapping), the fields it carries and their policies.
 *
 * @example
 *   const plan = planFlow(contract, 'customers', connectors);
 *   const { source, target } = sidesOf(plan, 'shopify');
 */

import type { Connector } from '../connectors/connector.ts';
import type { Contract, EntityDef, EntityMapping, FlowDef, FlowFieldPolicy } from '../contract/index.ts';
import { flowFieldPolicies } from '../contract/index.ts';
import { UserInputError } from '../model/errors.ts';

export interface FlowSide {
  system: string;
  connector: Connector;
  mapping: EntityMapping;
}

export interface FlowPlan {
  flow: FlowDef;
  entity: EntityDef;
  /** Fields the flow carries that both sides map. */
  fields: readonly string[];
  policies: ReadonlyMap<string, FlowFieldPolicy>;
  sides: ReadonlyMap<string, FlowSide>;
  /** Systems changes are captured from: `from`, and `to` too when two-way. */
  capturedFrom: readonly string[];
  /** Per system of the flow, the entities the contract maps there (reference translation needs it). */
  entitiesIn: ReadonlyMap<string, ReadonlySet<string>>;
}

export type ConnectorLookup = (system: string) => Connector;

export function planFlow(contract: Contract, flowName: string, connectorOf: ConnectorLookup): FlowPlan {
  const flow = contract.flows[flowName];
  if (!flow) {
    throw new UserInputError(
      `flow "${flowName}" is not in contract ${contract.name} (flows: ${Object.keys(contract.flows).join(', ')})`,
    );
  }
  const entity = contract.entities[flow.entity];
  if (!entity) throw new UserInputError(`flow ${flowName}: entity ${flow.entity} is not declared`);
  const policies = flowFieldPolicies(contract, flowName);
  if (!policies.ok) throw new UserInputError(`flow ${flowName}: ${policies.message}`);
  const sides = new Map<string, FlowSide>();
  for (const system of [flow.from, flow.to]) {
    const mapping = entity.mappings[system];
    if (!mapping) {
      throw new UserInputError(
        `flow ${flowName}: entity ${flow.entity} has no mapping for system ${system}; add mappings.${system} to it`,
      );
    }
    sides.set(system, { system, connector: connectorOf(system), mapping });
  }
  const from = sides.get(flow.from) as FlowSide;
  const to = sides.get(flow.to) as FlowSide;
  const fields = flow.fields.filter((f) => from.mapping.fields[f] && to.mapping.fields[f]);
  return {
    flow,
    entity,
    fields,
    policies: new Map(policies.policies.map((p) => [p.field, p])),
    sides,
    capturedFrom: flow.direction === 'two-way' ? [flow.from, flow.to] : [flow.from],
    entitiesIn: new Map(
      [flow.from, flow.to].map((system) => [
        system,
        new Set(
          Object.values(contract.entities)
            .filter((e) => e.mappings[system])
            .map((e) => e.name),
        ),
      ]),
    ),
  };
}

/** The source side (where the change came from) and the target side (the other one). */
export function sidesOf(plan: FlowPlan, source: string): { source: FlowSide; target: FlowSide } {
  const s = plan.sides.get(source);
  const otherName = source === plan.flow.from ? plan.flow.to : plan.flow.from;
  const t = plan.sides.get(otherName);
  if (!s || !t) throw new UserInputError(`flow ${plan.flow.name} does not read from system ${source}`);
  return { source: s, target: t };
}

/** The external id Accord gives a record of `source` in the other system. */
export function externalIdFor(source: string, id: string): string {
  return `${source}:${id}`;
}
