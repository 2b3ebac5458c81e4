/**
 * The contract's `limits.rate` reaches the connector the registry builds: a NetSuite system limited
 * to 4 requests per second, asked for twelve records at once, sends them four per second — a peak
 * queues instead of being sent to be refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { parseContract } from '../../src/contract/index.ts';

let sim: NetSuiteSimulator | undefined;
let connector: Connector | undefined;
afterEach(async () => {
  await connector?.close();
  await sim?.close();
  connector = undefined;
  sim = undefined;
});

describe('limits.rate from the contract', () => {
  it('holds a NetSuite system to its rate: no more than 4 requests in any second', async () => {
    sim = await startNetSuiteSimulator({ timeZone: 'America/Los_Angeles', seed: 3 });
    const parsed = parseContract(
      `
accord: 1
name: rate-test
systems:
  netsuite:
    kind: netsuite
    accountId: ${sim.accountId}
    connection:
      timeZone: America/Los_Angeles
      baseUrl: "${sim.url}"
      consumerKey: env:CK
      consumerSecret: env:CS
      tokenId: env:TI
      tokenSecret: env:TS
    limits: { concurrency: 5, rate: 4/s }
teams: {}
alerts: {}
entities: {}
flows: {}
`,
      'rate-test.yaml',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const secrets: Record<string, string> = {
      CK: sim.tba.consumerKey,
      CS: sim.tba.consumerSecret,
      TI: sim.tba.tokenId,
      TS: sim.tba.tokenSecret,
    };
    const built = await buildConnectors(parsed.contract, { resolver: (ref) => secrets[ref.name] });
    connector = built.get('netsuite');
    const before = sim.server.inspect.requests().length;
    const started = performance.now();
    const records = await Promise.all(
      Array.from({ length: 12 }, () => connector!.get('customer', SEEDED.customers.acme)),
    );
    const elapsed = performance.now() - started;
    expect(records.every((r) => r?.id === SEEDED.customers.acme)).toBe(true);
    const arrivals = sim.server.inspect
      .requests()
      .slice(before)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    // The twelve reads, and whatever else the connector asks on the way (its limiter's own
    // governance read): every request counts against the rate.
    expect(arrivals.length).toBeGreaterThanOrEqual(12);
    // Twelve at four per second: the third group cannot start before two seconds have passed, however
    // fast the machine (a slower one only takes longer).
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    // Seen by the server: no 850 ms span holds more than four arrivals (150 ms allowed for loopback
    // jitter between a request's start and its arrival).
    for (const at of arrivals) {
      expect(arrivals.filter((a) => a >= at && a < at + 850).length).toBeLessThanOrEqual(4);
    }
  });
});
