import { describe, expect, it } from 'vitest';
import { diffContracts } from './diff.ts';
import { formatDiff } from './diff-format.ts';
import { contractFromFile, contractFromText, edited } from './test-contracts.ts';

const SHOPIFY = 'examples/shopify-stripe-netsuite.yaml';

describe('diffContracts', () => {
  const before = contractFromFile(SHOPIFY);

  it('finds nothing between a contract and itself', () => {
    const diff = diffContracts(before, contractFromFile(SHOPIFY));
    expect(diff.changes).toEqual([]);
    expect(diff.approvers).toEqual([]);
  });

  it('names a changed owner and the approvers change control requires', () => {
    const after = contractFromText(
      edited(SHOPIFY, [
        '      subsidiary: { kind: string, owner: netsuite }\n    mappings:\n      shopify:\n        record: Order',
        '      subsidiary: { kind: string, owner: warehouse }\n    mappings:\n      shopify:\n        record: Order',
      ]),
      'v2.yaml',
    );
    const diff = diffContracts(before, after);
    expect(diff.changes).toEqual([
      expect.objectContaining({
        kind: 'owner',
        severity: 'high',
        subject: 'salesOrder.subsidiary',
        message: 'salesOrder.subsidiary: owner changes from netsuite to warehouse',
        approvers: ['finance-systems', 'ecommerce-integrations'],
      }),
    ]);
    const text = formatDiff(diff, 'text');
    expect(text).toContain(
      'HIGH   owner  salesOrder.subsidiary: owner changes from netsuite to warehouse  [approve: finance-systems, ecommerce-integrations]',
    );
    expect(text).toContain('Approval required from: finance-systems, ecommerce-integrations');
  });

  it("reports a change in how a field's values compare", () => {
    const after = contractFromText(
      edited(SHOPIFY, ['phone: { kind: string, normalise: [digits-only] }', 'phone: { kind: string }']),
      'v2.yaml',
    );
    expect(diffContracts(before, after).changes).toEqual([
      expect.objectContaining({
        kind: 'transform',
        severity: 'medium',
        subject: 'customer.phone',
        message: 'customer.phone: compared after digits-only → (as written)',
      }),
    ]);
  });

  it('flags a change to change control itself, approved under the new rules', () => {
    const after = contractFromText(
      edited(SHOPIFY, ['    entities: [salesOrder, payment, refund]\n', '    entities: [salesOrder]\n']),
      'v2.yaml',
    );
    const diff = diffContracts(before, after);
    expect(diff.changes).toEqual([
      expect.objectContaining({
        kind: 'change-control',
        severity: 'high',
        approvers: ['ecommerce-integrations'],
      }),
    ]);
  });

  it('reports direction, key, transform, enum map and conflict changes, and added and removed flows', () => {
    const after = contractFromText(
      edited(
        SHOPIFY,
        [
          '              PARTIALLY_REFUNDED: partially-refunded\n',
          '              PARTIALLY_REFUNDED: refunded\n',
        ],
        [
          '          orderedOn: { path: createdAt, transform: date-only }',
          '          orderedOn: { path: processedAt, transform: date-only }',
        ],
        [
          '          amount: { path: amount_received, currency: currency, transform: minor-units }',
          '          amount: { path: amount_received, currency: currency }',
        ],
        [
          '      keys: [external-id, { field: orderNumber, normalise: [trim, uppercase] }]',
          '      keys: [external-id]',
        ],
        ['  refunds:\n    entity: refund', '  stripe-refunds:\n    entity: refund'],
        ['    flows: [refunds]', '    flows: [stripe-refunds]'],
      ),
      'v2.yaml',
    );
    const diff = diffContracts(before, after);
    const kinds = diff.changes.map((c) => `${c.severity} ${c.kind}: ${c.message}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'high enum-map: salesOrder.paymentStatus in shopify: "PARTIALLY_REFUNDED" maps to refunded instead of partially-refunded',
        'medium mapping: salesOrder.orderedOn in shopify now reads processedAt instead of createdAt',
        'medium transform: payment.amount in stripe: transforms ["minor-units"] → []',
        'high match-key: flow orders: match keys external-id, orderNumber(trim,uppercase) → external-id',
        'high flow-removed: flow refunds (refund stripe→netsuite) was removed: it stops syncing',
        'medium flow-added: flow stripe-refunds (refund stripe→netsuite, one-way) was added',
      ]),
    );
    // enum-map and transform changes on money entities need finance.
    expect(diff.changes.find((c) => c.kind === 'transform')?.approvers).toEqual([
      'finance-systems',
      'ecommerce-integrations',
    ]);
    expect(diff.changes[0]?.severity).toBe('high');
    expect(formatDiff(diff, 'markdown')).toContain(
      '| high | flow-removed | flow refunds (refund stripe→netsuite) was removed: it stops syncing | finance-systems, ecommerce-integrations |',
    );
    expect(JSON.parse(formatDiff(diff, 'json')).counts.high).toBeGreaterThan(0);
  });
});
