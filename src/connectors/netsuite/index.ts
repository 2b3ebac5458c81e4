/**
 * The NetSuite connector: REST record service and SuiteQL, TBA or OAuth 2.0, governed by the
 * account's concurrency pool.
 *
 * @example
 *   import { createNetSuiteConnector } from './connectors/netsuite/index.ts';
 */
export { AccountTime } from './account-time.ts';
export { type NetSuiteAuth, tbaAuth } from './netsuite-auth.ts';
export type { NetSuiteAuthConfig, NetSuiteConnectorConfig } from './netsuite-config.ts';
export { createNetSuiteConnector, NetSuiteConnector } from './netsuite-connector.ts';
export { classifyNetSuiteResponse } from './netsuite-errors.ts';
export {
  type AssertionAlgorithm,
  OAuth2ClientCredentials,
  type OAuth2ClientCredentialsOptions,
} from './oauth2-client-credentials.ts';
export {
  hostIdOf,
  percentEncode,
  realmOf,
  signatureBaseString,
  signTba,
  type TbaCredentials,
} from './tba-signer.ts';
