/**
 * The rule's reference checks (`references:` in the contract): a record of one of the rule's
 * systems that points, at the configured path, to a record of another entity that does not exist
 * — a Stripe payment whose `metadata.shopify_order_id` names no Shopify order — is an `orphan`
 * finding carrying both ids: the record's and the one it points to.
 *
 * While the rule's systems are read, each record's referenced id is noted (only records that hold
 * one); then the referenced system is scanned once and every id found there is crossed off. What
 * is left points to nothing. Memory holds the distinct referenced ids of the checked records, not
 * the referenced system (1M references ≈ 100 MB of Map entries; within the bench's 1 GB budget,
 * though not bucketed to disk as the comparer is).
 *
 * @example
 *   const refs = new ReferenceChecks(plan);
 *   refs.observe('source', record, view.key, totals.dimensionValues(view));        // while reading
 *   const orphans = await refs.finish(connectors); // after
 */
import type { Connector, SystemRecord } from '../connectors/connector.ts';
import type { ReferenceCheck } from '../contract/model.ts';
import { UserInputError } from '../model/errors.ts';
import type { ReconcileFinding } from './finding.ts';
import { groupLabel } from './group-totals.ts';
import type { ReconcilePlan, SideRole } from './reconcile-plan.ts';
import { readPath } from './record-view.ts';

/** A checked record: its id, match key and group (the group it counts in, for the finding's). */
interface Referrer {
  role: SideRole;
  id: string;
  key: string | undefined;
  group: readonly string[];
}

interface PendingCheck {
  check: ReferenceCheck;
  objectType: string;
  /** Referenced id → the records pointing to it. */
  pending: Map<string, Referrer[]>;
  paths: Partial<Record<SideRole, string>>;
}

const idText = (raw: unknown): string | undefined => {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : raw.trim();
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'object' && 'id' in raw) return idText((raw as { id: unknown }).id);
  return undefined;
};

export class ReferenceChecks {
  private readonly checks: PendingCheck[];

  constructor(private readonly plan: ReconcilePlan) {
    this.checks = plan.references.map(({ check, objectType }) => {
      const paths: Partial<Record<SideRole, string>> = {};
      for (const side of [plan.source, plan.target]) {
        const path = check.paths[side.system];
        if (path !== undefined) paths[side.role] = path;
      }
      return { check, objectType, pending: new Map(), paths };
    });
  }

  get active(): boolean {
    return this.checks.length > 0;
  }

  /** The systems the checks read besides the rule's two. */
  systems(): string[] {
    return [...new Set(this.checks.map((c) => c.check.in))];
  }

  /** Notes the ids `record` points to (a record with no value at the path points to nothing to check). */
  observe(role: SideRole, record: SystemRecord, key: string | undefined, group: readonly string[]): void {
    for (const c of this.checks) {
      const path = c.paths[role];
      if (path === undefined) continue;
      const ref = idText(readPath(record.fields, path));
      if (ref === undefined) continue;
      const referrer = { role, id: record.id, key, group };
      const list = c.pending.get(ref);
      if (list) list.push(referrer);
      else c.pending.set(ref, [referrer]);
    }
  }

  /** Scans each referenced system once; every reference still unmatched is an orphan finding. */
  async finish(
    connectors: Readonly<Record<string, Connector>>,
    signal?: AbortSignal | undefined,
  ): Promise<{ finding: ReconcileFinding; group: readonly string[] }[]> {
    const out: { finding: ReconcileFinding; group: readonly string[] }[] = [];
    for (const c of this.checks) {
      if (c.pending.size > 0) {
        const connector = connectors[c.check.in];
        if (!connector)
          throw new UserInputError(
            `reference ${c.check.name} of ${this.plan.rule.name} reads ${c.check.in}, which has no connector`,
          );
        for await (const page of connector.scan({ objectType: c.objectType, signal })) {
          for (const record of page) {
            if (record.deleted) continue;
            const id = c.check.by === undefined ? record.id : idText(readPath(record.fields, c.check.by));
            if (id !== undefined) c.pending.delete(id);
          }
        }
      }
      for (const [ref, referrers] of c.pending) {
        for (const r of referrers) out.push({ finding: this.finding(c, ref, r), group: r.group });
      }
      c.pending.clear();
    }
    return out;
  }

  private finding(c: PendingCheck, ref: string, r: Referrer): ReconcileFinding {
    const side = r.role === 'source' ? this.plan.source : this.plan.target;
    const other = r.role === 'source' ? this.plan.target : this.plan.source;
    const here = { system: side.system, id: r.id, value: ref };
    return {
      category: 'orphan',
      key: r.key,
      field: c.check.name,
      source: r.role === 'source' ? here : { system: other.system },
      target: r.role === 'target' ? here : { system: other.system },
      reference: { system: c.check.in, objectType: c.objectType, id: ref },
      group: groupLabel(r.group),
      detail: `${side.system} ${side.objectType} ${r.id} points to ${c.check.in} ${c.objectType} ${ref} (${c.check.name}), which does not exist in ${c.check.in}`,
    };
  }
}
