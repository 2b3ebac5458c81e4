/** The Shopify connector's public surface. */
export { type CustomerWriterContext, upsertCustomer } from './customer-writer.ts';
export { describeShop } from './describe-shop.ts';
export { setInventoryLevel } from './inventory-writer.ts';
export { rebaseFetch } from './rebase-fetch.ts';
export { ShopifyConnector, type ShopifyConnectorOptions } from './shopify-connector.ts';
export { type ShopifyClientOptions, ShopifyGraphqlClient } from './shopify-graphql-client.ts';
export {
  moneyFromShopify,
  ShopifyMoneyError,
  type ShopifyMoneyV2,
  shopMoneyOf,
  toShopifyDecimal,
} from './shopify-money.ts';
export { SHOPIFY_OBJECTS, type ShopifyObject } from './shopify-objects.ts';
export { ShopifyWebhookVerifier, type ShopifyWebhookVerifierOptions } from './shopify-webhook-verifier.ts';
export { ThrottleGate, type ThrottleStatus } from './throttle-gate.ts';
export { graphqlDecimal, restToRecord } from './webhook-record.ts';
