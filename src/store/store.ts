/**
 * The store port: everything the engine must remember between runs, behind one implementation-
 * agnostic interface. SQLite (`store/sqlite`) is the embedded default; PostgreSQL follows and runs
 * the same contract suite (`test/store/store-contract.ts`) unchanged.
 *
 * Rules every implementation follows:
 * - every method is async and every JSON value round-trips exactly (what you put is what you get);
 * - `transaction(fn)` runs `fn` with a {@link StoreTx} whose writes commit together or not at all
 *   (the engine records baselines, links, cursor, audit events and job state in ONE transaction);
 *   writers are serialised, so reading the audit head inside a transaction is race-free;
 * - state changes of dead letters and review items follow the machines in `store-states.ts`;
 * - times are ISO-8601 UTC strings with milliseconds; ids of rows are numbers, run ids strings.
 *
 * @example
 *   await store.transaction(async (tx) => {
 *     await tx.links.put({ entity: 'customer', flow: 'crm-to-ns', a: { system: 'hubspot', id: '7' },
 *       b: { system: 'netsuite', id: '1042' }, matchedBy: 'key', matchKey: 'email' });
 *     await tx.cursors.advance({ flow: 'crm-to-ns', system: 'hubspot', objectType: 'contact' },
 *       { modifiedAt: '2026-11-28T10:00:00.000Z', id: '7' });
 *   });
 */
import type { AuditRepo } from './audit-repo.ts';
import type { DeadLetterRepo } from './dead-letter-repo.ts';
import type { FlowStateRepo } from './flow-state-repo.ts';
import type { ReviewRepo } from './review-repo.ts';
import type { RunCounts } from './run-counts.ts';
import type { SchemaSnapshotRepo } from './schema-snapshot-repo.ts';

export type { AuditFilter, AuditHead, AuditRecord, AuditRepo } from './audit-repo.ts';
export type { DeadLetter, DeadLetterRepo, DeadLetterState, NewDeadLetter } from './dead-letter-repo.ts';
export type { FlowState, FlowStateRepo } from './flow-state-repo.ts';
export type { NewReviewItem, ReviewItem, ReviewKind, ReviewRepo, ReviewState } from './review-repo.ts';
export type { RunCounts } from './run-counts.ts';
export type { SchemaSnapshot, SchemaSnapshotRepo } from './schema-snapshot-repo.ts';
export type IsoTime = string;

/** One record in one system. */
export interface RecordRef {
  system: string;
  id: string;
}

// ---------------------------------------------------------------- links

/**
 * How two records were found to be the same: an existing link carried over, the external id,
 * a declared match key (named in `matchKey`), created by Accord because nothing matched, or a
 * human's review decision.
 */
export type MatchedBy = 'link' | 'externalId' | 'key' | 'created' | 'review';

/** "Record X in system A is record Y in system B", for one entity. Order of `a`/`b` is irrelevant. */
export interface Link {
  entity: string;
  /** The flow that made the link. */
  flow: string;
  a: RecordRef;
  b: RecordRef;
  matchedBy: MatchedBy;
  /** The match key's name when `matchedBy` is `key` (e.g. `email`). */
  matchKey?: string | undefined;
  linkedAt: IsoTime;
}

export type NewLink = Omit<Link, 'linkedAt'> & { linkedAt?: IsoTime | undefined };

export interface LinkRepo {
  /**
   * Stores a link; putting the same link again is a no-op returning the stored one. Throws
   * {@link StoreConflict} if either record is already linked to a DIFFERENT record of the other
   * system (a relink is never silent: `remove` first).
   */
  put(link: NewLink): Promise<Link>;
  /** The link of `from` to a record of `otherSystem`, if any. */
  find(entity: string, from: RecordRef, otherSystem: string): Promise<Link | undefined>;
  /**
   * The links of many records of one system to records of `otherSystem`, by the record's id;
   * records without one are absent from the map. Optional: for the engine's per-batch reads
   * (`engine/batch-reads.ts`), which fall back to `find` per record.
   */
  findMany?(
    entity: string,
    fromSystem: string,
    ids: readonly string[],
    otherSystem: string,
  ): Promise<Map<string, Link>>;
  /** Every link of one record, to any system. */
  listFor(entity: string, ref: RecordRef): Promise<Link[]>;
  /** Removes the link between two records; true if there was one. */
  remove(entity: string, a: RecordRef, b: RecordRef): Promise<boolean>;
}

// ---------------------------------------------------------------- baselines

/** A value Accord wrote to a field, and where it came from. */
export interface WrittenField {
  value: unknown;
  sourceSystem: string;
  /** The source record's version (modifiedAt, etag, SystemModstamp…) the value was taken from. */
  sourceVersion: string;
  runId?: string | undefined;
  at: IsoTime;
}

/**
 * The last values Accord saw and wrote for one linked record in one system: what makes three-way
 * change detection (seen vs now), conflict detection (both sides changed since `seen`) and echo
 * suppression (now equals `written`) possible.
 */
export interface Baseline {
  entity: string;
  system: string;
  recordId: string;
  /** The flow whose baseline this is: each flow over a record keeps its own (see `BaselineKey`). */
  flow: string;
  /** Field values as last seen in the system. */
  seen: Record<string, unknown>;
  /** The record's version when seen (its modifiedAt or etag). */
  seenVersion?: string | undefined;
  seenAt: IsoTime;
  /** Per field, the value Accord last wrote to this record and its source. */
  written: Record<string, WrittenField>;
  updatedAt: IsoTime;
}

