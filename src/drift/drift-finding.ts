/**
 * What drift detection reports: one finding per difference between a system's live schema and
 * the last approved snapshot or the contract, with who is affected and how badly.
 *
 * Severity:
 * - `blocking` with scope `flow`: the affected flows must not run until someone reviews the change
 *   (`accord drift approve`) or fixes the contract — a mapped field removed or renamed, a type
 *   change, a new required field in a target, a provider API version change;
 * - `blocking` with scope `values`: only records carrying the listed enum values are held back
 *   (they go to review); every other record flows — a new product category nobody mapped;
 * - `informational`: worth knowing, nothing breaks — a new unmapped field, a new custom record type.
 */

export type DriftSeverity = 'blocking' | 'informational';

/** What a blocking finding holds back: whole flows, or only records carrying some enum values. */
export type DriftScope = 'flow' | 'values';

export type DriftCode =
  | 'object-missing'
  | 'field-removed'
  | 'field-missing'
  | 'type-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'enum-value-unmapped'
  | 'required-field-added'
  | 'field-became-required'
  | 'field-added'
  | 'custom-record-type-added'
  | 'custom-record-type-removed'
  | 'api-version-changed'
  | 'configuration-added'
  | 'configuration-removed'
  | 'no-approved-snapshot';

export interface DriftFinding {
  readonly system: string;
  /** The system's object (record type), when the finding concerns one. */
  readonly object?: string;
  /** The system's field, when the finding concerns one. */
  readonly field?: string;
  readonly code: DriftCode;
  readonly severity: DriftSeverity;
  readonly scope: DriftScope;
  /** For `values` scope: the enum values whose records go to review. */
  readonly values?: readonly string[];
  /** What changed, in a sentence naming system, object and field. */
  readonly message: string;
  /** The likely new name of a removed field, judged by similarity. */
  readonly suggestion?: string;
  /** Flows affected (for a blocking finding: those to pause or gate). */
  readonly flows: readonly string[];
  /** Canonical fields affected, as `entity.field`. */
  readonly fields: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * Records to hold back: those of `object` in `system` whose `field` carries one of `values`.
 * Given to the engine so that only they go to review while the rest of the flow runs.
 */
export interface BlockedEnumValue {
  readonly system: string;
  readonly object: string;
  readonly field: string;
  readonly values: readonly string[];
  readonly flows: readonly string[];
  readonly reason: string;
}

/** True for findings that stop a whole flow. */
export function blocksFlow(finding: DriftFinding): boolean {
  return finding.severity === 'blocking' && finding.scope === 'flow';
}

/** True for findings that hold back only the records carrying some values. */
export function blocksValues(finding: DriftFinding): boolean {
  return finding.severity === 'blocking' && finding.scope === 'values';
}
