/**
 * Shared set-up for the drift tests: a NetSuite simulator account per "state" of the account, a
 * real connector pointed at it, a real SQLite store, and a small contract mapping Shopify
 * customers and orders into NetSuite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type NetSuiteSimulator,
  type NetSuiteSimulatorOptions,
  startNetSuiteSimulator,
} from '../../sandbox/netsuite/index.ts';
import {
  createNetSuiteConnector,
  type NetSuiteConnector,
} from '../../src/connectors/netsuite/netsuite-connector.ts';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

export const TIME_ZONE = 'America/Los_Angeles';

/** The account as the contract was written against. */
export const BASE_FIELDS: NonNullable<NetSuiteSimulatorOptions['customFields']> = {
  custentity_loyalty_code: { type: 'text', recordTypes: ['customer'] },
  custentity_acme_tier: {
    type: 'select',
    values: { '1': 'Bronze', '2': 'Silver' },
    recordTypes: ['customer'],
  },
  custbody_channel: { type: 'text', recordTypes: ['salesOrder'] },
};

export const CONTRACT_YAML = `
accord: 1
name: drift-test
systems:
  shopify:
    kind: shopify
    connection: { shop: acme.myshopify.com }
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection: { tokenId: env:NS_TOKEN_ID }
teams:
  ecommerce: { contact: ecommerce@acme.example, alert: oncall }
alerts:
  oncall: { email: [oncall@acme.example] }
entities:
  customer:
    owner: shopify
    fields:
      email: { kind: email }
      loyaltyCode: { kind: string }
      tier: { kind: enum, values: [bronze, silver] }
    mappings:
      shopify:
        record: Customer
        id: id
        fields:
          email: email
          loyaltyCode: loyaltyCode
          tier: { path: tier, map: { BRONZE: bronze, SILVER: silver } }
      netsuite:
        record: customer
        id: id
        externalId: externalId
        fields:
          email: email
          loyaltyCode: custentity_loyalty_code
          tier: { path: custentity_acme_tier.id, map: { '1': bronze, '2': silver } }
  salesOrder:
    owner: shopify
    fields:
      orderNumber: { kind: string }
      channel: { kind: string }
    mappings:
      shopify:
        record: Order
        id: id
        fields:
          orderNumber: name
          channel: sourceName
      netsuite:
        record: salesOrder
        id: id
        externalId: externalId
        fields:
          orderNumber: tranId
          channel: custbody_channel
flows:
  customers:
    entity: customer
    from: shopify
    to: netsuite
    direction: one-way
    owner: ecommerce
    trigger: { schedule: every 5m }
    match: { keys: [external-id, email], onNoMatch: create }
  orders:
    entity: salesOrder
    from: shopify
    to: netsuite
    direction: one-way
    owner: ecommerce
    trigger: { schedule: every 5m }
    match: { keys: [external-id], onNoMatch: create }
`;

export const contract = () => contractFromText(CONTRACT_YAML, 'drift-test.yaml');

export async function startAccount(
  customFields: NetSuiteSimulatorOptions['customFields'] = BASE_FIELDS,
  options: NetSuiteSimulatorOptions = {},
): Promise<NetSuiteSimulator> {
  return startNetSuiteSimulator({ seed: 3, timeZone: TIME_ZONE, customFields, ...options });
}

export function connectorFor(sim: NetSuiteSimulator, system = 'netsuite'): NetSuiteConnector {
  return createNetSuiteConnector({
    system,
    accountId: sim.accountId,
    timeZone: TIME_ZONE,
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
    readGovernanceLimits: false,
  });
}

let n = 0;
export async function openStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-drift-'));
  return openSqliteStore(join(dir, `drift-${n++}.db`));
}
