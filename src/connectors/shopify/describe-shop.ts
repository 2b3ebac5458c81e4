import type { FieldSchema, ObjectSchema, SystemSchema } from '../connector.ts';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.ts';
import { SHOPIFY_OBJECT_ALIASES, SHOPIFY_OBJECTS } from './shopify-objects.ts';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedType {
  name: string;
  fields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

/**
 * Object types described besides the readable ones: where orders' money and refunds live. Named,
 * like the readable ones, by the lower-case alias of their GraphQL type: the names approved drift
 * snapshots already hold. Drift matches contract record names case-insensitively, so a contract's
 * `ProductVariant` finds `productVariant`.
 */
const EXTRA_TYPES: Record<string, string> = {
  lineItem: 'LineItem',
  refund: 'Refund',
  orderTransaction: 'OrderTransaction',
  inventoryLevel: 'InventoryLevel',
  productVariant: 'ProductVariant',
};

/**
 * The shop's live schema by introspection — field names, types, nullability and every enum's
 * values (`OrderDisplayFinancialStatus`, `OrderTransactionKind`…) — plus its configuration:
 * currencies and locations. Drift detection compares it with the contract: a new financial
 * status appearing in Shopify must become a review item, never a default.
 *
 * @example
 *   const schema = await describeShop(client, '2026-10');
 */
export async function describeShop(client: ShopifyGraphqlClient, apiVersion: string): Promise<SystemSchema> {
  const types = {
    ...Object.fromEntries(
      Object.entries(SHOPIFY_OBJECT_ALIASES).map(([alias, name]) => [
        alias,
        SHOPIFY_OBJECTS[name]!.graphqlType,
      ]),
    ),
    ...EXTRA_TYPES,
  };
  const aliases = Object.entries(types)
    .map(([name, type]) => `${name}: __type(name: "${type}") { name fields { name type { ${TYPE_REF} } } }`)
    .join('\n');
  const data = await client.request<Record<string, IntrospectedType | null>>(
    `query Describe { ${aliases} }`,
    {},
    { estimatedCost: 1 },
  );
  const enumNames = new Set<string>();
  for (const t of Object.values(data))
    for (const f of t?.fields ?? []) if (leaf(f.type).kind === 'ENUM') enumNames.add(leaf(f.type).name!);
  const enumQuery = [...enumNames]
    .map((n, i) => `e${i}: __type(name: "${n}") { name enumValues { name } }`)
    .join('\n');
  const enums = enumQuery
    ? await client.request<Record<string, IntrospectedType | null>>(
        `query Enums { ${enumQuery} }`,
        {},
        { estimatedCost: 1 },
      )
    : {};
  const enumValues = new Map(
    Object.values(enums)
      .filter((t): t is IntrospectedType => t !== null)
      .map((t) => [t.name, (t.enumValues ?? []).map((v) => v.name)]),
  );
  const config = await client.request<{
    shop: { currencyCode: string; enabledPresentmentCurrencies: string[] };
    locations: { nodes: { name: string }[] };
    currentAppInstallation: { accessScopes: { handle: string }[] };
  }>(
    `query Config { shop { currencyCode enabledPresentmentCurrencies } locations(first: 100) { nodes { name } }
      currentAppInstallation { accessScopes { handle } } }`,
    {},
    { estimatedCost: 104 },
  );
  const objects: ObjectSchema[] = Object.entries(types).map(([name]) => ({
    name,
    custom: false,
    fields: (data[name]?.fields ?? []).map((f): FieldSchema => {
      const named = leaf(f.type);
      const values = named.kind === 'ENUM' ? enumValues.get(named.name!) : undefined;
      return {
        name: f.name,
        type: named.name ?? named.kind,
        required: f.type.kind === 'NON_NULL',
        custom: false,
        ...(values ? { enumValues: values } : {}),
        ...(named.kind === 'OBJECT' || named.kind === 'INTERFACE' ? { references: named.name! } : {}),
      };
    }),
  }));
  return {
    kind: 'shopify',
    apiVersion,
    objects,
    configuration: {
      shopCurrency: [config.shop.currencyCode],
      presentmentCurrencies: config.shop.enabledPresentmentCurrencies,
      locations: config.locations.nodes.map((l) => l.name),
      // Without read_all_orders, orders older than 60 days are invisible to every read: a
      // contract that backfills history must require it.
      accessScopes: config.currentAppInstallation.accessScopes.map((s) => s.handle),
    },
  };
}

function leaf(type: TypeRef): TypeRef {
  return type.ofType ? leaf(type.ofType) : type;
}
