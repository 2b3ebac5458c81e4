/**
 * How fast can Accord read a shop within Shopify's cost limits? Seeds the simulator, then reads
 * customers and orders through the connector against a 1000-point bucket restoring 50/s, on a
 * virtual clock shared by the bucket and the connector (waits advance it instead of sleeping), so
 * the figures are the shop's limits, not this machine's speed. Wall time is reported apart.
 *
 *   npm run bench -- shopify
 */
import { startShopifySimulator } from '../sandbox/shopify/shopify-simulator.ts';
import { ShopifyConnector } from '../src/connectors/shopify/shopify-connector.ts';

const CUSTOMERS = 3000;
const ORDERS = 300;

const clock = { t: 0 };
const sim = await startShopifySimulator({
  bucket: { maximumAvailable: 1000, restoreRate: 50, now: () => clock.t },
});
for (let n = 0; n < CUSTOMERS; n++)
  sim.store.createCustomer({ email: `bench${n}@example.test`, firstName: 'Bench' });
for (let n = 0; n < ORDERS; n++) {
  sim.book.create({
    email: `buyer${n}@example.test`,
    lines: [
      { title: 'Mug', quantity: 2, unitPrice: '12.50', taxRate: '0.08' },
      { title: 'Tea', quantity: 1, unitPrice: '7.25', taxRate: '0.08' },
    ],
    shipping: { title: 'Standard', price: '5.00' },
  });
}

async function measure(objectType: string, expected: number) {
  const connector = new ShopifyConnector({
    storeDomain: sim.storeDomain,
    accessToken: sim.accessToken,
    baseUrl: sim.url,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
    },
  });
  const start = clock.t;
  const wallStart = performance.now();
  let count = 0;
  for await (const page of connector.readChanges({ objectType })) count += page.length;
  if (count !== expected) throw new Error(`read ${count} ${objectType}s, expected ${expected}`);
  const virtualSeconds = (clock.t - start) / 1000;
  const stats = connector.stats();
  return {
    records: count,
    requests: stats.requests,
    throttled: stats.rateLimited,
    shopSeconds: Number(virtualSeconds.toFixed(1)),
    recordsPerShopSecond: Number((count / Math.max(virtualSeconds, 0.001)).toFixed(1)),
    wallMs: Math.round(performance.now() - wallStart),
  };
}

const customers = await measure('customer', CUSTOMERS);
const orders = await measure('order', ORDERS);
await sim.close();

console.log(
  `customers: ${customers.records} in ${customers.requests} requests, ${customers.shopSeconds} s of bucket time (${customers.recordsPerShopSecond}/s), throttled ${customers.throttled}, wall ${customers.wallMs} ms`,
);
console.log(
  `orders:    ${orders.records} in ${orders.requests} requests, ${orders.shopSeconds} s of bucket time (${orders.recordsPerShopSecond}/s), throttled ${orders.throttled}, wall ${orders.wallMs} ms`,
);
console.log(JSON.stringify({ bench: 'shopify', customers, orders }));
