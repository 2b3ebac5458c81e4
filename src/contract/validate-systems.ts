/**
 * Cross-checks systems, teams and alert routes: NetSuite account ids, secrets held only as
 * references, and every route a team points at.
 */
import { isSecretKey } from './secret-ref.ts';
import type { ValidationContext } from './validation-context.ts';

const ENV_REF = /^env:[A-Z_][A-Z0-9_]*$/;

export function validateSystems(ctx: ValidationContext): void {
  for (const [name, system] of Object.entries(ctx.input.systems)) {
    const base = ['systems', name];
    if (system.kind === 'netsuite' && system.accountId === undefined) {
      ctx.error(
        base,
        `system ${name} is a NetSuite account but names no accountId`,
        'add accountId: 123456 (or 123456_SB1 for a sandbox)',
        true,
      );
    }
    if (system.kind !== 'netsuite' && system.accountId !== undefined) {
      ctx.error(
        [...base, 'accountId'],
        `accountId is a NetSuite setting but system ${name} is ${system.kind}`,
        'move the account id into connection:, or remove it',
        true,
      );
    }
    for (const [key, value] of Object.entries(system.connection ?? {})) {
      const path = [...base, 'connection', key];
      if (typeof value === 'string' && value.startsWith('env:') && !ENV_REF.test(value)) {
        ctx.error(
          path,
          `systems.${name}.connection.${key} is a malformed secret reference`,
          'write env: followed by an upper-case variable name, e.g. env:NETSUITE_TOKEN_SECRET',
        );
      } else if (isSecretKey(key) && !(typeof value === 'string' && ENV_REF.test(value))) {
        // The value is deliberately not repeated: it may be a real credential.
        ctx.error(
          path,
          `systems.${name}.connection.${key} holds a literal secret; secrets are never written in the contract`,
          `replace the value with a reference such as env:${`${name}_${key}`
            .replace(/([a-z])([A-Z])/g, '$1_$2')
            .replace(/[^A-Za-z0-9]/g, '_')
            .toUpperCase()} and set that variable where accord runs (and rotate the exposed secret)`,
        );
      }
    }
  }
  for (const [name, team] of Object.entries(ctx.input.teams ?? {})) {
    if (team.alert !== undefined)
      ctx.reference(['teams', name, 'alert'], team.alert, ctx.alertNames(), 'alert route');
  }
  for (const [name, route] of Object.entries(ctx.input.alerts ?? {})) {
    if (route.webhook === undefined && route.email === undefined && route.log === undefined) {
      ctx.error(
        ['alerts', name],
        `alert route ${name} has no channel`,
        'add webhook: env:…, email: [...] or log: warn',
        true,
      );
    }
  }
  (ctx.input.changeControl ?? []).forEach((rule, i) => {
    rule.approvers.forEach((approver, j) => {
      ctx.reference(['changeControl', i, 'approvers', j], approver, ctx.teamNames(), 'team');
    });
    (rule.entities ?? []).forEach((entity, j) => {
      ctx.reference(['changeControl', i, 'entities', j], entity, ctx.entityNames(), 'entity');
    });
  });
}
