import { startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { ShopifyConnector } from './shopify-connector.ts';

describeConnectorContract('shopify', async () => {
  const sim = await startShopifySimulator({
    accessToken: 'shpat_contract_0123456789abcdef',
    apiSecret: 'shpss_contract_secret_abcdef',
  });
  const cap = 3;
  const connector = new ShopifyConnector({
    system: 'shop-eu',
    storeDomain: sim.storeDomain,
    accessToken: sim.accessToken,
    baseUrl: sim.url,
    concurrency: cap,
  });
  return {
    connector,
    objectType: 'customer',
    sample: (n) => ({ email: `contract-${n}@example.test`, firstName: `Ada ${n}`, lastName: `Contract${n}` }),
    change: (n) => ({ firstName: `Changed ${n}` }),
    invalid: () => ({ email: 'not-an-email', lastName: 'Invalid' }),
    // Shopify keeps customer emails unique, so two customers can share a last name but never an
    // email: the "two hits are two" case is exercised on lastName.
    matchField: 'lastName',
    matchValue: (n) => `Contract${n}`,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap: cap,
    maxInFlightSeen: () => sim.server.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.server.faults.push({ kind, count });
    },
    secrets: [sim.accessToken, sim.apiSecret],
    close: async () => {
      await connector.close();
      await sim.close();
    },
  };
});
