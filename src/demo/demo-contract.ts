/**
 * The demo's contract: the sandbox's ready contract (the example contract pointed at the loopback
 * simulators), completed where the demo needs more than the example says. Written to
 * `<dir>/accord-demo.yaml` so the user can run every command the demo ran on the same file.
 *
 * @example
 *   const file = await writeDemoContract(sandbox.contractFile, dir);
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/** The NetSuite simulator's account time zone (its default user preference). */
export const SANDBOX_NETSUITE_TIME_ZONE = 'America/Los_Angeles';

const CRM_FLOW = 'customers-crm';

/**
 * The customer as the CRM knows it: a Salesforce contact, the same person as a NetSuite customer.
 * Sales owns the name and phone (a phone edited on both sides: the most recent edit wins);
 * finance owns the email, which is also how the two are matched.
 */
const CRM_ENTITY = {
  description: 'A customer as the CRM knows it (a Salesforce contact), kept in step with NetSuite both ways.',
  fields: {
    email: { kind: 'email', owner: 'netsuite', conflict: 'owner-wins' },
    firstName: { kind: 'string', owner: 'salesforce', conflict: 'owner-wins' },
    lastName: { kind: 'string', owner: 'salesforce', conflict: 'owner-wins' },
    phone: { kind: 'string', owner: 'salesforce', conflict: 'most-recent-wins' },
  },
  mappings: {
    netsuite: {
      record: 'customer',
      id: 'id',
      externalId: 'externalId',
      fields: {
        email: { path: 'email', transform: ['trim', 'lowercase'] },
        firstName: 'firstName',
        lastName: 'lastName',
        phone: 'phone',
      },
    },
    salesforce: {
      record: 'Contact',
      id: 'Id',
      fields: {
        email: { path: 'Email', transform: ['trim', 'lowercase'] },
        firstName: 'FirstName',
        lastName: 'LastName',
        phone: 'Phone',
      },
    },
  },
};

const CRM_FLOW_DEF = {
  description: 'NetSuite customers and CRM contacts, kept in step both ways.',
  entity: 'crmContact',
  from: 'netsuite',
  to: 'salesforce',
  direction: 'two-way',
  trigger: { schedule: 'every 15m' },
  owner: 'ecommerce-integrations',
  match: {
    // A customer with no email (a guest who gave a phone) is still found, by phone, rather than
    // created again on the other side.
    keys: [
      { field: 'email', normalise: ['trim', 'lowercase'] },
      { field: 'phone', normalise: ['digits-only'] },
    ],
    // Someone only one side knows is created on the other: a CRM contact becomes a NetSuite
    // customer (if NetSuite's own rules accept it), a NetSuite customer a CRM contact.
    onNoMatch: 'create',
    onMultipleMatches: 'review',
  },
};

const CRM_RECONCILIATION = {
  description: 'Every NetSuite customer with an email has one CRM contact.',
  flows: [CRM_FLOW],
  schedule: '0 5 * * 1',
  count: true,
};

export interface DemoContractChange {
  path: string;
  why: string;
}

/** The contract text for the demo, and what was added to the sandbox's contract and why. */
export function demoContractText(sandboxContract: string): { text: string; changes: DemoContractChange[] } {
  const doc = parseDocument(sandboxContract);
  const changes: DemoContractChange[] = [];
  const timeZone = ['systems', 'netsuite', 'connection', 'timeZone'];
  if (doc.hasIn(['systems', 'netsuite']) && !doc.hasIn(timeZone)) {
    // The connector refuses to guess the account's time zone (a wrong guess loses records at the
    // cursor boundary); the sandbox account's is the simulator's default.
    doc.setIn(timeZone, SANDBOX_NETSUITE_TIME_ZONE);
    changes.push({ path: timeZone.join('.'), why: "the sandbox NetSuite account's time zone" });
  }
  const stripe = ['systems', 'stripe', 'connection'];
  const protocol = doc.getIn([...stripe, 'protocol']);
  if (doc.hasIn([...stripe, 'host']) && protocol !== undefined && !doc.hasIn([...stripe, 'baseUrl'])) {
    // host + port + protocol and baseUrl say the same; baseUrl is the spelling every connector
    // builder reads whole (a builder that ignored `protocol` would speak https to an http server).
    const url = `${String(protocol)}://${String(doc.getIn([...stripe, 'host']))}:${String(doc.getIn([...stripe, 'port']))}`;
    doc.setIn([...stripe, 'baseUrl'], url);
    changes.push({ path: `${stripe.join('.')}.baseUrl`, why: `the Stripe simulator, as one URL (${url})` });
  }
  if (
    doc.hasIn(['systems', 'salesforce']) &&
    doc.hasIn(['systems', 'netsuite']) &&
    !doc.hasIn(['flows', CRM_FLOW])
  ) {
    doc.setIn(['entities', 'crmContact'], CRM_ENTITY);
    doc.setIn(['flows', CRM_FLOW], CRM_FLOW_DEF);
    doc.setIn(['reconciliation', 'crm-weekly'], CRM_RECONCILIATION);
    changes.push({
      path: `flows.${CRM_FLOW}`,
      why: 'NetSuite customers and CRM (Salesforce) contacts, two-way, matched on email, then phone; two possible matches go to review',
    });
  }
  doc.set('name', 'accord-demo');
  return { text: doc.toString({ lineWidth: 0 }), changes };
}

export async function writeDemoContract(
  sandboxContractFile: string,
  dir: string,
): Promise<{ file: string; changes: DemoContractChange[] }> {
  const { text, changes } = demoContractText(await readFile(sandboxContractFile, 'utf8'));
  const file = join(dir, 'accord-demo.yaml');
  await writeFile(file, text);
  return { file, changes };
}
