/**
 * CRM connector throughput against the simulators: reading changes (Salesforce SOQL keyset pages
 * of 2000; HubSpot search pages of 200 under its per-second search pace and the result cap) and
 * upserting concurrently (the connectors coalesce into Collections / batch-upsert calls) with a few
 * milliseconds of simulated latency.
 *
 *   npm run bench -- crm-connectors
 */
import { startHubSpotSimulator } from '../sandbox/hubspot/hubspot-simulator.ts';
import { startSalesforceSimulator } from '../sandbox/salesforce/salesforce-simulator.ts';
import type { Connector } from '../src/connectors/connector.ts';
import { HubSpotConnector } from '../src/connectors/hubspot/hubspot-connector.ts';
import { SalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';

const RECORDS = Number(process.env.CRM_BENCH_RECORDS ?? 5000);
const WRITES = Number(process.env.CRM_BENCH_WRITES ?? 400);

async function readAll(
  connector: Connector,
  objectType: string,
  pageSize: number,
): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  let count = 0;
  for await (const page of connector.readChanges({ objectType, pageSize })) count += page.length;
  return { count, ms: performance.now() - started };
}

async function writeMany(
  connector: Connector,
  objectType: string,
  fields: (n: number) => Record<string, unknown>,
) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITES }, (_, n) =>
      connector.upsert({
        objectType,
        externalId: `bench-${n}`,
        fields: fields(n),
        idempotencyKey: `bench:${n}`,
      }),
    ),
  );
  return performance.now() - started;
}

const figures: Record<string, number> = { records: RECORDS, writes: WRITES };

const sf = await startSalesforceSimulator({ dailyApiLimit: 1_000_000 });
try {
  for (let i = 0; i < RECORDS; i++) sf.org.create('Account', { Name: `Bench ${i}`, Phone: `+1 555 ${i}` });
  const connector = new SalesforceConnector({
    system: 'crm',
    instanceUrl: sf.url,
    auth: { accessToken: sf.accessToken },
    concurrency: 4,
  });
  const read = await readAll(connector, 'Account', 2000);
  sf.setLatency({ min: 2, max: 8 });
  const writeMs = await writeMany(connector, 'Account', (n) => ({ Name: `Written ${n}` }));
  figures.salesforce_read_per_s = Math.round((read.count / read.ms) * 1000);
  figures.salesforce_upsert_per_s = Math.round((WRITES / writeMs) * 1000);
  figures.salesforce_requests = connector.stats().requests;
  figures.salesforce_max_in_flight = sf.inspect.maxInFlight();
  console.log(
    `salesforce: read ${read.count} in ${read.ms.toFixed(0)} ms; ${WRITES} upserts (Collections batches + SOQL re-read) in ${writeMs.toFixed(0)} ms; max in flight ${figures.salesforce_max_in_flight}`,
  );
} finally {
  await sf.close();
}

const hs = await startHubSpotSimulator({ searchResultCap: 1000 });
try {
  for (let i = 0; i < RECORDS; i++)
    hs.portal.write('companies', undefined, { name: `Bench ${i}`, phone: `+1 555 ${i}` });
  const connector = new HubSpotConnector({
    system: 'hubspot',
    accessToken: hs.accessToken,
    basePath: hs.url,
    concurrency: 4,
    searchResultCap: 1000,
  });
  const read = await readAll(connector, 'companies', 200);
  hs.setLatency({ min: 2, max: 8 });
  const writeMs = await writeMany(connector, 'companies', (n) => ({ name: `Written ${n}` }));
  figures.hubspot_read_per_s = Math.round((read.count / read.ms) * 1000);
  figures.hubspot_upsert_per_s = Math.round((WRITES / writeMs) * 1000);
  figures.hubspot_requests = connector.stats().requests;
  figures.hubspot_rate_limited = connector.stats().rateLimited;
  figures.hubspot_max_in_flight = hs.inspect.maxInFlight();
  console.log(
    `hubspot: read ${read.count} in ${read.ms.toFixed(0)} ms (search capped at 1000 results per query, 4 searches/s); ${WRITES} upserts in ${writeMs.toFixed(0)} ms; 429s ${figures.hubspot_rate_limited}`,
  );
} finally {
  await hs.close();
}

console.log(JSON.stringify(figures));
