/**
 * Two flows into one NetSuite customer: the Shopify flow owns name and email (creates the record),
 * a CRM flow owns the phone (matches on email, never creates). For the tests of records shared by
 * flows (external id kept, baselines per flow).
 */
import { type Contract, parseContract } from '../../src/contract/index.ts';

const TEXT = `
accord: 1
name: shared-customer
systems:
  shop: { kind: shopify, connection: { shop: t.myshopify.com, accessToken: env:T }, limits: { concurrency: 2 } }
  crm: { kind: salesforce, connection: { instanceUrl: "https://x.my.salesforce.com", accessToken: env:S }, limits: { concurrency: 2 } }
  erp:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
    limits: { concurrency: 3 }
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 2, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    owner: shop
    fields:
      email: { kind: email }
      name: { kind: string }
      phone: { kind: string, owner: crm }
    mappings:
      shop:
        record: Customer
        id: id
        fields: { email: email, name: name }
      crm:
        record: Contact
        id: Id
        fields: { email: Email, phone: Phone }
      erp:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, name: companyName, phone: phone }
flows:
  customers:
    entity: customer
    from: shop
    to: erp
    direction: one-way
    trigger: { schedule: every 15m }
    owner: integrations
    match: { keys: [external-id, { field: email, normalise: [trim, lowercase] }], onNoMatch: create, onMultipleMatches: review }
  crm-phones:
    entity: customer
    from: crm
    to: erp
    direction: one-way
    trigger: { schedule: every 15m }
    owner: integrations
    match: { keys: [external-id, { field: email, normalise: [trim, lowercase] }], onNoMatch: skip, onMultipleMatches: review }
reconciliation:
  customers: { flows: [customers], schedule: "0 5 * * *", count: true }
`;

export function sharedCustomerContract(): Contract {
  const parsed = parseContract(TEXT, 'shared-customer.yaml');
  if (!parsed.ok) throw new Error(`test contract: ${JSON.stringify(parsed.errors)}`);
  return parsed.contract;
}
