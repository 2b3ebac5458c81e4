/**
 * Enum values a schema cannot show. Some enumerations are free text in the system — Shopify's
 * `productType` is a plain string — so a new product category changes no schema: it only appears
 * in records. For every enum-mapped field whose live schema lists no values, the census reads the
 * object once and counts the distinct values the contract's paths find; a value neither mapped
 * nor seen at approval time holds back only the records carrying it.
 *
 * A census scans whole objects, so `accord drift check/snapshot/approve` take one and the
 * engine's pre-run gate does not (the engine sends an unmapped value to review record by record).
 *
 * @example
 *   const observed = await takeCensus(connector, censusTargets(deps, live));
 *   detectCensusDrift(deps, observed, approved?.observed); // [{ code: 'enum-value-added', values: ['Kayaks'], … }]
 */
import type { Connector } from '../connectors/connector.ts';
import { affected, type FieldUse, type SystemDependencies } from './contract-dependencies.ts';
import type { DriftFinding } from './drift-finding.ts';
import { valuesAt } from './mapping-changes.ts';
import { objectNamed, type SnapshotSchema } from './snapshot-schema.ts';

export interface CensusTarget {
  /** The object's live name (what the connector scans). */
  object: string;
  dependency: string;
  field: string;
  uses: readonly FieldUse[];
}

/** Per object, per field, value → number of records carrying it. */
export type Census = Record<string, Record<string, Record<string, number>>>;

/** Enum-mapped fields that the live schema describes without values. */
export function censusTargets(deps: SystemDependencies, live: SnapshotSchema): CensusTarget[] {
  const targets: CensusTarget[] = [];
  for (const dep of deps.objects.values()) {
    const found = objectNamed(live, dep.object);
    if (!found) continue;
    for (const [field, uses] of dep.fields) {
      const mapped = uses.filter((u) => u.enumMap);
      const schema = found.object.fields[field];
      if (mapped.length > 0 && schema && !schema.enumValues) {
        targets.push({ object: found.name, dependency: dep.object, field, uses: mapped });
      }
    }
  }
  return targets;
}

/** Reads each target object once and counts the values its enum paths carry. */
export async function takeCensus(connector: Connector, targets: readonly CensusTarget[]): Promise<Census> {
  const census: Census = {};
  const byObject = new Map<string, CensusTarget[]>();
  for (const t of targets) byObject.set(t.object, [...(byObject.get(t.object) ?? []), t]);
  for (const [object, list] of byObject) {
    const counts: Record<string, Record<string, number>> = {};
    for (const t of list) counts[t.field] = {};
    for await (const page of connector.scan({ objectType: object })) {
      for (const record of page) {
        if (record.deleted) continue;
        for (const t of list) {
          const seen = new Set(t.uses.flatMap((u) => valuesAt(record.fields, u.path).map(String)));
          const bucket = counts[t.field]!;
          for (const v of seen) bucket[v] = (bucket[v] ?? 0) + 1;
        }
      }
    }
    census[object] = counts;
  }
  return census;
}

/** The census as stored in a snapshot: values only, sorted. */
export function observedValues(census: Census): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    Object.entries(census).map(([o, fields]) => [
      o,
      Object.fromEntries(Object.entries(fields).map(([f, counts]) => [f, Object.keys(counts).sort()])),
    ]),
  );
}

/** Values the contract does not map and approval has not seen. */
export function detectCensusDrift(
  deps: SystemDependencies,
  targets: readonly CensusTarget[],
  census: Census,
  approved: Record<string, Record<string, string[]>> | undefined,
): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const t of targets) {
    const counts = census[t.object]?.[t.field] ?? {};
    const accepted = approved?.[t.object]?.[t.field];
    const unmapped = Object.keys(counts)
      .filter((v) => !t.uses.some((u) => u.enumMap && Object.hasOwn(u.enumMap, v)))
      .filter((v) => !accepted?.includes(v))
      .sort();
    if (unmapped.length === 0) continue;
    const records = unmapped.reduce((n, v) => n + (counts[v] ?? 0), 0);
    const list = unmapped.map((v) => `"${v}" (${counts[v]} record${counts[v] === 1 ? '' : 's'})`).join(', ');
    const blocking = approved !== undefined;
    findings.push({
      system: deps.system,
      object: t.object,
      field: t.field,
      code: blocking ? 'enum-value-added' : 'enum-value-unmapped',
      severity: blocking ? 'blocking' : 'informational',
      scope: blocking ? 'values' : 'flow',
      values: unmapped,
      message: `${deps.system} ${t.object}.${t.field} carries ${list} the contract does not map: ${records} record${records === 1 ? '' : 's'} go${records === 1 ? 'es' : ''} to review, the rest flow; add ${unmapped.length > 1 ? 'them' : 'it'} to the enum map`,
      ...affected(t.uses),
    });
  }
  return findings;
}
