/**
 * What the generated documentation says, computed once from the contract and rendered twice
 * (Markdown and HTML). Nothing here is written by hand, so the docs cannot drift from what runs.
 */
import type { Contract, FlowDef, MatchKey } from './model.ts';
import { formatSecretRef } from './secret-ref.ts';

export interface FlowRow {
  readonly name: string;
  readonly what: string;
  readonly from: string;
  readonly to: string;
  readonly direction: string;
  readonly keyedOn: string;
  readonly onNoMatch: string;
  readonly owner: string;
  readonly schedule: string;
  readonly lane: string;
  readonly alert: string;
  readonly errors: string;
}

export interface OwnershipMatrix {
  readonly entity: string;
  readonly description: string;
  readonly systems: readonly string[];
  /** One row per field: its kind, then per system "owner" / "copy" / "", then the rules. */
  readonly rows: readonly {
    readonly field: string;
    readonly kind: string;
    readonly cells: readonly string[];
    readonly conflict: string;
    readonly onNonOwnerChange: string;
  }[];
}

export interface ReconciliationRow {
  readonly name: string;
  readonly flows: string;
  readonly compares: string;
  readonly groupBy: string;
  readonly tolerance: string;
  readonly schedule: string;
  readonly alert: string;
}

export interface AlertRow {
  readonly route: string;
  readonly channels: string;
  readonly usedBy: string;
}

export interface DocsContent {
  readonly title: string;
  readonly description: string;
  readonly file: string;
  readonly systems: readonly { readonly name: string; readonly kind: string; readonly detail: string }[];
  readonly flows: readonly FlowRow[];
  readonly matrices: readonly OwnershipMatrix[];
  readonly reconciliation: readonly ReconciliationRow[];
  readonly alerts: readonly AlertRow[];
  readonly changeControl: readonly {
    readonly changes: string;
    readonly entities: string;
    readonly approvers: string;
  }[];
}

function keyText(key: MatchKey): string {
  if (key.kind === 'external-id') return 'external id';
  const norm = key.normalise.length > 0 ? ` (${key.normalise.join(', ')})` : '';
  return `${key.fields.join(' + ')}${norm}`;
}

function triggerText(flow: FlowDef): string {
  return [
    flow.trigger.webhook && `webhook ${flow.trigger.webhook}`,
    flow.trigger.schedule && `schedule ${flow.trigger.schedule}`,
  ]
    .filter(Boolean)
    .join(' + ');
}

/**
 * @example
 * const content = docsContent(contract); // then renderMarkdown(content) / renderHtml(content, contract)
 */
export function docsContent(contract: Contract): DocsContent {
  const flows = Object.values(contract.flows).map((flow): FlowRow => {
    const e = flow.errors;
    return {
      name: flow.name,
      what: `${flow.entity}${flow.description ? ` — ${flow.description}` : ''}`,
      from: flow.from,
      to: flow.to,
      direction: flow.direction,
      keyedOn: (flow.match?.keys ?? []).map(keyText).join(', then ') || '(none)',
      onNoMatch: `no match: ${flow.match?.onNoMatch ?? '(undecided)'}; several: review; source deleted: ${flow.onDelete ?? 'flag'}`,
      owner: flow.owner ?? '(none)',
      schedule: triggerText(flow),
      lane: flow.lane,
      alert: flow.alert ?? '(none)',
      errors: e
        ? `${e.retries} retries, backoff ${e.backoff.initialMs / 1000}s→${e.backoff.maxMs / 1000}s, then ${e.deadLetter ? 'dead letter' : 'dropped'}`
        : '(no policy)',
    };
  });
  const matrices = Object.values(contract.entities).map((entity): OwnershipMatrix => {
    const systems = Object.keys(entity.mappings);
    return {
      entity: entity.name,
      description: entity.description ?? '',
      systems,
      rows: Object.values(entity.fields).map((field) => ({
        field: field.name,
        kind:
          (field.kind === 'enum'
            ? `enum (${(field.values ?? []).join(', ')})`
            : field.kind === 'reference'
              ? `→ ${field.references ?? ''}`
              : field.kind) +
          // How its values are compared, so a reader knows why `+1 (984) 555-0450` is no change.
          (field.normalise ? `, compared after ${field.normalise.join(', ')}` : ''),
        cells: systems.map((system) => {
          const mapping = entity.mappings[system]?.fields[field.name];
          if (!mapping) return '';
          const role = field.declaredOwners.includes(system) ? 'owner' : 'copy';
          return `${role}: ${mapping.path}${mapping.readOnly ? ' (read-only)' : ''}`;
        }),
        conflict: field.conflict ?? '',
        onNonOwnerChange: field.onNonOwnerChange ?? '',
      })),
    };
  });
  const reconciliation = Object.values(contract.reconciliation).map((r) => ({
    name: r.name,
    flows: r.flows.join(', '),
    compares: [r.count ? 'count' : '', ...r.sum.map((s) => `sum of ${s}`)].filter(Boolean).join(', '),
    groupBy: r.groupBy
      .map((g) => (g === 'period' && r.periodField ? `period (month of ${r.periodField})` : g))
      .join(', '),
    tolerance:
      Object.entries(r.tolerance)
        .map(([c, t]) => `${c} ${t}`)
        .join(', ') || 'exact',
    schedule: r.schedule,
    alert: r.alert ?? '',
  }));
  const alerts = Object.values(contract.alerts).map((a) => ({
    route: a.name,
    channels: [
      a.webhook && `webhook (${formatSecretRef(a.webhook)})`,
      a.email.length > 0 && `email ${a.email.join(', ')}`,
      a.log && `log at ${a.log}`,
    ]
      .filter(Boolean)
      .join('; '),
    usedBy: [
      ...Object.values(contract.flows)
        .filter((f) => f.alert === a.name)
        .map((f) => `flow ${f.name} (team ${f.owner ?? '—'})`),
      ...Object.values(contract.reconciliation)
        .filter((r) => r.alert === a.name)
        .map((r) => `reconciliation ${r.name}`),
    ].join(', '),
  }));
  return {
    title: contract.name,
    description: contract.description ?? '',
    file: contract.file,
    systems: Object.values(contract.systems).map((s) => ({
      name: s.name,
      kind: s.kind,
      detail: [
        s.netsuite ? `account ${s.netsuite.accountId}${s.netsuite.sandbox ? ' (sandbox)' : ''}` : '',
        s.limits.concurrency !== undefined ? `concurrency ${s.limits.concurrency}` : '',
        s.limits.rate ? `rate ${s.limits.rate.text}` : '',
        s.description ?? '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    flows,
    matrices,
    reconciliation,
    alerts,
    changeControl: contract.changeControl.map((c) => ({
      changes: c.changes.join(', '),
      entities: c.entities.join(', ') || 'all',
      approvers: c.approvers.join(' + '),
    })),
  };
}
