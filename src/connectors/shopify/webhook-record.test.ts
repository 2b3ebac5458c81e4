import { describe, expect, it } from 'vitest';
import { graphqlDecimal, restToRecord } from './webhook-record.ts';

describe('webhook REST bodies as polling-shaped records', () => {
  it('converts a customer: gid id, camelCase, tags list, upper-case state, UTC times', () => {
    const { objectType, record } = restToRecord(
      'customers/update',
      {
        id: 7100000000001,
        admin_graphql_api_id: 'gid://shopify/Customer/7100000000001',
        email: null,
        first_name: 'Grace',
        last_name: 'Hopper',
        phone: '+14155550100',
        tags: 'vip, b2b',
        state: 'disabled',
        verified_email: false,
        created_at: '2026-11-28T08:00:00-05:00',
        updated_at: '2026-11-28T09:00:05-05:00',
      },
      '2026-11-28T14:00:06.000Z',
    );
    expect(objectType).toBe('customer');
    expect(record).toMatchObject({
      id: 'gid://shopify/Customer/7100000000001',
      modifiedAt: '2026-11-28T14:00:05.000Z',
      fields: {
        email: null,
        firstName: 'Grace',
        tags: ['vip', 'b2b'],
        state: 'DISABLED',
        updatedAt: '2026-11-28T14:00:05Z',
        legacyResourceId: '7100000000001',
      },
    });
  });

  it('marks a delete as a tombstone at the trigger time', () => {
    const { record } = restToRecord('customers/delete', { id: 42 }, '2026-11-28T14:00:06.000Z');
    expect(record).toEqual({
      objectType: 'customer',
      id: 'gid://shopify/Customer/42',
      modifiedAt: '2026-11-28T14:00:06.000Z',
      fields: { id: 'gid://shopify/Customer/42' },
      deleted: true,
    });
  });

  it('maps order statuses and a deleted product on a line', () => {
    const { record } = restToRecord(
      'orders/updated',
      {
        id: 5,
        admin_graphql_api_id: 'gid://shopify/Order/5',
        currency: 'JPY',
        financial_status: 'partially_refunded',
        fulfillment_status: 'partial',
        total_price: '3960',
        updated_at: '2026-11-28T23:00:00+09:00',
        line_items: [
          {
            admin_graphql_api_id: 'gid://shopify/LineItem/9',
            product_id: 8,
            variant_id: 4,
            product_exists: false,
            price: '1200',
            quantity: 3,
          },
        ],
      },
      '2026-11-28T14:00:06.000Z',
    );
    expect(record.fields).toMatchObject({
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
      totalPriceSet: { shopMoney: { amount: '3960.0', currencyCode: 'JPY' } },
      lineItems: {
        nodes: [
          {
            product: null,
            variant: null,
            originalUnitPriceSet: { shopMoney: { amount: '1200.0', currencyCode: 'JPY' } },
          },
        ],
      },
    });
    expect(record.modifiedAt).toBe('2026-11-28T14:00:00.000Z');
  });

  it('writes REST money as GraphQL Decimal text', () => {
    expect(graphqlDecimal('10.00')).toBe('10.0');
    expect(graphqlDecimal('1.235')).toBe('1.235');
    expect(graphqlDecimal('0.50')).toBe('0.5');
    expect(graphqlDecimal('1200')).toBe('1200.0');
    expect(graphqlDecimal('12,00')).toBeNull();
  });
});
