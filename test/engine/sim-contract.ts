/**
 * The contract the simulator tests run: Shopify customers ↔ NetSuite customers, pointed at the
 * simulators through connection settings (the same way `accord demo` does).
 */
import { type Contract, parseContract } from '../../src/contract/index.ts';

export interface SimContractOptions {
  netsuiteUrl: string;
  shopifyUrl: string;
  shopDomain: string;
  direction?: 'one-way' | 'two-way';
  /** NetSuite connector timeout (ms); small in fault tests so a hung request is retried soon. */
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  /** The flow's onDelete (absent: the contract's default, flag). */
  onDelete?: 'ignore' | 'flag' | 'propagate';
}

/** The contract's YAML text. */
export function simContractText(o: SimContractOptions): string {
  const twoWay = o.direction === 'two-way';
  return `
accord: 1
name: sim-customers
systems:
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection:
      baseUrl: ${o.netsuiteUrl}
      timeZone: America/Los_Angeles
      timeoutMs: ${o.timeoutMs ?? 10_000}
      consumerKey: env:NS_CONSUMER_KEY
      consumerSecret: env:NS_CONSUMER_SECRET
      tokenId: env:NS_TOKEN_ID
      tokenSecret: env:NS_TOKEN_SECRET
    limits: { concurrency: ${o.concurrency ?? 5} }
  shopify:
    kind: shopify
    connection:
      shop: ${o.shopDomain}
      baseUrl: ${o.shopifyUrl}
      accessToken: env:SHOPIFY_TOKEN
      webhookSecret: env:SHOPIFY_WEBHOOK_SECRET
    limits: { concurrency: 2 }
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: revert
  errors: { retries: ${o.retries ?? 8}, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  customer:
    owner: shopify
    fields:
      email: { kind: email${twoWay ? ', conflict: owner-wins' : ''} }
      firstName: { kind: string${twoWay ? ', conflict: owner-wins' : ''} }
      lastName: { kind: string${twoWay ? ', conflict: most-recent-wins' : ''} }
      phone: { kind: string, owner: netsuite${twoWay ? ', conflict: owner-wins' : ''} }
    mappings:
      shopify:
        record: customer
        id: id
        fields: { email: email, firstName: firstName, lastName: lastName, phone: phone }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields: { email: email, firstName: firstName, lastName: lastName, phone: phone }
flows:
  customers:
    entity: customer
    from: shopify
    to: netsuite
    direction: ${o.direction ?? 'one-way'}
    trigger: { schedule: every 15m }
    owner: integrations${o.onDelete ? `\n    onDelete: ${o.onDelete}` : ''}
    fields: [email, firstName, lastName${twoWay ? ', phone' : ''}]
    match:
      keys: [external-id, { field: email, normalise: [trim, lowercase] }]
      onNoMatch: create
      onMultipleMatches: review
reconciliation:
  customers: { flows: [customers], schedule: "0 5 * * *", count: true }
`;
}

export function simContract(o: SimContractOptions): Contract {
  const parsed = parseContract(simContractText(o), 'sim-customers.yaml');
  if (!parsed.ok) throw new Error(`sim contract: ${JSON.stringify(parsed.errors, null, 1)}`);
  return parsed.contract;
}
