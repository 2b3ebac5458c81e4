/**
 * The questions answered field by field within a flow: who owns each field (1), whether every
 * value can travel the flow's direction (2), and what happens when two systems change it (4).
 */
import type { Finding, QuestionResult } from './check-report.ts';
import { ambiguousValues, type FlowView, producedValues, writersOf } from './flow-view.ts';

/** `shopify (5), netsuite (1)`: each distinct value with how often it occurs. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => `${value} (${n})`).join(', ') || '(no fields)';
}

const arrow = (v: FlowView) => `${v.flow.from}${v.flow.direction === 'two-way' ? '↔' : '→'}${v.flow.to}`;

/** 1. System of record: every carried field names exactly one owner, and the flow respects it. */
export function systemOfRecord(v: FlowView): QuestionResult {
  const findings: Finding[] = [];
  for (const field of v.fields) {
    const subject = `${field.entity}.${field.name}`;
    const fail = (message: string) => findings.push({ verdict: 'FAIL', subject, message, at: field.at });
    if (field.declaredOwners.length === 0) {
      fail(
        `${subject} is synced ${arrow(v)} but names no owner; add owner: <system> to the field or its entity`,
      );
    } else if (field.declaredOwners.length > 1) {
      fail(
        `${subject} is owned by ${field.declaredOwners.length} systems (${field.declaredOwners.join(', ')}); name exactly one owner`,
      );
    } else if (field.owner !== undefined) {
      const owner = field.owner;
      if (v.flow.direction === 'one-way' && owner === v.flow.to) {
        fail(
          `${subject} is owned by ${owner} but flow ${v.flow.name} writes it ${arrow(v)}, over its system of record; reverse the flow, drop the field from it, or change the owner`,
        );
      } else if (v.contract.entities[field.entity]?.mappings[owner]?.fields[field.name] === undefined) {
        fail(
          `${subject} is owned by ${owner}, which does not map it; map it in ${owner} or change the owner`,
        );
      } else if (v.flow.direction === 'two-way' && owner !== v.flow.from && owner !== v.flow.to) {
        findings.push({
          verdict: 'WARN',
          subject,
          message: `${subject} is owned by ${owner}, outside two-way flow ${v.flow.name} (${arrow(v)}); both sides only hold copies`,
          at: field.at,
        });
      }
    }
  }
  return {
    checked: `owners of the ${v.fields.length} fields carried: ${tally(v.fields.map((f) => f.declaredOwners.join('+') || '(none)'))}`,
    findings,
  };
}

/** 2. Direction: declared; not disguised as two one-way flows; every value can travel that way. */
export function syncDirection(v: FlowView): QuestionResult {
  const findings: Finding[] = [];
  const { flow } = v;
  if (flow.direction === 'one-way') {
    const mirror = Object.values(v.contract.flows).find(
      (other) =>
        other.entity === flow.entity &&
        other.from === flow.to &&
        other.to === flow.from &&
        other.direction === 'one-way',
    );
    if (mirror) {
      findings.push({
        verdict: 'FAIL',
        subject: flow.name,
        message: `flows ${flow.name} and ${mirror.name} move ${flow.entity} both ways between ${flow.from} and ${flow.to}; declare one two-way flow so that conflicts are decided`,
        at: flow.at,
      });
    }
  }
  const sides =
    flow.direction === 'two-way'
      ? [[v.from, v.to] as const, [v.to, v.from] as const]
      : [[v.from, v.to] as const];
  for (const field of v.fields) {
    const subject = `${field.entity}.${field.name}`;
    for (const [source, target] of sides) {
      const targetMapping = target.fields[field.name];
      if (flow.direction === 'two-way' && targetMapping?.readOnly && field.owner === source.system) {
        findings.push({
          verdict: 'FAIL',
          subject,
          message: `${subject} is owned by ${source.system} but read-only in ${target.system}, so two-way flow ${flow.name} can never write it there; map a writable ${target.system} field or change the owner`,
          at: targetMapping.at,
        });
      }
      if (field.kind !== 'enum' || targetMapping?.enumMap === undefined || targetMapping.readOnly) continue;
      const writable = new Set(Object.values(targetMapping.enumMap));
      const missing = producedValues(field, source).filter((value) => !writable.has(value));
      if (missing.length > 0) {
        findings.push({
          verdict: 'FAIL',
          subject,
          message: `${subject}: ${missing.map((m) => `"${m}"`).join(', ')} can arrive from ${source.system} but has no ${target.system} value; add it to the ${target.system} map`,
          at: targetMapping.at,
        });
      }
      const ambiguous = ambiguousValues(field, target);
      if (ambiguous.length > 0) {
        findings.push({
          verdict: 'WARN',
          subject,
          message: `${subject}: ${ambiguous.map((m) => `"${m}"`).join(', ')} has several ${target.system} values, so writing it to ${target.system} picks the first listed`,
          at: targetMapping.at,
        });
      }
    }
  }
  return {
    checked: `${flow.direction} ${arrow(v)}, declared${
      flow.only
        ? `; only ${Object.entries(flow.only)
            .map(([f, vals]) => `${f} in [${vals.join(', ')}]`)
            .join(', ')}`
        : ''
    }`,
    findings,
  };
}

/** 4. Conflicts: every field two systems may change has a rule; non-owner changes have a policy. */
export function conflictRules(v: FlowView): QuestionResult {
  const findings: Finding[] = [];
  const { flow } = v;
  const targets = flow.direction === 'two-way' ? [flow.from, flow.to] : [flow.to];
  const shared: string[] = [];
  for (const field of v.fields) {
    const subject = `${field.entity}.${field.name}`;
    const writers = new Set<string>();
    for (const target of targets) {
      const into = writersOf(v.contract, field.entity, field.name, target);
      if (into.size > 1 || flow.direction === 'two-way') for (const w of [...into, target]) writers.add(w);
    }
    if (writers.size > 1) shared.push(`${field.name} (${field.conflict ?? 'no rule'})`);
    if (writers.size > 1 && field.conflict === undefined) {
      findings.push({
        verdict: 'FAIL',
        subject,
        message: `${subject} is changed by ${writers.size === 2 ? 'two' : writers.size} systems (${[...writers].join(', ')}) and has no conflict rule; add conflict: owner-wins, most-recent-wins or review`,
        at: field.at,
      });
    }
  }
  const unruled = v.fields.filter((field) => field.onNonOwnerChange === undefined).map((field) => field.name);
  if (unruled.length > 0) {
    findings.push({
      verdict: 'FAIL',
      subject: flow.entity,
      message: `${flow.entity} (${unruled.join(', ')}) does not say what happens when a system other than the owner changes a field; add onNonOwnerChange: revert or flag (to the entity or defaults)`,
      at: v.entity.at,
    });
  }
  return {
    checked: `${shared.length > 0 ? `changed by two systems: ${shared.join(', ')}` : 'no field is changed by two systems'}; non-owner changes: ${tally(v.fields.map((f) => f.onNonOwnerChange ?? '(undecided)'))}`,
    findings,
  };
}
