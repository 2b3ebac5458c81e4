/**
 * The predicate the engine uses to hold back only the records carrying a new, unmapped enum
 * value: those go to review, every other record of the flow runs.
 *
 * A value is matched as the system gives it: a plain string (`PARTIALLY_REFUNDED`), or a
 * NetSuite list reference `{ id, refName }` matched on its id (drift reads values by id).
 *
 * @example
 *   const held = enumGate(result.blockedEnumValues ?? []);
 *   const hit = held('netsuite', record);
 *   if (hit) queueReview(record, hit.reason); else process(record);
 */
import type { SystemRecord } from '../connectors/connector.ts';
import type { BlockedEnumValue, DriftFinding } from './drift-finding.ts';
import { blocksValues } from './drift-finding.ts';

/** The blocked values of some findings, one entry per system field. */
export function blockedEnumValuesOf(findings: readonly DriftFinding[]): BlockedEnumValue[] {
  return findings.filter(blocksValues).map((f) => ({
    system: f.system,
    object: f.object ?? '',
    field: f.field ?? '',
    values: f.values ?? [],
    flows: f.flows,
    reason: f.message,
  }));
}

/** The values a record's field carries, as drift compares them (a list reference gives its id and label). */
export function carriedValues(raw: unknown): string[] {
  if (typeof raw === 'string' || typeof raw === 'number') return [String(raw)];
  if (raw && typeof raw === 'object') {
    const o = raw as { id?: unknown; refName?: unknown };
    return [o.id, o.refName].filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  }
  return [];
}

/**
 * A predicate telling which records to send to review: returns the blocked value entry a record
 * carries, or `undefined` when the record may flow.
 */
export function enumGate(
  blocked: readonly BlockedEnumValue[],
): (system: string, record: SystemRecord) => BlockedEnumValue | undefined {
  return (system, record) => {
    for (const b of blocked) {
      if (b.system !== system || b.object.toLowerCase() !== record.objectType.toLowerCase()) continue;
      const values = carriedValues(record.fields[b.field]);
      if (values.some((v) => b.values.includes(v))) return b;
    }
    return undefined;
  };
}
