/**
 * Sales order lines by SKU, against the NetSuite simulator over loopback: a line's item given by
 * its itemid (`item.itemId`, the contract's `sku: item.itemId`) is written by internal id and read
 * back with its itemid; a SKU NetSuite has no item for is refused naming the SKU; and a re-sync of
 * the lines replaces them (NetSuite appends the lines of a PATCH without `replace`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED } from '../../../sandbox/netsuite/index.ts';
import { type NetSuiteKit, startNetSuiteKit } from '../../../test/connectors/netsuite-simulator-kit.ts';
import { toError, ValidationRejected } from '../../model/errors.ts';
import type { NetSuiteConnector } from './netsuite-connector.ts';

type Line = { item?: { id?: string; itemId?: string }; quantity?: number };
const linesOf = (fields: Record<string, unknown> | undefined) =>
  ((fields?.item as { items?: Line[] } | undefined)?.items ?? []).map((l) => ({
    id: l.item?.id,
    itemId: l.item?.itemId,
    quantity: l.quantity,
  }));

describe('NetSuite connector: line items by SKU', () => {
  let kit: NetSuiteKit;
  let connector: NetSuiteConnector;
  beforeAll(async () => {
    kit = await startNetSuiteKit('netsuite-sb1');
    connector = kit.connector;
  });
  afterAll(async () => {
    await kit.close();
  });

  const order = (lines: { sku: string; quantity: number }[]) => ({
    entity: { id: SEEDED.customers.acme },
    currency: { symbol: 'USD' },
    item: { items: lines.map((l) => ({ item: { itemId: l.sku }, quantity: l.quantity })) },
  });

  it('writes each line by the internal id of the item with that itemid, reads the itemid back, and replaces lines on a re-sync', async () => {
    const written = await connector.upsert({
      objectType: 'salesOrder',
      externalId: 'shopify:gid://shopify/Order/1',
      fields: order([
        { sku: 'WIDGET-01', quantity: 2 },
        { sku: 'GADGET-02', quantity: 1 },
      ]),
      idempotencyKey: 'so-1-a',
    });
    expect(linesOf(written.record?.fields)).toEqual([
      { id: SEEDED.items.widget, itemId: 'WIDGET-01', quantity: 2 },
      { id: SEEDED.items.gadget, itemId: 'GADGET-02', quantity: 1 },
    ]);
    // The order changed in the shop: one line left, of 3. Without `replace`, NetSuite would keep
    // the two old lines and add a third.
    const updated = await connector.upsert({
      objectType: 'salesOrder',
      id: written.id,
      externalId: 'shopify:gid://shopify/Order/1',
      fields: { item: order([{ sku: 'WIDGET-01', quantity: 3 }]).item },
      idempotencyKey: 'so-1-b',
    });
    expect(linesOf(updated.record?.fields)).toEqual([
      { id: SEEDED.items.widget, itemId: 'WIDGET-01', quantity: 3 },
    ]);
    // 3 × 19.99 = 59.97, plus the US nexus's 8.25 % tax (4.95).
    expect(updated.record?.fields.total).toBe('64.92');
  });

  it('refuses a line whose SKU NetSuite has no item for, naming the SKU, before writing anything', async () => {
    const error = await connector
      .upsert({
        objectType: 'salesOrder',
        externalId: 'shopify:gid://shopify/Order/2',
        fields: order([
          { sku: 'WIDGET-01', quantity: 1 },
          { sku: 'NO-SUCH-SKU', quantity: 1 },
        ]),
        idempotencyKey: 'so-2-a',
      })
      .then(
        () => undefined,
        (e: unknown) => toError(e),
      );
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('"NO-SUCH-SKU"');
    expect(await connector.getByExternalId('salesOrder', 'shopify:gid://shopify/Order/2')).toBeUndefined();
  });

  it("explains NetSuite's refusal of an inactive item's line with the SKU and why", async () => {
    const error = await connector
      .upsert({
        objectType: 'salesOrder',
        externalId: 'shopify:gid://shopify/Order/3',
        fields: order([
          { sku: 'WIDGET-01', quantity: 1 },
          { sku: 'OLD-03', quantity: 1 },
        ]),
        idempotencyKey: 'so-3-a',
      })
      .then(
        () => undefined,
        (e: unknown) => toError(e),
      );
    expect(error).toBeInstanceOf(ValidationRejected);
    // NetSuite's own words first (an internal id), then the SKU and the cause.
    expect(error?.message).toMatch(/Invalid Field Value \d+ for the following field: item/);
    expect(error?.message).toMatch(/item "OLD-03" \(internal id \d+\) is inactive in NetSuite/);
  });
});
