/**
 * What one reconciliation rule compares, worked out from the contract alone: which two systems,
 * which record types, the key that pairs records, the fields compared record by record, the sums
 * and the groups, and the tolerance per currency. Nothing here touches a system.
 *
 * @example
 *   const plan = planReconciliation(contract, 'payments-daily');
 *   plan.source.system; // 'stripe'
 *   plan.key;           // { kind: 'external-id' }
 */

import type { SystemRecord } from '../connectors/connector.ts';
import type {
  Contract,
  EntityMapping,
  FieldDef,
  FlowDef,
  MatchKey,
  ReconciliationRule,
  ReferenceCheck,
} from '../contract/model.ts';
import type { Normaliser } from '../contract/vocabulary.ts';
import { UserInputError } from '../model/errors.ts';

export type SideRole = 'source' | 'target';

export interface SidePlan {
  readonly role: SideRole;
  readonly system: string;
  /** The system's record type (the connector's object type). */
  readonly objectType: string;
  readonly mapping: EntityMapping;
}

/** A canonical field compared record by record. */
export interface ComparedField {
  readonly name: string;
  readonly kind: FieldDef['kind'];
  /** Enum fields disagree as `status`, everything else as `value`. */
  readonly category: 'status' | 'value';
  /** The field's `normalise`: two values are the same when equal after it (absent: none). */
  readonly normalise?: readonly Normaliser[];
}

/**
 * How the source side's external id is formed, for an `external-id` match key: the id the engine
 * writes into the target. The connector port's own example is `<system>:<id>` (`shopify:42`).
 */
export type ExternalIdScheme = (sourceSystem: string, record: SystemRecord) => string;

export const DEFAULT_EXTERNAL_ID_SCHEME: ExternalIdScheme = (system, record) => `${system}:${record.id}`;

export interface ReconcilePlan {
  readonly contract: string;
  readonly rule: ReconciliationRule;
  readonly flow: FlowDef;
  readonly entity: string;
  readonly source: SidePlan;
  readonly target: SidePlan;
  readonly key: MatchKey;
  readonly externalId: ExternalIdScheme;
  readonly compared: readonly ComparedField[];
  /** Money fields summed per group (and compared with the currency's tolerance per record). */
  readonly sums: readonly string[];
  readonly groupBy: readonly string[];
  /**
   * Group dimensions of the rule left out because only one side maps them (NetSuite's
   * `subsidiary` against a shop that has none): grouping by them would put every record of the
   * other side in an empty group and call every group out of tolerance.
   */
  readonly ungrouped: readonly string[];
  readonly periodField?: string | undefined;
  readonly fieldKinds: Readonly<Record<string, FieldDef['kind']>>;
  /** The rule's reference checks, with the record type read in the referenced system. */
  readonly references: readonly { readonly check: ReferenceCheck; readonly objectType: string }[];
}

export interface PlanOptions {
  externalId?: ExternalIdScheme | undefined;
  /** Compare only these canonical fields (default: every scalar field the flow carries). */
  fields?: readonly string[] | undefined;
}

/** Kinds whose values mean the same in both systems; references hold each system's own ids. */
const COMPARABLE = new Set([
  'string',
  'email',
  'decimal',
  'money',
  'date',
  'datetime',
  'enum',
  'boolean',
  'integer',
]);

/** The rules a contract declares, for `--rule` defaults and messages. */
export function ruleNames(contract: Contract): string[] {
  return Object.keys(contract.reconciliation);
}

/**
 * Builds the plan for one rule; the rule's first flow names the pair of systems.
 * @throws UserInputError naming the rule and what to fix when the contract cannot be reconciled.
 */
