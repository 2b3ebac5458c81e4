import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SHOPIFY_OBJECTS } from '../../src/connectors/shopify/shopify-objects.ts';
import { ADMIN_SCHEMA_SDL } from './admin-schema.ts';
import { actualCost, requestedCost } from './query-cost.ts';

const schema = buildSchema(ADMIN_SCHEMA_SDL);
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  requestedCost(schema, parse(query).definitions[0] as OperationDefinitionNode, {}, variables);

describe('calculated query cost (shopify.dev rules)', () => {
  it('charges 1 per object, 0 per scalar, 10 per mutation', () => {
    expect(cost('{ shop { name myshopifyDomain currencyCode } }')).toBe(1);
    expect(
      cost(
        'mutation { customerCreate(input: { email: "a@b.test" }) { customer { id } userErrors { message } } }',
      ),
    ).toBe(10);
  });

  it('charges a connection 2 plus first × node, nested connections multiplied', () => {
    // The documented example: 2 + 10 × (1 + 2 + 5 × 1) = 82.
    expect(
      cost(
        '{ products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }',
      ),
    ).toBe(82);
    expect(cost('query($n: Int) { customers(first: $n) { nodes { id email } } }', { n: 50 })).toBe(52);
  });

  it('costs an interface by its most expensive possible selection', () => {
    const q = `{ order(id: "gid://shopify/Order/1") { discountApplications(first: 4) { nodes {
      ... on DiscountCodeApplication { code value { ... on MoneyV2 { amount } } }
      ... on ManualDiscountApplication { title } } } } }`;
    // order 1 + connection 2 + 4 × (node 1 + value 1)
    expect(cost(q)).toBe(11);
  });

  it('charges the actual cost for the edges really returned and nothing for null objects', () => {
    const document = parse('{ customers(first: 50) { nodes { id } } customer(id: "x") { id } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(requestedCost(schema, operation, {}, {})).toBe(53);
    expect(
      actualCost(
        schema,
        operation,
        {},
        {},
        { customers: { nodes: [{ id: 'a' }, { id: 'b' }] }, customer: null },
      ),
    ).toBe(4);
  });

  it("keeps the connector's per-node cost estimates at or above the real requested cost", () => {
    for (const object of Object.values(SHOPIFY_OBJECTS)) {
      const requested = cost(
        `query($eidNamespace: String!, $eidKey: String!) { ${object.single}(id: "x") { ${object.selection} } }`,
        {
          eidNamespace: 'accord',
          eidKey: 'external_id',
        },
      );
      expect(object.nodeCost, object.name).toBeGreaterThanOrEqual(requested - 1);
    }
  });
});
