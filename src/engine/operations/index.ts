/**
 * What operators do with the engine's results: dead letters (retry, resolve), review decisions,
 * and traces. The CLI (`accord errors|reviews|trace`) and the server call these.
 *
 * @example
 *   import { traceRecord, resolveDeadLetter } from './engine/operations/index.ts';
 */
export { type DeadLetterAdvice, deadLetterAdvice } from './dead-letter-advice.ts';
export { findRecordsByValue, type ValueMatch } from './find-record-by-value.ts';
export {
  decideReview,
  OperationRefused,
  type OperationsContext,
  type OperationsEngine,
  resolveDeadLetter,
  retryDeadLetter,
} from './operator-actions.ts';
export {
  candidateLabel,
  type DecisionParse,
  describeDecision,
  parseReviewDecision,
  type ReviewAnswer,
  type ReviewDecision,
} from './review-decision.ts';
export {
  type FieldTrace,
  type FieldWrite,
  type SystemTrace,
  type TraceReport,
  traceRecord,
} from './trace-record.ts';
