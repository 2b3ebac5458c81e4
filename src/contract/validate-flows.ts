/**
 * Cross-checks flows and reconciliation rules: every entity, system, team, alert route and field
 * they name exists, the flow's systems both map its entity, and match keys use fields mapped on
 * both sides.
 */
import type { ValidationContext } from './validation-context.ts';
import { RECONCILE_GROUPS } from './vocabulary.ts';

const SUMMABLE = new Set(['money', 'decimal', 'integer']);

export function validateFlows(ctx: ValidationContext): void {
  for (const [flowName, flow] of Object.entries(ctx.input.flows)) {
    const base = ['flows', flowName];
    const entityOk = ctx.reference([...base, 'entity'], flow.entity, ctx.entityNames(), 'entity');
    const fromOk = ctx.reference([...base, 'from'], flow.from, ctx.systemNames(), 'system');
    const toOk = ctx.reference([...base, 'to'], flow.to, ctx.systemNames(), 'system');
    if (flow.from === flow.to) {
      ctx.error(
        [...base, 'to'],
        `flow ${flowName} goes from ${flow.from} to itself`,
        'name two different systems in from: and to:',
      );
    }
    if (flow.owner !== undefined) ctx.reference([...base, 'owner'], flow.owner, ctx.teamNames(), 'team');
    if (flow.alert !== undefined)
      ctx.reference([...base, 'alert'], flow.alert, ctx.alertNames(), 'alert route');
    if (flow.trigger.schedule === undefined && flow.trigger.webhook === undefined) {
      ctx.error(
        [...base, 'trigger'],
        `flow ${flowName} has a trigger with neither schedule nor webhook`,
        'add schedule: "*/15 * * * *" or webhook: <topic>',
        true,
      );
    }
    const entity = ctx.input.entities[flow.entity];
    if (!entityOk || !entity) continue;
    const mappedIn = (system: string) => entity.mappings[system];
    for (const [side, system, ok] of [
      ['from', flow.from, fromOk],
      ['to', flow.to, toOk],
    ] as const) {
      if (ok && mappedIn(system) === undefined) {
        ctx.error(
          [...base, side],
          `flow ${flowName} moves ${flow.entity} ${side === 'from' ? 'from' : 'to'} ${system}, but ${flow.entity} has no mapping for ${system}`,
          `add entities.${flow.entity}.mappings.${system} with its record type, id and fields`,
        );
      }
    }
    const from = mappedIn(flow.from);
    const to = mappedIn(flow.to);
    const fieldNames = Object.keys(entity.fields);
    const checkFieldBothSides = (path: readonly PropertyKey[], field: string) => {
      if (!ctx.reference(path, field, fieldNames, `${flow.entity} field`)) return;
      for (const mapping of [from, to]) {
        if (mapping && mapping.fields[field] === undefined) {
          const system = mapping === from ? flow.from : flow.to;
          ctx.error(
            path,
            `flow ${flowName} uses ${flow.entity}.${field}, which is not mapped in ${system}`,
            `map it under entities.${flow.entity}.mappings.${system}.fields, or drop it from the flow`,
          );
        }
      }
    };
    (flow.fields ?? []).forEach((field, i) => {
      checkFieldBothSides([...base, 'fields', i], field);
    });
    for (const [field, values] of Object.entries(flow.only ?? {})) {
      const path = [...base, 'only', field];
      if (!ctx.reference(path, field, fieldNames, `${flow.entity} field`, true)) continue;
      const def = entity.fields[field];
      if (def?.kind !== 'enum') {
        ctx.error(
          path,
          `flow ${flowName} filters on ${flow.entity}.${field}, which is not an enum`,
          'filter on an enum field, listing canonical values',
          true,
        );
        continue;
      }
      values.forEach((value, i) => {
        ctx.reference([...path, i], value, def.values ?? [], `${flow.entity}.${field} value`);
      });
      if (from?.fields[field] === undefined) {
        ctx.error(
          path,
          `flow ${flowName} filters on ${flow.entity}.${field}, which ${flow.from} does not map`,
          `map it under entities.${flow.entity}.mappings.${flow.from}.fields`,
          true,
        );
      }
    }
    (flow.match?.keys ?? []).forEach((key, i) => {
      const path = [...base, 'match', 'keys', i];
      if (typeof key === 'string') {
        if (key !== 'external-id') checkFieldBothSides(path, key);
        return;
      }
      if ((key.field === undefined) === (key.fields === undefined)) {
        ctx.error(
          path,
          `match key ${i + 1} of flow ${flowName} must name field: or fields:, not both or neither`,
          'write { field: email, normalise: [trim, lowercase] } or { fields: [lastName, postalCode] }',
        );
        return;
      }
      if (key.field !== undefined) checkFieldBothSides([...path, 'field'], key.field);
      (key.fields ?? []).forEach((field, j) => {
        checkFieldBothSides([...path, 'fields', j], field);
      });
    });
  }
  validateReconciliation(ctx);
}

