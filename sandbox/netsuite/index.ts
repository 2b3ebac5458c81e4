/**
 * The NetSuite account simulator: start one per test, point a client at `url`.
 *
 * @example
 *   const ns = await startNetSuiteSimulator({ concurrency: 5, latencyMs: 20 });
 *   // GET `${ns.url}/services/rest/record/v1/customer` signed with ns.tba
 *   await ns.close();
 */
import type { SimulatorServer } from '../shared/simulator-server.ts';
import type { UserEventScript } from './user-event-scripts.ts';

export type { UserEventContext, UserEventScript, UserEventType } from './user-event-scripts.ts';
export { ScriptRejection } from './user-event-scripts.ts';

export interface NetSuiteSimulatorOptions {
  /** Default '123456_SB1' (sandbox realm; host-style id '123456-sb1'). */
  accountId?: string;
  /** Account-wide concurrency pool, default 5. */
  concurrency?: number;
  /** Default 0. */
  latencyMs?: number | { min: number; max: number };
  seed?: number;
  /** Random occupation of pool slots by other integrations. */
  otherIntegrations?: { maxSlots: number; holdMs: { min: number; max: number } } | undefined;
  /** custentity_* / custbody_* / custcol_* fields. */
  customFields?: Record<
    string,
    { type: string; mandatory?: boolean; recordTypes: string[]; values?: Record<string, string> }
  >;
  /** Server-side hooks on inbound records. */
  scripts?: UserEventScript[];
  /** Whether the role may read system/v1/governanceLimits (default true). */
  governanceLimitsVisible?: boolean;
  /**
   * Rows one SuiteQL query can reach (NetSuite: 100,000). Lower it in a test to cross the cap with
   * a few thousand rows instead of a hundred thousand.
   */
  suiteqlMaxRows?: number;
  /** The account's time zone (user preference), default 'America/Los_Angeles'. */
  timeZone?: string;
  /** Algorithm of the registered OAuth 2.0 certificate, default 'PS256'. */
  oauth2Algorithm?: 'PS256' | 'ES256';
  /** Listen on this loopback port (default 0: any free port) — `accord sandbox up` keeps its ports across restarts. */
  port?: number;
  /** Tax nexus per subsidiary internal id, added to the seeded ones (a loaded account has its own subsidiaries). */
  taxNexus?: Record<string, { country: string; taxRate: string }>;
  /** Fixed TBA credentials instead of random ones, so a restarted sandbox keeps its env file valid. */
  tba?: { consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string };
}

/** Internal ids of the item, location and (optional) bin, and the quantities there. */
export interface InventoryBalanceInput {
  item: string;
  location: string;
  binNumber?: string;
  quantityOnHand?: number;
  quantityAvailable?: number;
}

export interface NetSuiteSimulator {
  /** Base URL, e.g. http://127.0.0.1:PORT — real paths below it (/services/rest/record/v1/…). */
  url: string;
  accountId: string;
  tba: { consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string };
  oauth2: { clientId: string; certificateId: string; privateKeyPem: string; algorithm: 'PS256' | 'ES256' };
  server: SimulatorServer;
  /** Inspection: stored records of a type. */
  records(type: string): Record<string, unknown>[];
  /** Puts a record directly in stored form (references as {id}; no auth, scripts or rules); returns its id. */
  seed(type: string, fields: Record<string, unknown>): string;
  /**
   * Sets the stock of an item at a location (one SuiteQL `InventoryBalance` row per item,
   * location and bin), as a receipt, fulfilment or count would; quantities default to each other.
   */
  setInventoryBalance(balance: InventoryBalanceInput): void;
  setOtherIntegrations(o: NetSuiteSimulatorOptions['otherIntegrations']): void;
  /** Latency held INSIDE the concurrency pool (server.setLatency adds latency before it, like a network). */
  setLatency(latency: number | { min: number; max: number }): void;
  /** Deploys another user event script. */
  addScript(script: UserEventScript): void;
  /** The account-wide pool: capacity, slots held by clients and by simulated other integrations, 429s sent. */
  pool: { capacity: number; inUse(): number; heldByOthers(): number; rejected(): number };
  /** Why recent authentications failed (the client only ever sees INVALID_LOGIN). */
  authFailures(): string[];
  snapshot(path: string): Promise<void>;
  restore(path: string): Promise<void>;
  close(): Promise<void>;
}

export { SUITEQL_MAX_ROWS, startNetSuiteSimulator } from './netsuite-simulator.ts';
export { SEEDED } from './seed-data.ts';
export { requireFieldScript, setFieldScript } from './user-event-scripts.ts';
