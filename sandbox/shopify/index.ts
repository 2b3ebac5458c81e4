/** The Shopify Admin API simulator, its awkward-case seed and its inspection types. */
export { type AwkwardCases, seedAwkwardCases } from './awkward-cases.ts';
export { CostBucket, type CostBucketOptions, type ThrottleStatus } from './cost-bucket.ts';
export { OrderBook, type OrderSpec } from './order-book.ts';
export { ShopStore, type ShopStoreOptions } from './shop-store.ts';
export {
  type ShopifySimulator,
  type ShopifySimulatorOptions,
  startShopifySimulator,
} from './shopify-simulator.ts';
export { type DeliveryResult, type FlushOptions, WebhookDispatcher } from './webhook-dispatcher.ts';
