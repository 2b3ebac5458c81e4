/**
 * The sandbox NetSuite account's own rules the demo rehearses against, as a real account has them:
 * a user event script that refuses a customer without an email (Acme's finance team e-mails every
 * invoice). The generated business has guest shoppers with a phone and no email, so one of them
 * is refused by NetSuite for a missing mandatory field — and must be parked, loudly, not dropped.
 *
 * @example
 *   const rules = deployAccountRules(sandbox); // ['customscript_acme_customer_email on customer: …']
 */
import { requireFieldScript, type UserEventScript } from '../../sandbox/netsuite/index.ts';
import type { SandboxHandle } from './sandbox-part.ts';
import { systemsOf } from './sandbox-part.ts';

export const ACCOUNT_RULES: readonly { script: UserEventScript; says: string }[] = [
  {
    script: requireFieldScript(
      'customscript_acme_customer_email',
      ['customer'],
      'email',
      'Email is mandatory on customers: invoices are e-mailed (Acme Finance, user event script).',
    ),
    says: 'customer.email is mandatory (user event script customscript_acme_customer_email)',
  },
];

interface ScriptableAccount {
  addScript(script: UserEventScript): void;
}

/** Deploys the rules on the running NetSuite simulator; returns what was deployed, in words. */
export function deployAccountRules(sandbox: SandboxHandle): string[] {
  const sim = systemsOf(sandbox).find((s) => s.name === 'netsuite')?.sim as
    | Partial<ScriptableAccount>
    | undefined;
  if (typeof sim?.addScript !== 'function') return [];
  for (const rule of ACCOUNT_RULES) sim.addScript(rule.script);
  return ACCOUNT_RULES.map((r) => r.says);
}
