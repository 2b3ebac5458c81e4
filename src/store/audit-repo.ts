/**
 * Raw storage of audit events, part of the store port. The hash chain itself (canonical JSON,
 * sha256, verification) lives in `src/audit/` and is the same for every implementation; a store
 * only keeps rows in sequence and answers range and trace queries.
 */
import type { IsoTime } from './store.ts';

/** What happened: a field value Accord wrote, or an operator action (retry, resolve, decide…). */
export type AuditKind = 'field-written' | 'operator-action';

/** One stored audit event, as hashed. Absent values are `null`, so the hash input is unambiguous. */
export interface AuditRecord {
  /** 1, 2, 3… with no gaps. */
  seq: number;
  at: IsoTime;
  kind: AuditKind;
  /** Who: `accord` for the engine, the operator's name for an action. */
  actor: string;
  /** The system written to (or acted upon). */
  system: string | null;
  entity: string | null;
  /** The record's id in `system`. */
  recordId: string | null;
  /** The entity's record key (the canonical key trace queries use). */
  recordKey: string | null;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  runId: string | null;
  flow: string | null;
  /** The contract rule that decided the write (`owner`, `conflict:most-recent`, `review`…). */
  rule: string | null;
  sourceSystem: string | null;
  sourceVersion: string | null;
  /** For operator actions: what was done (`dead-letter.resolve`, `review.decide`, `flow.pause`…). */
  action: string | null;
  detail: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditFilter {
  entity?: string | undefined;
  recordKey?: string | undefined;
  field?: string | undefined;
  system?: string | undefined;
  recordId?: string | undefined;
  runId?: string | undefined;
  flow?: string | undefined;
  limit?: number | undefined;
}

export interface AuditRepo {
  /**
   * The last event's seq and hash; undefined for an empty log. Appenders call it inside a
   * transaction, and the implementation makes head → insert race-free across concurrent
   * appenders, in this process or others (SQLite: BEGIN IMMEDIATE already serialises writers;
   * PostgreSQL: take a transaction-level lock on the chain, e.g. `pg_advisory_xact_lock`).
   */
  head(): Promise<AuditHead | undefined>;
  /** Stores one event exactly as given. Its seq must be head + 1 (the primary key refuses a reuse). */
  insert(record: AuditRecord): Promise<void>;
  /**
   * Stores consecutive events (seq head + 1, head + 2, …) in order, like calling `insert` for
   * each; optional, for stores that can write many rows in one statement. Callers fall back to
   * `insert` when it is absent.
   */
  insertMany?(records: readonly AuditRecord[]): Promise<void>;
  /** Events with `seq >= fromSeq`, in order, at most `limit`. */
  scan(fromSeq: number, limit: number): Promise<AuditRecord[]>;
  /** Events matching every given filter field, in sequence order. */
  find(filter: AuditFilter): Promise<AuditRecord[]>;
}
