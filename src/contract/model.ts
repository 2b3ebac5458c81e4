/**
 * The normalised contract: what the engine, the checklist, the docs and the diff consume. Every
 * name in it has been checked to point at something declared; defaults have been applied; each
 * part remembers where it was written (`at`) so later errors can point back at the YAML.
 *
 * Values that a contract may leave out *on purpose so that `accord check` can report the gap*
 * (an owner, a conflict rule, an alert route, an error policy, match keys) stay optional here.
 * The engine runs only contracts that pass the check, where they are present.
 */
import type { EnvironmentDef } from './environments.ts';
import type { SourceLocation } from './located-error.ts';
import type { SecretRef } from './secret-ref.ts';
import type {
  ChangeKind,
  ConflictRule,
  DeletePolicy,
  Direction,
  FieldKind,
  Lane,
  LineFieldKind,
  LogLevel,
  NoMatchPolicy,
  NonOwnerChangePolicy,
  Normaliser,
  SystemKind,
  Transform,
} from './vocabulary.ts';

export type SettingValue = string | number | boolean | SecretRef;

/** Requests allowed per window. */
export interface Rate {
  readonly requests: number;
  readonly perMs: number;
  /** As written: `10/s`. */
  readonly text: string;
}

export interface SystemDef {
  readonly name: string;
  readonly kind: SystemKind;
  readonly description?: string;
  /** NetSuite: the account id as written (`123456_SB1`) and the realm it implies. */
  readonly netsuite?: { readonly accountId: string; readonly sandbox: boolean };
  readonly connection: Readonly<Record<string, SettingValue>>;
  readonly limits: { readonly concurrency?: number; readonly rate?: Rate };
  readonly at: SourceLocation;
}

export interface TeamDef {
  readonly name: string;
  readonly description?: string;
  readonly contact?: string;
  readonly members: readonly string[];
  readonly alert?: string;
  readonly at: SourceLocation;
}

export interface AlertRouteDef {
  readonly name: string;
  readonly description?: string;
  readonly webhook?: SecretRef;
  readonly email: readonly string[];
  readonly log?: LogLevel;
  readonly at: SourceLocation;
}

export interface LineFieldDef {
  readonly name: string;
  readonly kind: LineFieldKind;
  readonly required: boolean;
  readonly values?: readonly string[];
  readonly entity?: string;
  readonly description?: string;
}

export interface FieldDef {
  readonly entity: string;
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly description?: string;
  /** enum: declared canonical values. */
  readonly values?: readonly string[];
  /** reference: the entity referred to. */
  readonly references?: string;
  /** lines: the line fields. */
  readonly lines?: Readonly<Record<string, LineFieldDef>>;
  /** The single system of record, when exactly one is named (own or the entity's default). */
  readonly owner?: string;
  /** Every owner written; more than one is a checklist failure. */
  readonly declaredOwners: readonly string[];
  readonly conflict?: ConflictRule;
  readonly onNonOwnerChange?: NonOwnerChangePolicy;
  /**
   * How two values of the field are compared (engine and reconciliation): equal when equal after
   * these normalisers. Values are stored and written as they are, never normalised.
   */
  readonly normalise?: readonly Normaliser[];
  readonly at: SourceLocation;
}

export interface FieldMapping {
  readonly field: string;
  readonly path: string;
  readonly currencyPath?: string;
  readonly transforms: readonly Transform[];
  /** enum: system value → canonical value. */
  readonly enumMap?: Readonly<Record<string, string>>;
  readonly readOnly: boolean;
  /** lines: line field → its mapping inside one line. */
  readonly lines?: Readonly<Record<string, FieldMapping>>;
  readonly at: SourceLocation;
}

export interface EntityMapping {
  readonly entity: string;
  readonly system: string;
  /** The system's record type: `salesOrder`, `Order`, `payment_intent`. */
  readonly record: string;
  readonly idPath: string;
  /** Where the system holds Accord's external id, for idempotent upserts (NetSuite `externalId`). */
  readonly externalIdPath?: string;
  readonly fields: Readonly<Record<string, FieldMapping>>;
  readonly at: SourceLocation;
}

export interface EntityDef {
  readonly name: string;
  readonly description?: string;
  readonly onNonOwnerChange?: NonOwnerChangePolicy;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly mappings: Readonly<Record<string, EntityMapping>>;
  readonly at: SourceLocation;
}

