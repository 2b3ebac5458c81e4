/**
 * For tests: the NetSuite simulator on loopback and a connector signed in to it with TBA, both in
 * the account's time zone — the setup the connector's integration tests share.
 *
 * @example
 *   const kit = await startNetSuiteKit();
 *   await kit.connector.upsert({ objectType: 'customer', externalId: 'shop:1', fields, idempotencyKey: 'k' });
 *   await kit.close();
 */
import {
  type NetSuiteSimulator,
  type NetSuiteSimulatorOptions,
  startNetSuiteSimulator,
} from '../../sandbox/netsuite/index.ts';
import {
  createNetSuiteConnector,
  type NetSuiteConnector,
} from '../../src/connectors/netsuite/netsuite-connector.ts';

const TIME_ZONE = 'America/Los_Angeles';

export interface NetSuiteKit {
  sim: NetSuiteSimulator;
  connector: NetSuiteConnector;
  close(): Promise<void>;
}

export async function startNetSuiteKit(
  system = 'netsuite-sb1',
  options: NetSuiteSimulatorOptions = { seed: 3 },
): Promise<NetSuiteKit> {
  const sim = await startNetSuiteSimulator({ timeZone: TIME_ZONE, ...options });
  const connector = createNetSuiteConnector({
    system,
    accountId: sim.accountId,
    timeZone: TIME_ZONE,
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
  });
  return {
    sim,
    connector,
    async close() {
      await connector.close();
      await sim.close();
    },
  };
}