export function planReconciliation(
  contract: Contract,
  ruleName: string,
  options: PlanOptions = {},
): ReconcilePlan {
  const rule = contract.reconciliation[ruleName];
  if (!rule) {
    throw new UserInputError(
      `contract ${contract.name} has no reconciliation rule "${ruleName}"; declared: ${ruleNames(contract).join(', ') || 'none'}`,
    );
  }
  const flowName = rule.flows[0];
  const flow = flowName === undefined ? undefined : contract.flows[flowName];
  if (!flow)
    throw new UserInputError(
      `reconciliation ${ruleName} names no flow the contract declares (${rule.at.file}:${rule.at.line}:${rule.at.col})`,
    );
  const entity = contract.entities[flow.entity];
  if (!entity) throw new UserInputError(`flow ${flow.name}: entity ${flow.entity} is not declared`);
  const side = (role: SideRole, system: string): SidePlan => {
    const mapping = entity.mappings[system];
    if (!mapping)
      throw new UserInputError(
        `entity ${entity.name} has no mapping for system ${system}; add mappings.${system}`,
      );
    return { role, system, objectType: mapping.record, mapping };
  };
  const source = side('source', flow.from);
  const target = side('target', flow.to);
  const fieldKinds: Record<string, FieldDef['kind']> = {};
  for (const [name, def] of Object.entries(entity.fields)) fieldKinds[name] = def.kind;
  const wanted = options.fields ?? flow.fields;
  const compared = wanted
    .filter(
      (name) =>
        COMPARABLE.has(fieldKinds[name] ?? '') && source.mapping.fields[name] && target.mapping.fields[name],
    )
    .map((name): ComparedField => {
      const normalise = entity.fields[name]?.normalise;
      return {
        name,
        kind: fieldKinds[name]!,
        category: fieldKinds[name] === 'enum' ? 'status' : 'value',
        ...(normalise && normalise.length > 0 ? { normalise } : {}),
      };
    });
  const mappedOnBoth = (field: string) =>
    Boolean(source.mapping.fields[field] && target.mapping.fields[field]);
  for (const field of [...rule.sum, ...(rule.periodField ? [rule.periodField] : [])]) {
    if (fieldKinds[field] === undefined)
      throw new UserInputError(`reconciliation ${ruleName}: ${field} is not a field of ${entity.name}`);
    if (!mappedOnBoth(field)) {
      throw new UserInputError(
        `reconciliation ${ruleName}: ${field} is summed or dated but mapped only in ${source.mapping.fields[field] ? source.system : target.system}; map it in both ${source.system} and ${target.system} (${rule.at.file}:${rule.at.line}:${rule.at.col})`,
      );
    }
  }
  return {
    contract: contract.name,
    rule,
    flow,
    entity: entity.name,
    source,
    target,
    key: chooseKey(flow, source, target, rule.key),
    externalId: options.externalId ?? DEFAULT_EXTERNAL_ID_SCHEME,
    compared,
    sums: rule.sum,
    groupBy: rule.groupBy.filter((g) => g === 'currency' || g === 'period' || mappedOnBoth(g)),
    ungrouped: rule.groupBy.filter((g) => g !== 'currency' && g !== 'period' && !mappedOnBoth(g)),
    periodField: rule.periodField,
    fieldKinds,
    references: rule.references.map((check) => {
      const mapping = contract.entities[check.entity]?.mappings[check.in];
      if (!mapping)
        throw new UserInputError(
          `reconciliation ${ruleName}: reference ${check.name} looks for ${check.entity} in ${check.in}, which has no mapping for it; add entities.${check.entity}.mappings.${check.in}`,
        );
      return { check, objectType: mapping.record };
    }),
  };
}

/**
 * The first of the flow's match keys that both sides can compute: `external-id` reads the
 * target's `externalId` path, or the connector's own `externalId` when the mapping names none (a
 * warehouse's key is the external id it was written under); a field key needs every field mapped
 * on both sides. Reconciliation keys by one key only so that records can be partitioned by it
 * (see record-comparer.ts); a record without a value for it is reported `unkeyed`, never guessed.
 */
function chooseKey(
  flow: FlowDef,
  source: SidePlan,
  target: SidePlan,
  chosen: ReconciliationRule['key'],
): MatchKey {
  const named = (key: MatchKey) =>
    chosen === 'external-id'
      ? key.kind === 'external-id'
      : key.kind === 'fields' &&
        key.fields.length === chosen?.length &&
        key.fields.every((f, i) => f === chosen[i]);
  const keys = (flow.match?.keys ?? []).filter((key) => chosen === undefined || named(key));
  for (const key of keys) {
    if (key.kind === 'external-id') return key;
    if (key.fields.every((f) => source.mapping.fields[f] && target.mapping.fields[f])) return key;
  }
  throw new UserInputError(
    `flow ${flow.name}: no match key both ${source.system} and ${target.system} can compute; add match.keys: external-id, or a field mapped in both`,
  );
}