function validateReconciliation(ctx: ValidationContext): void {
  for (const [ruleName, rule] of Object.entries(ctx.input.reconciliation ?? {})) {
    const base = ['reconciliation', ruleName];
    if (rule.alert !== undefined)
      ctx.reference([...base, 'alert'], rule.alert, ctx.alertNames(), 'alert route');
    if (rule.count !== true && (rule.sum ?? []).length === 0) {
      ctx.error(
        base,
        `reconciliation ${ruleName} compares nothing`,
        'add count: true and/or sum: [<money fields>]',
        true,
      );
    }
    rule.flows.forEach((flowName, i) => {
      if (!ctx.reference([...base, 'flows', i], flowName, ctx.flowNames(), 'flow')) return;
      const flow = ctx.input.flows[flowName];
      const entity = flow && ctx.input.entities[flow.entity];
      if (!flow || !entity) return;
      const fields = Object.keys(entity.fields);
      (rule.sum ?? []).forEach((field, j) => {
        const def = entity.fields[field];
        if (!ctx.reference([...base, 'sum', j], field, fields, `${flow.entity} field`) || !def) return;
        if (!SUMMABLE.has(def.kind)) {
          ctx.error(
            [...base, 'sum', j],
            `reconciliation ${ruleName} sums ${flow.entity}.${field}, a ${def.kind}`,
            'sum money, decimal or integer fields only',
          );
        }
      });
      (rule.groupBy ?? []).forEach((group, j) => {
        if ((RECONCILE_GROUPS as readonly string[]).includes(group)) return;
        ctx.reference(
          [...base, 'groupBy', j],
          group,
          [...RECONCILE_GROUPS, ...fields],
          `${flow.entity} field or group`,
        );
      });
      if (rule.key !== undefined) {
        const wanted = typeof rule.key === 'string' ? [rule.key] : rule.key;
        const keys = (flow.match?.keys ?? []).map((k) =>
          typeof k === 'string' ? [k] : k.field !== undefined ? [k.field] : (k.fields ?? []),
        );
        if (!keys.some((k) => k.length === wanted.length && k.every((f, i) => f === wanted[i]))) {
          ctx.error(
            [...base, 'key'],
            `reconciliation ${ruleName} keys by ${wanted.join(' + ')}, which is not a match key of flow ${flowName}`,
            `use one of the flow's match keys: ${keys.map((k) => k.join(' + ')).join(', ') || 'none declared'}`,
          );
        }
      }
      for (const [system, where] of Object.entries(rule.where ?? {})) {
        const sides = [flow.from, flow.to];
        if (!ctx.reference([...base, 'where', system], system, sides, `system of flow ${flowName}`)) continue;
        for (const field of Object.keys(where)) {
          if (!ctx.reference([...base, 'where', system, field], field, fields, `${flow.entity} field`))
            continue;
          if (!entity.mappings?.[system]?.fields?.[field]) {
            ctx.error(
              [...base, 'where', system, field],
              `reconciliation ${ruleName} scopes ${system} by ${field}, which the ${flow.entity} mapping for ${system} does not map`,
              `map ${field} in entities.${flow.entity}.mappings.${system}, or scope by a field it maps`,
            );
          }
        }
      }
      if (rule.periodField !== undefined) {
        const def = entity.fields[rule.periodField];
        if (
          ctx.reference([...base, 'periodField'], rule.periodField, fields, `${flow.entity} field`) &&
          def &&
          def.kind !== 'date' &&
          def.kind !== 'datetime'
        ) {
          ctx.error(
            [...base, 'periodField'],
            `periodField ${rule.periodField} is a ${def.kind}`,
            'name a date or datetime field',
          );
        }
      }
    });
    validateReferenceChecks(ctx, ruleName, rule);
    if ((rule.groupBy ?? []).includes('period') && rule.periodField === undefined) {
      ctx.error(
        [...base, 'groupBy'],
        `reconciliation ${ruleName} groups by period but names no periodField`,
        'add periodField: <the date field that decides the month>',
        true,
      );
    }
  }
}

type RuleInput = NonNullable<ValidationContext['input']['reconciliation']>[string];

/** A reference check names a declared entity mapped in `in`, and paths only for the rule's systems. */
function validateReferenceChecks(ctx: ValidationContext, ruleName: string, rule: RuleInput): void {
  const sides = new Set(
    rule.flows.flatMap((f) => {
      const flow = ctx.input.flows[f];
      return flow ? [flow.from, flow.to] : [];
    }),
  );
  for (const [refName, check] of Object.entries(rule.references ?? {})) {
    const base = ['reconciliation', ruleName, 'references', refName];
    const systemOk = ctx.reference([...base, 'in'], check.in, ctx.systemNames(), 'system');
    if (ctx.reference([...base, 'entity'], check.entity, ctx.entityNames(), 'entity') && systemOk) {
      if (!ctx.input.entities[check.entity]?.mappings?.[check.in]) {
        ctx.error(
          [...base, 'in'],
          `reference ${refName} looks for ${check.entity} records in ${check.in}, but ${check.entity} has no ${check.in} mapping`,
          `add entities.${check.entity}.mappings.${check.in}, or name a system that holds ${check.entity}`,
        );
      }
    }
    const paths = Object.keys(check.paths);
    if (paths.length === 0)
      ctx.error(
        [...base, 'paths'],
        `reference ${refName} checks no system`,
        `add paths: { <system>: <path> }`,
      );
    for (const system of paths) {
      if (!sides.has(system))
        ctx.reference([...base, 'paths', system], system, [...sides], `system of the rule's flows`, true);
    }
  }
}
