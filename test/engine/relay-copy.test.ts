/**
 * A one-way copy onward from a system that is not the owner: NetSuite → warehouse for a
 * Shopify-owned order. The source relays the owner's value, so the copy receives it; the owner
 * itself is never written by such a flow, and a change made in the copy is not propagated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConnector } from '../../src/connectors/memory/memory-connector.ts';
import { flowFieldPolicies, parseContract } from '../../src/contract/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { memoryEngine } from './memory-fixture.ts';

const CONTRACT = `
accord: 1
name: relay-test
systems:
  shop: { kind: shopify, connection: { shop: t.myshopify.com, accessToken: env:T }, limits: { concurrency: 2 } }
  erp:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
    limits: { concurrency: 3 }
  wh: { kind: postgres, connection: { url: env:PG }, limits: { concurrency: 2 } }
teams:
  data: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 2, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  order:
    owner: shop
    fields:
      number: { kind: string }
      total: { kind: money }
      subsidiary: { kind: string, owner: erp }
    mappings:
      shop:
        record: Order
        id: id
        fields:
          number: name
          total: { path: total.amount, currency: total.currency }
      erp:
        record: salesOrder
        id: id
        externalId: externalId
        fields:
          number: otherRefNum
          total: { path: total, currency: currency }
          subsidiary: subsidiary
      wh:
        record: sales_orders
        id: id
        externalId: external_id
        fields:
          number: order_number
          total: { path: total, currency: total_currency }
          subsidiary: subsidiary
flows:
  orders:
    entity: order
    from: shop
    to: erp
    direction: one-way
    trigger: { schedule: every 1h }
    owner: data
    match:
      keys: [external-id]
      onNoMatch: create
      onMultipleMatches: review
  to-warehouse:
    entity: order
    from: erp
    to: wh
    direction: one-way
    trigger: { schedule: every 1h }
    owner: data
    match:
      keys: [external-id]
      onNoMatch: create
      onMultipleMatches: review
reconciliation:
  copy: { flows: [to-warehouse], schedule: "0 5 * * *", count: true }
`;

function contract() {
  const parsed = parseContract(CONTRACT, 'relay-test.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.contract;
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(): Promise<{ engine: Engine; erp: MemoryConnector; wh: MemoryConnector }> {
  const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
  const wh = new MemoryConnector({ system: 'wh', kind: 'postgres' });
  const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
  const { engine, close } = await memoryEngine(contract(), { shop, erp, wh });
  cleanup = close;
  return { engine, erp, wh };
}

describe('a one-way copy onward from a non-owner (relay)', () => {
  it('lets the source speak for an owner outside the flow, and names the real owner', () => {
    const result = flowFieldPolicies(contract(), 'to-warehouse');
    if (!result.ok) throw new Error(result.message);
    const byField = new Map(result.policies.map((p) => [p.field, p]));
    expect(byField.get('number')).toMatchObject({ owner: 'erp', relayedFor: 'shop' });
    expect(byField.get('subsidiary')).toMatchObject({ owner: 'erp' });
    expect(byField.get('subsidiary')?.relayedFor).toBeUndefined();
  });

  it('copies the owner-held values into the warehouse, and a change made in the copy is not propagated', async () => {
    const { engine, erp, wh } = await rig();
    erp.put('salesOrder', { otherRefNum: '#1001', total: '120.50', currency: 'USD', subsidiary: 'US' });
    const first = await engine.runFlow('to-warehouse', { once: true });
    expect(first.counts).toMatchObject({ captured: 1, written: 1, pending: 0 });
    const [row] = wh.records('sales_orders');
    expect(row?.fields).toMatchObject({
      order_number: '#1001',
      total: '120.5',
      total_currency: 'USD',
      subsidiary: 'US',
    });

    // Someone edits the copy: the warehouse owns nothing, so that edit is flagged, never sent back.
    wh.put('sales_orders', { order_number: '#1001-edited' }, row?.id);
    const erpWrites = erp.writes;
    erp.put('salesOrder', { total: '99.00' }, '1');
    const second = await engine.runFlow('to-warehouse', { once: true });
    expect(second.balanced).toBe(true);
    expect(erp.writes).toBe(erpWrites);
    expect(wh.records('sales_orders')[0]?.fields).toMatchObject({ total: '99' });
  });

  it("copies a record another flow has just written: that flow's baseline is not this one's", async () => {
    const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
    const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
    const wh = new MemoryConnector({ system: 'wh', kind: 'postgres' });
    const { engine, close } = await memoryEngine(contract(), { shop, erp, wh });
    cleanup = close;
    shop.put('Order', { name: '#2001', total: { amount: '75.25', currency: 'EUR' } });
    expect((await engine.runFlow('orders', { once: true })).counts.written).toBe(1);
    const copy = await engine.runFlow('to-warehouse', { once: true });
    expect(copy.counts).toMatchObject({ captured: 1, written: 1, echoes: 0, unchanged: 0 });
    expect(wh.records('sales_orders')[0]?.fields).toMatchObject({
      order_number: '#2001',
      total: '75.25',
      total_currency: 'EUR',
    });
    // Each flow keeps its own view: a second pass of either writes nothing.
    expect((await engine.runFlow('orders', { once: true })).counts.written).toBe(0);
    expect((await engine.runFlow('to-warehouse', { once: true })).counts.written).toBe(0);
  });

  it('flags an edit of the copy after the orders flow rewrote the sales order, instead of overwriting it as a first sync', async () => {
    const shop = new MemoryConnector({ system: 'shop', kind: 'shopify' });
    const erp = new MemoryConnector({ system: 'erp', kind: 'netsuite' });
    const wh = new MemoryConnector({ system: 'wh', kind: 'postgres' });
    const { engine, store, close } = await memoryEngine(contract(), { shop, erp, wh });
    cleanup = close;
    const order = shop.put('Order', { name: '#3001', total: { amount: '40.00', currency: 'USD' } });
    expect((await engine.runFlow('orders', { once: true })).counts.written).toBe(1);
    expect((await engine.runFlow('to-warehouse', { once: true })).counts.written).toBe(1);
    // Someone edits the copy's order number; then the order's total changes in Shopify and the
    // orders flow writes the sales order again, last.
    const [row] = wh.records('sales_orders');
    wh.put('sales_orders', { order_number: '#3001-edited' }, row?.id);
    shop.put('Order', { total: { amount: '45.00', currency: 'USD' } }, order.id);
    expect((await engine.runFlow('orders', { once: true })).counts.written).toBe(1);
    const whWrites = wh.writes;
    const copy = await engine.runFlow('to-warehouse', { once: true });
    expect(copy.counts).toMatchObject({ captured: 1, written: 1 });
    // The total moves; the edited number is flagged as the contract says, not overwritten.
    expect(wh.writes).toBe(whWrites + 1);
    expect(wh.records('sales_orders')[0]?.fields).toMatchObject({
      order_number: '#3001-edited',
      total: '45',
    });
    const open = await store.reviews.list({ state: 'open' });
    expect(open.map((r) => [r.flow, r.kind, r.field])).toEqual([['to-warehouse', 'conflict', 'number']]);
    // A second pass of either flow writes nothing more.
    expect((await engine.runFlow('orders', { once: true })).counts.written).toBe(0);
    expect((await engine.runFlow('to-warehouse', { once: true })).counts.written).toBe(0);
  });
});
