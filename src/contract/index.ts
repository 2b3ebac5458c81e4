/**
 * The contract: load it, check it, document it, diff it. This is the surface the engine, the
 * CLI and the server use; everything else in this folder is how it is done.
 *
 * @example
 * import { loadContract, checkContract } from './contract/index.ts';
 * const loaded = await loadContract('accord.yaml');
 * if (loaded.ok && checkContract(loaded.contract).verdict !== 'FAIL') run(loaded.contract);
 */
export { CHECK_FORMATS, type CheckFormat, formatCheckReport } from './check-format.ts';
export {
  type Answer,
  type CheckedFlow,
  type CheckReport,
  type FieldAnswer,
  type Finding,
  QUESTIONS,
  type QuestionId,
  type Verdict,
} from './check-report.ts';
export { checkContract } from './checklist.ts';
export type { ContractChange, Severity } from './contract-change.ts';
export { approversFor, type ContractDiff, diffContracts } from './diff.ts';
export { DIFF_FORMATS, type DiffFormat, formatDiff } from './diff-format.ts';
export { type ContractDocs, renderDocs } from './docs.ts';
export { type FieldPolicyResult, type FlowFieldPolicy, flowFieldPolicies } from './field-policy.ts';
export { contractJsonSchema } from './json-schema.ts';
export { type LoadResult, loadContract, parseContract } from './loader.ts';
export { formatLocatedError, type LocatedError, type SourceLocation } from './located-error.ts';
export type {
  AlertRouteDef,
  ChangeControlRule,
  Contract,
  EntityDef,
  EntityMapping,
  ErrorPolicy,
  FieldDef,
  FieldMapping,
  FlowDef,
  LineFieldDef,
  MatchKey,
  MatchPolicy,
  Rate,
  ReconciliationRule,
  SettingValue,
  SystemDef,
  TeamDef,
  Trigger,
} from './model.ts';
export { type ConnectionResolution, type ResolvedSetting, resolveConnection } from './resolve-connection.ts';
export {
  envSecretResolver,
  formatSecretRef,
  isSecretRef,
  resolveSecret,
  Secret,
  type SecretRef,
  type SecretResolver,
} from './secret-ref.ts';
export * from './vocabulary.ts';