/** One way of finding the same record on the other side; tried in order. */
export type MatchKey =
  | { readonly kind: 'external-id' }
  | {
      readonly kind: 'fields';
      readonly fields: readonly string[];
      readonly normalise: readonly Normaliser[];
    };

export interface MatchPolicy {
  readonly keys: readonly MatchKey[];
  readonly onNoMatch?: NoMatchPolicy;
  /** Always review: two possible matches are never guessed between. */
  readonly onMultipleMatches: 'review';
  readonly at: SourceLocation;
}

export interface ErrorPolicy {
  readonly retries: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number; readonly jitter: boolean };
  readonly deadLetter: boolean;
}

export interface Trigger {
  readonly schedule?: string;
  readonly webhook?: string;
}

export interface FlowDef {
  readonly name: string;
  readonly description?: string;
  readonly entity: string;
  readonly from: string;
  readonly to: string;
  readonly direction: Direction;
  /** The fields this flow carries: those listed, or every field mapped in both systems. */
  readonly fields: readonly string[];
  /** Only records whose enum fields hold one of these canonical values. */
  readonly only?: Readonly<Record<string, readonly string[]>>;
  readonly trigger: Trigger;
  readonly lane: Lane;
  readonly owner?: string;
  /** The flow's own alert route, or its owner team's. */
  readonly alert?: string;
  readonly match?: MatchPolicy;
  /** What a deletion of the source record does; `flag` when the contract does not say. */
  readonly onDelete?: DeletePolicy;
  readonly errors?: ErrorPolicy;
  readonly at: SourceLocation;
}

/**
 * A reference a reconciliation checks (`references.order`): each record of the rule's systems
 * named in `paths` holds, at that path, the id of an `entity` record in system `in`; one that
 * points to no such record is an orphan finding (a Stripe payment whose Shopify order does not
 * exist).
 */
export interface ReferenceCheck {
  readonly name: string;
  readonly description?: string;
  readonly entity: string;
  readonly in: string;
  /** System of the rule → path of the referenced id in its records. */
  readonly paths: Readonly<Record<string, string>>;
  /** The referenced record's field holding the id; absent: the record's own id. */
  readonly by?: string;
}

export interface ReconciliationRule {
  readonly name: string;
  readonly description?: string;
  readonly flows: readonly string[];
  readonly schedule: string;
  readonly count: boolean;
  readonly sum: readonly string[];
  /** Canonical fields, plus `currency` (of the summed money) and `period` (month of periodField). */
  readonly groupBy: readonly string[];
  readonly periodField?: string;
  /** Currency code (or `default`) → allowed absolute difference, as a decimal string. */
  readonly tolerance: Readonly<Record<string, string>>;
  /**
   * System → canonical field → the values in scope: records of that side with another value are
   * not read into the comparison (NetSuite holds all shops' orders; a rule may be about one shop).
   */
  readonly where: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /**
   * Which of the flow's match keys pairs records (`external-id` or its fields); absent: the first
   * key both sides can compute. A customer matched on email keeps another flow's external id, so
   * keying a customer rule by external id would call the same person missing and orphaned.
   */
  readonly key?: 'external-id' | readonly string[];
  readonly alert?: string;
  readonly references: readonly ReferenceCheck[];
  readonly at: SourceLocation;
}

export interface ChangeControlRule {
  readonly description?: string;
  readonly changes: readonly (ChangeKind | '*')[];
  /** Empty: every entity. */
  readonly entities: readonly string[];
  readonly approvers: readonly string[];
  readonly at: SourceLocation;
}

export interface Contract {
  /** The file it was loaded from, as given. */
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly systems: Readonly<Record<string, SystemDef>>;
  readonly teams: Readonly<Record<string, TeamDef>>;
  readonly alerts: Readonly<Record<string, AlertRouteDef>>;
  readonly entities: Readonly<Record<string, EntityDef>>;
  readonly flows: Readonly<Record<string, FlowDef>>;
  readonly reconciliation: Readonly<Record<string, ReconciliationRule>>;
  readonly changeControl: readonly ChangeControlRule[];
  /** Other accounts the contract can point at (`environments:`, see `environments.ts`). */
  readonly environments?: Readonly<Record<string, EnvironmentDef>>;
}
