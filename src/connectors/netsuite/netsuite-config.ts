/**
 * How a NetSuite connector is configured: which account, how it authenticates, how many requests
 * it may have in flight, and how it marks its own writes.
 *
 * @example
 *   const config: NetSuiteConnectorConfig = {
 *     system: 'netsuite', accountId: '123456_SB1', timeZone: 'America/Los_Angeles',
 *     auth: { kind: 'tba', consumerKey, consumerSecret, tokenId, tokenSecret },
 *   };
 */
import type { ConcurrencyLimiter } from '../../governance/concurrency-limiter.ts';
import type { RateLimit } from '../../governance/rate-limiter.ts';
import type { AssertionAlgorithm } from './oauth2-client-credentials.ts';
import type { SuiteQlTable } from './suiteql-tables.ts';

export type NetSuiteAuthConfig =
  | { kind: 'tba'; consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string }
  | {
      kind: 'oauth2';
      clientId: string;
      certificateId: string;
      privateKeyPem: string;
      algorithm: AssertionAlgorithm;
      scopes?: readonly string[];
    };

export interface NetSuiteConnectorConfig {
  /** The contract's name for this system. */
  system: string;
  /** `123456` or `123456_SB1` (either spelling). */
  accountId: string;
  /** The account's time zone (IANA), used for SuiteQL timestamps. Required: guessing it loses records. */
  timeZone: string;
  auth: NetSuiteAuthConfig;
  /** Default `https://<account-host-id>.suitetalk.api.netsuite.com`; a simulator's URL in tests. */
  baseUrl?: string;
  /** The most requests in flight at once (default 5, the smallest account pool). */
  concurrency?: number;
  /** The contract's `limits.rate`: at most this many requests start in any such window. */
  rate?: RateLimit | undefined;
  /** A limiter to share (e.g. across connectors of one account); default an AdaptiveLimiter. */
  limiter?: ConcurrencyLimiter;
  /** Tuning of the default AdaptiveLimiter (see `src/governance/adaptive-limiter.ts`). */
  adaptive?: { probeWindows?: number; minimum?: number };
  /** Read `system/v1/governanceLimits` to lower the cap to the account's (default true). */
  readGovernanceLimits?: boolean;
  /** How Accord marks its own writes. */
  writeMarker?: {
    /** Custom field per record type: `{ customer: 'custentity_accord_write', salesOrder: 'custbody_accord_write' }`. */
    fields?: Readonly<Record<string, string>>;
    /** Prefix for the external ids Accord assigns (`accord:`); stripped again on the way out. */
    externalIdPrefix?: string;
  };
  /** Record types `describe()` reports (default: the ones Accord's flows use, plus custom records). */
  describeTypes?: readonly string[];
  /** SuiteQL tables for record types the built-in map does not know. */
  suiteqlTables?: Readonly<Record<string, SuiteQlTable>>;
  /** `record` (default): changes are full REST records; `row`: the SuiteQL row only (cheaper). */
  changeShape?: 'record' | 'row';
  fetch?: typeof fetch;
  timeoutMs?: number;
}
