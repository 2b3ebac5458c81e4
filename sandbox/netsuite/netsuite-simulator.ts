/**
 * Wires the NetSuite simulator together: the shared HTTP server, the account's state and routes.
 */
import { sendJson, startSimulatorServer } from '../shared/simulator-server.ts';
import type { NetSuiteSimulator, NetSuiteSimulatorOptions } from './index.ts';

export async function startNetSuiteSimulator(
  options: NetSuiteSimulatorOptions = {},
): Promise<NetSuiteSimulator> {
  const accountId = options.accountId ?? '123456_SB1';
  const store = new Map<string, Map<string, Record<string, unknown>>>();
  let nextId = 1;
  const server = await startSimulatorServer(
    { name: 'netsuite', latencyMs: options.latencyMs ?? 0, seed: options.seed ?? 1 },
    (_req, res) => {
      sendJson(res, 501, { type: 'about:blank', title: 'Not Implemented', status: 501 });
    },
    (kind, res) =>
      sendJson(res, kind === 'rate-limit' ? 429 : 500, { status: kind === 'rate-limit' ? 429 : 500 }),
  );
  const table = (type: string) => {
    let t = store.get(type);
    if (!t) {
      t = new Map();
      store.set(type, t);
    }
    return t;
  };
  return {
    url: server.url,
    accountId,
    tba: { consumerKey: 'ck', consumerSecret: 'cs', tokenId: 'ti', tokenSecret: 'ts' },
    oauth2: { clientId: 'client', certificateId: 'cert', privateKeyPem: '', algorithm: 'PS256' },
    server,
    records: (type) => [...table(type).values()].map((r) => structuredClone(r)),
    seed: (type, fields) => {
      const id = String(nextId++);
      table(type).set(id, { ...structuredClone(fields), id });
      return id;
    },
    setOtherIntegrations: () => {},
    snapshot: async () => {},
    restore: async () => {},
    close: () => server.close(),
  };
}
