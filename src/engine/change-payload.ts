/**
 * What a job carries: one captured change of one record, plus any human decision to apply when
 * it is processed again after a review.
 */
import { hash as cryptoHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { SystemRecord } from '../connectors/connector.ts';

/** A reviewer's answer, applied when the change is processed again. */
export interface ChangeOverrides {
  /** Ambiguous or missing match: the target record to link, or create a new one. */
  match?: { targetId: string } | { create: true } | undefined;
  /** Unknown enum values: the canonical value to use, per field. */
  enumValues?: Record<string, string> | undefined;
  /** Conflicts: which side's value wins, per field. */
  conflicts?: Record<string, 'source' | 'target'> | undefined;
  /** A flagged deletion: a reviewer chose to propagate it to the linked target record. */
  deletion?: 'propagate' | undefined;
}

export interface ChangePayload {
  /** The system the change was captured from. */
  source: string;
  record: SystemRecord;
  via: 'poll' | 'webhook' | 'replay' | 'review';
  overrides?: ChangeOverrides | undefined;
}

/**
 * A record's version: its modification instant AND a digest of its content. Many systems stamp
 * whole seconds (NetSuite, Salesforce), so two different versions can share a `modifiedAt`; keyed
 * on the instant alone, the second would be taken for the first and lost.
 */
export function recordVersion(record: SystemRecord): string {
  // One-shot `hash` (Node ≥ 20.12), not createHash().update().digest(): 300,000 digests took
  // 2.1 s that way and 0.39 s this way on this machine (loaded); same bytes out.
  const digest = cryptoHash('sha1', canonicalJson(record.fields), 'base64url').slice(0, 12);
  return `${record.modifiedAt}#${digest}`;
}

/** The job key: flow + source record + source version, so a change seen twice is one job. */
export function changeJobKey(flow: string, source: string, record: SystemRecord): string {
  return `${flow}:${source}:${record.id}:${recordVersion(record)}`;
}

/** Jobs of one record run one at a time, in order. */
export function changeRecordKey(source: string, record: SystemRecord): string {
  return `${source}:${record.id}`;
}

export function isChangePayload(value: unknown): value is ChangePayload {
  const v = value as Partial<ChangePayload> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.source === 'string' &&
    typeof v.record === 'object' &&
    v.record !== null &&
    typeof v.record.id === 'string'
  );
}