export type NewBaseline = Omit<Baseline, 'updatedAt'>;

/**
 * Which flow's baseline of which record. Baselines are kept per flow: two flows over one record
 * (the Shopify and CRM flows sharing a NetSuite customer; the orders flow writing a NetSuite sales
 * order that the warehouse copy then reads) each remember what THEY saw and wrote there. Kept per
 * record, each flow's write replaced the other's baseline: taken as its own, a record the other
 * flow had just written looked "already seen" and was skipped; ignored (as session 2's
 * `ownBaseline` filter did), the flow lost its echo detection and its memory of its own writes
 * whenever the other flow had touched the record, and re-wrote or missed what it had handled.
 */
export interface BaselineKey {
  flow: string;
  entity: string;
  system: string;
  recordId: string;
}

export interface BaselineRepo {
  /** Replaces the baseline of one record in one system for the baseline's flow. */
  put(baseline: NewBaseline): Promise<Baseline>;
  /**
   * Replaces many baselines, in order, like `put` for each but returning nothing (no read-back):
   * optional, for the engine's batch record step; callers fall back to `put` when absent.
   */
  putMany?(baselines: readonly NewBaseline[]): Promise<void>;
  /** One flow's baseline of one record. */
  get(key: BaselineKey): Promise<Baseline | undefined>;
  /** One flow's baselines of many records of one system; missing ones are absent from the map. */
  getMany(scope: Omit<BaselineKey, 'recordId'>, recordIds: readonly string[]): Promise<Map<string, Baseline>>;
  /**
   * Every flow's baseline of one record, by flow name: what `accord trace` shows. Never an input to
   * a decision, which reads its own flow's baseline only.
   */
  listFlows(entity: string, system: string, recordId: string): Promise<Baseline[]>;
}

// ---------------------------------------------------------------- cursors

export interface CursorKey {
  flow: string;
  system: string;
  objectType: string;
}

/** An inclusive `(modifiedAt, id)` position in a system's change stream. */
export interface CursorPosition {
  modifiedAt: IsoTime;
  id: string;
}

export interface StoredCursor extends CursorKey, CursorPosition {
  updatedAt: IsoTime;
}

export interface CursorRepo {
  get(key: CursorKey): Promise<StoredCursor | undefined>;
  /**
   * Moves the cursor forward. A position before the stored one is ignored (pages processed out of
   * order never rewind it); returns the cursor as stored afterwards.
   */
  advance(key: CursorKey, to: CursorPosition): Promise<StoredCursor>;
  /** Sets the cursor anywhere, backwards included, or deletes it (`undefined`): an operator resync. */
  reset(key: CursorKey, to: CursorPosition | undefined): Promise<void>;
}

// ---------------------------------------------------------------- runs

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** One execution of a flow and its counts (see `run-counts.ts` for the balance rule). */
export interface Run {
  id: string;
  flow: string;
  status: RunStatus;
  startedAt: IsoTime;
  finishedAt?: IsoTime | undefined;
  counts: RunCounts;
  /** Set when the run finishes: did `captured` equal the sum of the buckets? */
  balanced?: boolean | undefined;
  note?: string | undefined;
}

export interface RunRepo {
  start(input: { flow: string; id?: string | undefined }): Promise<Run>;
  /**
   * Adds (possibly negative) deltas to the counts, e.g. `{ pending: -1, written: 1 }` when a job
   * finishes. Throws if a count would drop below zero, or the run is unknown.
   */
  addCounts(runId: string, delta: Partial<RunCounts>): Promise<Run>;
  /** Ends the run, recording whether its counts balance. A run finishes once. */
  finish(
    runId: string,
    input: { status: Exclude<RunStatus, 'running'>; note?: string | undefined },
  ): Promise<Run>;
  get(runId: string): Promise<Run | undefined>;
  /** Newest first. */
  list(filter?: { flow?: string | undefined; limit?: number | undefined }): Promise<Run[]>;
}

// ---------------------------------------------------------------- the store

/** Everything readable and writable, inside or outside a transaction. */
export interface StoreSession {
  readonly links: LinkRepo;
  readonly baselines: BaselineRepo;
  readonly cursors: CursorRepo;
  readonly runs: RunRepo;
  readonly deadLetters: DeadLetterRepo;
  readonly reviews: ReviewRepo;
  readonly schemaSnapshots: SchemaSnapshotRepo;
  readonly flows: FlowStateRepo;
  /** Raw audit rows; append and verify through `src/audit/audit-log.ts`, which does the hashing. */
  readonly audit: AuditRepo;
}

/** A session bound to one open transaction; invalid once `transaction(fn)` has returned. */
export interface StoreTx extends StoreSession {
  readonly inTransaction: true;
}

export interface Store extends StoreSession {
  readonly inTransaction: false;
  /** The implementation's name, for logs (`sqlite`, `postgres`). */
  readonly kind: string;
  /**
   * Runs `fn` in one transaction: commits if it resolves, rolls back everything if it throws
   * (the error is rethrown). Calling the store itself (not `tx`) from inside `fn` is an error.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A write the store refused because it contradicts what is stored (e.g. a relink). */
export class StoreConflict extends Error {
  readonly code = 'STORE_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflict';
  }
}

/** The row an operation names does not exist. */
export class StoreNotFound extends Error {
  readonly code = 'STORE_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotFound';
  }
}
