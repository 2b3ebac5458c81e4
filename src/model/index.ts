/**
 * Accord's pure values: no I/O in this folder.
 *
 * Glossary (DESIGN.md has the long form):
 * - **system**: one connected application instance (a NetSuite account, a Shopify shop…).
 * - **entity**: a kind of business record in the contract (customer, salesOrder, payment…).
 * - **record**: one instance of an entity in one system.
 * - **canonical record**: the contract's system-neutral view of a record, built by the mapping.
 * - **owner**: the system of record for one field of one entity.
 * - **flow**: a named movement of one entity between systems, with a direction and a trigger.
 * - **match key**: an ordered list of ways to find the same record in another system.
 * - **link**: the stored fact "record X in system A is record Y in system B", and how it was matched.
 * - **baseline**: the last values Accord saw and wrote for a linked record, per system.
 * - **change**: a record whose values differ from its baseline.
 * - **echo**: a change that is only Accord's own earlier write coming back.
 * - **conflict**: a shared field changed in two systems since the baseline.
 * - **run**: one execution of a flow; its counts must balance.
 * - **job**: a durable unit of work in the queue (one record change for one flow).
 * - **dead letter**: a job that failed permanently or ran out of retries, kept with its reason.
 * - **review item**: a decision handed to a human (ambiguous match, conflict, unknown enum value).
 * - **reconciliation**: an independent comparison of counts, totals and records between systems.
 * - **drift**: a difference between a system's live schema and what the contract expects.
 * - **audit event**: an append-only, hash-chained record of one value written or one action.
 */
export {
  type CurrencyCode,
  currencyCode,
  isCurrencyCode,
  knownCurrencies,
  minorUnitsOf,
  UnknownCurrency,
} from './currencies.ts';
export {
  Decimal,
  formatDecimal,
  InvalidDecimal,
  isDecimalString,
  parseDecimal,
  type RoundingMode,
  roundDecimal,
} from './decimal.ts';
export {
  AccordError,
  AuthenticationFailed,
  IdempotencyConflict,
  isRetryable,
  parseRetryAfter,
  RateLimited,
  RecordNotFound,
  retryAfterOf,
  TransientUpstream,
  toError,
  UserInputError,
  ValidationRejected,
} from './errors.ts';
export {
  type Coerced,
  coerceField,
  type EmailValue,
  FIELD_KINDS,
  type FieldKind,
  type FieldSpec,
  type FieldValue,
  isPlainDate,
  normaliseEmail,
  type ReferenceValue,
  toUtcInstant,
} from './field-value.ts';
export { Money, MoneyError, type MoneyJson, netSuitePrecisionOf } from './money.ts';
