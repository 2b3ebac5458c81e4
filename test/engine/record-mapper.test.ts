import { describe, expect, it } from 'vitest';
import { parseContract } from '../../src/contract/index.ts';
import { sameValue, toComparable } from '../../src/engine/mapping/comparable.ts';
import { readCanonical, writeSystemFields } from '../../src/engine/mapping/record-mapper.ts';
import { Money } from '../../src/model/money.ts';

const parsed = parseContract(
  `
accord: 1
name: mapper-test
systems:
  stripe: { kind: stripe, connection: { apiKey: env:K } }
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
teams: {}
alerts: {}
entities:
  payment:
    owner: stripe
    fields:
      amount: { kind: money }
      paidOn: { kind: date }
      status: { kind: enum, values: [captured, canceled] }
      lines:
        kind: lines
        fields:
          sku: { kind: string }
          quantity: { kind: integer }
          amount: { kind: money }
    mappings:
      stripe:
        record: payment_intent
        id: id
        fields:
          amount: { path: amount_received, currency: currency, transform: minor-units }
          paidOn: { path: created, transform: [unix-seconds, date-only] }
          status: { path: status, map: { succeeded: captured, canceled: canceled } }
          lines: { path: metadata.lines, fields: { sku: sku, quantity: qty, amount: { path: amount, currency: cur } } }
      netsuite:
        record: customerPayment
        id: id
        externalId: externalId
        fields:
          amount: { path: payment, currency: currency.refName }
          paidOn: tranDate
          status: { path: custbody_status.refName, map: { Captured: captured, Canceled: canceled } }
          lines: { path: item.items, fields: { sku: item.refName, quantity: quantity, amount: amount } }
flows: {}
`,
  'mapper-test.yaml',
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const entity = parsed.contract.entities.payment!;
const names = ['amount', 'paidOn', 'status', 'lines'];

describe('record mapper', () => {
  it('reads minor units with their currency, unix seconds to a date, enums by map, and lines', () => {
    const read = readCanonical(
      {
        amount_received: 1999,
        currency: 'usd',
        created: 1764340000,
        status: 'succeeded',
        metadata: { lines: [{ sku: 'W-1', qty: 2, amount: '19.99', cur: 'USD' }] },
      },
      entity.mappings.stripe!,
      entity,
      names,
    );
    expect(read.problems).toEqual([]);
    expect(toComparable(read.values.amount)).toEqual({ amount: '19.99', currency: 'USD' });
    expect(read.values.paidOn).toBe('2025-11-28');
    expect(read.values.status).toBe('captured');
    expect(toComparable(read.values.lines)).toEqual([
      { sku: 'W-1', quantity: '2', amount: { amount: '19.99', currency: 'USD' } },
    ]);

    // …and writes them in NetSuite's shape: decimal text, the currency, the enum's NetSuite label, the sublist.
    expect(writeSystemFields(read.values, entity.mappings.netsuite!, entity)).toEqual({
      payment: '19.99',
      currency: { refName: 'USD' },
      tranDate: '2025-11-28',
      custbody_status: { refName: 'Captured' },
      item: { items: [{ item: { refName: 'W-1' }, quantity: 2, amount: '19.99' }] },
    });
  });

  it('writes money back to Stripe as integer minor units (JPY has none)', () => {
    const fields = writeSystemFields({ amount: Money.of('1999', 'JPY') }, entity.mappings.stripe!, entity);
    expect(fields).toEqual({ amount_received: 1999, currency: 'JPY' });
  });

  it('an unmapped enum value is a problem for review, never a default; bad data names the field', () => {
    const read = readCanonical(
      { status: 'requires_capture', amount_received: 'ten', currency: 'usd' },
      entity.mappings.stripe!,
      entity,
      names,
    );
    expect(read.problems).toEqual([
      expect.objectContaining({ field: 'amount', kind: 'invalid' }),
      expect.objectContaining({ field: 'status', kind: 'unknown-enum', raw: 'requires_capture' }),
    ]);
    expect(read.values.status).toBeUndefined();
  });

  it("a line field mapped to $ reads and writes a list of plain values (a shipment's tracking numbers)", () => {
    const lines = {
      path: 'trackingNumbers',
      transforms: [],
      readOnly: false,
      lines: { number: { path: '$', transforms: [], readOnly: false } },
    };
    const def = { kind: 'lines', lines: { number: { kind: 'string' } } };
    const mapping = { ...entity.mappings.stripe!, fields: { packages: { field: 'packages', ...lines } } };
    const withPackages = { ...entity, fields: { ...entity.fields, packages: def } };
    const read = readCanonical({ trackingNumbers: ['1Z1', '1Z2'] }, mapping as never, withPackages as never, [
      'packages',
    ]);
    expect(read.values.packages).toEqual([{ number: '1Z1' }, { number: '1Z2' }]);
    expect(writeSystemFields(read.values, mapping as never, withPackages as never)).toEqual({
      trackingNumbers: ['1Z1', '1Z2'],
    });
  });
});

describe('sameValue', () => {
  it('holds an empty text and no value equal (NetSuite "" = Salesforce null), nothing else', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue('', null)).toBe(true);
    expect(sameValue(null, ' ')).toBe(false);
    expect(sameValue('', 'x')).toBe(false);
    expect(sameValue(undefined, '')).toBe(false);
    expect(sameValue({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
  });
});

describe('an enum inside a line', () => {
  const lineContract = parseContract(
    `
accord: 1
name: line-enum-test
systems:
  shop: { kind: shopify, connection: { shop: a.myshopify.com, accessToken: env:T } }
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection: { consumerKey: env:A, consumerSecret: env:B, tokenId: env:C, tokenSecret: env:D }
teams: {}
alerts: {}
entities:
  salesOrder:
    owner: shop
    fields:
      lines:
        kind: lines
        fields:
          sku: { kind: string }
          category: { kind: enum, values: [bags, outdoor] }
    mappings:
      shop:
        record: Order
        id: id
        fields:
          lines: { path: lineItems.nodes, fields: { sku: sku, category: { path: product.productType, map: { Tote: bags } } } }
      netsuite:
        record: salesOrder
        id: id
        fields:
          lines: { path: item.items, fields: { sku: item.refName } }
flows: {}
`,
    'line-enum-test.yaml',
  );
  if (!lineContract.ok) throw new Error(JSON.stringify(lineContract.errors));
  const order = lineContract.contract.entities.salesOrder!;
  const shop = order.mappings.shop!;
  const record = {
    lineItems: {
      nodes: [
        { sku: 'TOT-1', product: { productType: 'Tote' } },
        { sku: 'HAM-2', product: { productType: 'Hammock' } },
      ],
    },
  };

  it('reports an unmapped value with the line it is on, and reads nothing of the lines', () => {
    const read = readCanonical(record, shop, order, ['lines']);
    expect(read.values.lines).toBeUndefined();
    expect(read.problems).toEqual([
      expect.objectContaining({ kind: 'unknown-enum', field: 'lines[2].category', raw: 'Hammock' }),
    ]);
  });

  it("reads the lines whole once a reviewer chose that line's value; an undeclared choice is asked again", () => {
    const read = readCanonical(record, shop, order, ['lines'], { 'lines[2].category': 'outdoor' });
    expect(read.problems).toEqual([]);
    expect(toComparable(read.values.lines)).toEqual([
      { sku: 'TOT-1', category: 'bags' },
      { sku: 'HAM-2', category: 'outdoor' },
    ]);
    const wrong = readCanonical(record, shop, order, ['lines'], { 'lines[2].category': 'hammocks' });
    expect(wrong.problems.map((p) => p.field)).toEqual(['lines[2].category']);
  });
});
