/**
 * Wires the NetSuite simulator together: the shared HTTP server (inspection, scripted faults),
 * credentials, the account's record types, data, rules, scripts, and the concurrency pool.
 */
import { randomBytes } from 'node:crypto';
import { seededRandom, startSimulatorServer } from '../shared/simulator-server.ts';
import { AccountClock } from './account-clock.ts';
import { AccountRules } from './account-rules.ts';
import { pageEnvelope, pagingParams } from './collection-paging.ts';
import { respondToFault } from './errors.ts';
import { GovernancePool } from './governance-pool.ts';
import type { NetSuiteSimulator, NetSuiteSimulatorOptions } from './index.ts';
import { generateCertificateKeys, OAuth2TokenService } from './oauth2-token-service.ts';
import { encodeRecord } from './record-codec.ts';
import { RecordService } from './record-service.ts';
import { RecordStore } from './record-store.ts';
import { buildRecordTypes } from './record-types.ts';
import { Router } from './router.ts';
import { seedAccount } from './seed-data.ts';
import { runSuiteQL } from './suiteql-evaluator.ts';
import { parseSuiteQL, suiteqlError } from './suiteql-parser.ts';
import { QUERY_ONLY_TABLES, suiteqlRows } from './suiteql-tables.ts';
import { TbaVerifier } from './tba-verifier.ts';
import type { UserEventScript } from './user-event-scripts.ts';

/** SuiteQL returns at most 100,000 rows per query (without SuiteAnalytics Connect). */
export const SUITEQL_MAX_ROWS = 100_000;

const secret = () => randomBytes(32).toString('hex');

export async function startNetSuiteSimulator(
  options: NetSuiteSimulatorOptions = {},
): Promise<NetSuiteSimulator> {
  const accountId = options.accountId ?? '123456_SB1';
  const random = seededRandom(options.seed ?? 1);
  let latency = options.latencyMs ?? 0;
  const clock = new AccountClock(options.timeZone ?? 'America/Los_Angeles');
  const types = buildRecordTypes(options.customFields ?? {});
  const store = new RecordStore(() => Date.now());
  const { nexus } = seedAccount(store);
  for (const [subsidiary, taxNexus] of Object.entries(options.taxNexus ?? {}))
    nexus.set(subsidiary, taxNexus);
  const rules = new AccountRules(types, store, nexus, () => clock.localDate(new Date()));
  const scripts: UserEventScript[] = [...(options.scripts ?? [])];
  const pool = new GovernancePool(options.concurrency ?? 5, random);
  const maxRows = options.suiteqlMaxRows ?? SUITEQL_MAX_ROWS;
  pool.setOtherIntegrations(options.otherIntegrations);
  const authFailures: string[] = [];

  const tba = options.tba ?? {
    consumerKey: secret(),
    consumerSecret: secret(),
    tokenId: secret(),
    tokenSecret: secret(),
  };
  const algorithm = options.oauth2Algorithm ?? 'PS256';
  const keys = generateCertificateKeys(algorithm);
  const oauth2 = {
    clientId: secret(),
    certificateId: `cert-${randomBytes(8).toString('hex')}`,
    privateKeyPem: keys.privateKeyPem,
    algorithm,
  };

  // The router needs the server's URL and the server needs the router: bind late.
  let router: Router | undefined;
  const server = await startSimulatorServer(
    {
      name: 'netsuite',
      latencyMs: 0,
      seed: options.seed ?? 1,
      ...(options.port !== undefined ? { port: options.port } : {}),
    },
    (req, res, body) => router!.handle(req, res, body),
    respondToFault,
  );
  const baseUrl = server.url;
  const hostId = accountId.toLowerCase().replace(/_/g, '-');
  const tokenService = new OAuth2TokenService({
    clientId: oauth2.clientId,
    tokenEndpoints: [
      `${baseUrl}/services/rest/auth/oauth2/v1/token`,
      `https://${hostId}.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token`,
    ],
  });
  tokenService.registerCertificate(oauth2.certificateId, keys.publicKey, algorithm);
  const records = new RecordService({ types, store, rules, scripts: () => scripts, clock, baseUrl });
  const toInstant = (date: string) => clock.localToInstant(date).getTime();

  router = new Router({
    baseUrl,
    tba: new TbaVerifier({ accountId, credentials: tba }),
    oauth2: tokenService,
    pool,
    records,
    types,
    governanceLimitsVisible: options.governanceLimitsVisible ?? true,
    latency: () =>
      typeof latency === 'number' ? latency : latency.min + random() * (latency.max - latency.min),
    onAuthFailure: (reason) => {
      authFailures.push(reason);
      if (authFailures.length > 100) authFailures.shift();
    },
    suiteql: (q, query) => {
      const { limit, offset } = pagingParams(query);
      if (offset + limit > maxRows) {
        throw suiteqlError(
          `A query returns at most ${maxRows} rows; offset ${offset} with limit ${limit} is beyond it. Narrow the query (keyset paging on id).`,
        );
      }
      const rows = runSuiteQL(parseSuiteQL(q), {
        rowsOf: (t) => suiteqlRows(t, types, store, toInstant),
        clock,
      });
      const reachable = Math.min(rows.length, maxRows);
      const items = rows.slice(offset, Math.min(offset + limit, reachable)).map((r) => ({ links: [], ...r }));
      const envelope = pageEnvelope(
        `${baseUrl}/services/rest/query/v1/suiteql`,
        query,
        reachable,
        limit,
        offset,
        items,
      );
      return { status: 200, body: { ...envelope, totalResults: rows.length } };
    },
  });

  const typeName = (type: string) => {
    const def = [...types.values()].find((t) => t.name.toLowerCase() === type.toLowerCase());
    if (!def)
      throw new Error(
        `the NetSuite simulator has no record type "${type}" (known: ${[...types.keys()].join(', ')})`,
      );
    return def;
  };

  return {
    url: baseUrl,
    accountId,
    tba,
    oauth2,
    server,
    records: (type) => {
      const def = typeName(type);
      return store
        .all(def.name)
        .map((r) => encodeRecord(def, r, { baseUrl, refName: () => undefined, expandSubResources: true }));
    },
    seed: (type, fields) => store.insert(typeName(type).name, structuredClone(fields)),
    setInventoryBalance: (b) => {
      const onHand = b.quantityOnHand ?? b.quantityAvailable ?? 0;
      store.putRow(QUERY_ONLY_TABLES.inventorybalance!, {
        id: `${b.item}:${b.location}:${b.binNumber ?? ''}`,
        item: b.item,
        location: b.location,
        ...(b.binNumber ? { binNumber: b.binNumber } : {}),
        quantityOnHand: onHand,
        quantityAvailable: b.quantityAvailable ?? onHand,
      });
    },
    setOtherIntegrations: (o) => pool.setOtherIntegrations(o),
    setLatency: (l) => {
      latency = l;
    },
    addScript: (script) => {
      scripts.push(script);
    },
    pool: {
      capacity: pool.capacity,
      inUse: () => pool.inUse,
      heldByOthers: () => pool.heldByOthers,
      rejected: () => pool.rejected,
    },
    authFailures: () => [...authFailures],
    snapshot: (path) => store.snapshot(path),
    restore: (path) => store.restore(path),
    close: async () => {
      pool.close();
      await server.close();
    },
  };
}
