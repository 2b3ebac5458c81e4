/**
 * The sandbox NetSuite account's own rules the demo rehearses against, as a real account has them:
 * a default subsidiary for customers created without one (a CRM contact has none), and a user
 * event script that refuses a customer without an email (Acme's finance team e-mails every
 * invoice). The generated business has guest shoppers with a phone and no email, so one of them
 * is refused by NetSuite for a missing mandatory field — and must be parked, loudly, not dropped.
 *
 * @example
 *   const rules = deployAccountRules(sandbox); // ['customscript_acme_customer_email on customer: …']
 */
import { REGIONS } from '../../sandbox/generator/regions.ts';
import { requireFieldScript, type UserEventScript } from '../../sandbox/netsuite/index.ts';
import type { SandboxHandle } from './sandbox-part.ts';
import { systemsOf } from './sandbox-part.ts';

/** The parent company: where a customer created without a subsidiary is booked until finance moves it. */
const PARENT = REGIONS[0]!.subsidiary;

/**
 * OneWorld makes a customer's primary subsidiary mandatory; a CRM contact knows nothing of
 * subsidiaries, so Acme's account books customers created without one under the parent company
 * (a beforeSubmit script, as such accounts commonly deploy).
 */
const defaultSubsidiary: UserEventScript = {
  scriptId: 'customscript_acme_default_subsidiary',
  recordTypes: ['customer'],
  events: ['create'],
  beforeSubmit: (ctx) => {
    if (!ctx.newRecord.subsidiary) ctx.newRecord.subsidiary = { id: PARENT.id };
  },
};

export const ACCOUNT_RULES: readonly { script: UserEventScript; says: string }[] = [
  {
    script: defaultSubsidiary,
    says: `a customer created without a subsidiary is booked under ${PARENT.name} (user event script customscript_acme_default_subsidiary)`,
  },
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
