/**
 * The closed vocabularies of the contract, as data: the schema, the normalised model, the
 * checklist and the docs all read them from here so a new value is added in one place.
 */

export const SYSTEM_KINDS = [
  'netsuite',
  'shopify',
  'stripe',
  'salesforce',
  'hubspot',
  'wms',
  'postgres',
  'duckdb',
] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export { FIELD_KINDS, type FieldKind } from '../model/field-value.ts';

import { FIELD_KINDS, type FieldKind } from '../model/field-value.ts';

/** Kinds a field inside a `lines` collection may have (no nested collections). */
export const LINE_FIELD_KINDS = FIELD_KINDS.filter((k) => k !== 'lines') as Exclude<FieldKind, 'lines'>[];
export type LineFieldKind = Exclude<FieldKind, 'lines'>;

export const DIRECTIONS = ['one-way', 'two-way'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CONFLICT_RULES = ['owner-wins', 'most-recent-wins', 'review'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export const NON_OWNER_CHANGE_POLICIES = ['revert', 'flag'] as const;
export type NonOwnerChangePolicy = (typeof NON_OWNER_CHANGE_POLICIES)[number];

export const NO_MATCH_POLICIES = ['create', 'review', 'skip'] as const;
export type NoMatchPolicy = (typeof NO_MATCH_POLICIES)[number];

/**
 * What a flow does when its source record is deleted: `ignore` (count it unchanged), `flag` (a
 * review item per deletion of a linked record: made loud, decided by a human) or `propagate`
 * (delete or inactivate the linked target record, where its connector can; NetSuite inactivates).
 */
export const DELETE_POLICIES = ['ignore', 'flag', 'propagate'] as const;
export type DeletePolicy = (typeof DELETE_POLICIES)[number];

export const LANES = ['live', 'bulk'] as const;
export type Lane = (typeof LANES)[number];

/** Normalisers applied to both sides of a match key before comparing. */
export const NORMALISERS = ['trim', 'lowercase', 'uppercase', 'digits-only', 'collapse-spaces'] as const;
export type Normaliser = (typeof NORMALISERS)[number];

/**
 * Named value transforms a mapping may apply when reading a system value into the canonical
 * record (and inverted when writing back). `minor-units` is Stripe's integer amounts;
 * `unix-seconds` is Stripe's timestamps; `date-only` cuts a datetime to its calendar date.
 */
export const TRANSFORMS = [
  'trim',
  'lowercase',
  'uppercase',
  'digits-only',
  'collapse-spaces',
  'minor-units',
  'unix-seconds',
  'date-only',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Group dimensions a reconciliation rule may sum and count by, besides any canonical field. */
export const RECONCILE_GROUPS = ['currency', 'period'] as const;

/** The kinds of contract change that `accord diff` reports and change control routes to approvers. */
export const CHANGE_KINDS = [
  'owner',
  'direction',
  'match-key',
  'transform',
  'enum-map',
  'conflict-rule',
  'mapping',
  'field-added',
  'field-removed',
  'flow-added',
  'flow-removed',
  'trigger',
  'error-policy',
  'alert',
  'reconciliation',
  'system',
  'change-control',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
