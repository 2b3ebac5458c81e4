/**
 * Differences in flows, reconciliation rules, systems and alert routes.
 */
import { changed, type Draft } from './contract-change.ts';
import type { Contract, FlowDef, MatchKey } from './model.ts';

const keyText = (k: MatchKey) =>
  k.kind === 'external-id'
    ? 'external-id'
    : `${k.fields.join('+')}${k.normalise.length ? `(${k.normalise.join(',')})` : ''}`;

function flowChanges(name: string, b: FlowDef, a: FlowDef): Draft[] {
  const subject = `flow ${name}`;
  const base = { entity: a.entity, subject };
  return [
    ...changed(`${b.entity} ${b.from}→${b.to}`, `${a.entity} ${a.from}→${a.to}`, {
      ...base,
      kind: 'direction',
      severity: 'high',
      message: (x, y) => `${subject} now moves ${y} (was ${x})`,
    }),
    ...changed(b.direction, a.direction, {
      ...base,
      kind: 'direction',
      severity: 'high',
      message: (x, y) => `${subject} becomes ${y} (was ${x})`,
    }),
    ...changed((b.match?.keys ?? []).map(keyText).join(', '), (a.match?.keys ?? []).map(keyText).join(', '), {
      ...base,
      kind: 'match-key',
      severity: 'high',
      message: (x, y) => `${subject}: match keys ${x || '(none)'} → ${y || '(none)'}`,
    }),
    ...changed(b.match?.onNoMatch, a.match?.onNoMatch, {
      ...base,
      kind: 'match-key',
      severity: 'high',
      message: (x, y) => `${subject}: when nothing matches, ${y} (was ${x})`,
    }),
    ...changed(b.onDelete ?? 'flag', a.onDelete ?? 'flag', {
      ...base,
      kind: 'match-key',
      severity: 'high',
      message: (x, y) => `${subject}: when the source record is deleted, ${y} (was ${x})`,
    }),
    ...changed(b.fields, a.fields, {
      ...base,
      kind: 'mapping',
      severity: 'medium',
      message: (x, y) => `${subject}: carried fields ${x} → ${y}`,
    }),
    ...changed(b.only, a.only, {
      ...base,
      kind: 'mapping',
      severity: 'medium',
      message: (x, y) => `${subject}: record filter ${x} → ${y}`,
    }),
    ...changed(b.trigger, a.trigger, {
      ...base,
      kind: 'trigger',
      severity: 'low',
      message: (x, y) => `${subject}: trigger ${x} → ${y}`,
    }),
    ...changed(b.lane, a.lane, {
      ...base,
      kind: 'trigger',
      severity: 'low',
      message: (x, y) => `${subject}: lane ${x} → ${y}`,
    }),
    ...changed(b.errors, a.errors, {
      ...base,
      kind: 'error-policy',
      severity: b.errors?.deadLetter && !a.errors?.deadLetter ? 'high' : 'medium',
      message: (x, y) => `${subject}: error policy ${x} → ${y}`,
    }),
    ...changed([b.owner, b.alert], [a.owner, a.alert], {
      ...base,
      kind: 'alert',
      severity: 'medium',
      message: (x, y) => `${subject}: owner team / alert route ${x} → ${y}`,
    }),
  ];
}

export function diffFlows(before: Contract, after: Contract): Draft[] {
  const out: Draft[] = [];
  for (const name of new Set([...Object.keys(before.flows), ...Object.keys(after.flows)])) {
    const b = before.flows[name];
    const a = after.flows[name];
    if (b && a) out.push(...flowChanges(name, b, a));
    else if (b)
      out.push({
        kind: 'flow-removed',
        severity: 'high',
        entity: b.entity,
        subject: `flow ${name}`,
        message: `flow ${name} (${b.entity} ${b.from}→${b.to}) was removed: it stops syncing`,
        before: name,
        after: '(none)',
      });
    else if (a)
      out.push({
        kind: 'flow-added',
        severity: 'medium',
        entity: a.entity,
        subject: `flow ${name}`,
        message: `flow ${name} (${a.entity} ${a.from}→${a.to}, ${a.direction}) was added`,
        before: '(none)',
        after: name,
      });
  }
  for (const name of new Set([...Object.keys(before.reconciliation), ...Object.keys(after.reconciliation)])) {
    const b = before.reconciliation[name];
    const a = after.reconciliation[name];
    const subject = `reconciliation ${name}`;
    const strip = (r: typeof b) =>
      r && {
        flows: r.flows,
        schedule: r.schedule,
        count: r.count,
        sum: r.sum,
        groupBy: r.groupBy,
        periodField: r.periodField,
        tolerance: r.tolerance,
        alert: r.alert,
      };
    out.push(
      ...changed(strip(b), strip(a), {
        subject,
        kind: 'reconciliation',
        severity: !a ? 'high' : !b ? 'low' : 'medium',
        message: (x, y) =>
          !a ? `${subject} was removed` : !b ? `${subject} was added` : `${subject} changed: ${x} → ${y}`,
      }),
    );
  }
  for (const name of new Set([...Object.keys(before.systems), ...Object.keys(after.systems)])) {
    const b = before.systems[name];
    const a = after.systems[name];
    const subject = `system ${name}`;
    out.push(
      ...changed(b && [b.kind, b.netsuite?.accountId], a && [a.kind, a.netsuite?.accountId], {
        subject,
        kind: 'system',
        severity: 'high',
        message: (x, y) => `${subject}: kind / account ${x} → ${y}`,
      }),
      ...changed(b?.limits, a?.limits, {
        subject,
        kind: 'system',
        severity: 'low',
        message: (x, y) => `${subject}: limits ${x} → ${y}`,
      }),
      ...changed(b?.connection, a?.connection, {
        subject,
        kind: 'system',
        severity: 'medium',
        message: (x, y) => `${subject}: connection settings ${x} → ${y}`,
      }),
    );
  }
  for (const name of new Set([...Object.keys(before.alerts), ...Object.keys(after.alerts)])) {
    const strip = (r: Contract['alerts'][string] | undefined) =>
      r && { webhook: r.webhook, email: r.email, log: r.log };
    out.push(
      ...changed(strip(before.alerts[name]), strip(after.alerts[name]), {
        subject: `alert route ${name}`,
        kind: 'alert',
        severity: 'low',
        message: (x, y) => `alert route ${name}: ${x} → ${y}`,
      }),
    );
  }
  // Who approves is itself under change control: a rule loosened in the same change shows here.
  const rules = (c: Contract) =>
    c.changeControl.map((r) => ({ changes: r.changes, entities: r.entities, approvers: r.approvers }));
  out.push(
    ...changed(rules(before), rules(after), {
      subject: 'changeControl',
      kind: 'change-control',
      severity: 'high',
      message: () => 'change control rules changed (who must approve which change)',
    }),
  );
  return out;
}
