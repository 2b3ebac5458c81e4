import { describe, expect, it } from 'vitest';
import { generateBusiness } from './business.ts';
import { NEW_PRODUCT_TYPE, PRODUCT_TYPES } from './product-types.ts';
import { REGIONS } from './regions.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read vendor JSON by path
type Json = Record<string, any>;

describe('the new product category plant', () => {
  const business = generateBusiness({ seed: 7, scale: 3000, scenario: 'planted' });
  const all = (path: string) => business.records(path) as Json[];
  const products = REGIONS.flatMap((r) => all(`shopify/${r.shop.handle}/products`));

  it('every product has a product type; only the planted one has no NetSuite category', () => {
    const types = new Set(products.map((p) => p.productType));
    expect([...types].filter((t) => !(t in PRODUCT_TYPES))).toEqual([NEW_PRODUCT_TYPE]);
    expect(products.filter((p) => p.productType === NEW_PRODUCT_TYPE)).toHaveLength(REGIONS.length);
  });

  it('one US order sells it, is not in NetSuite, and is in the manifest as planted', () => {
    const planted = business.manifest.disagreements.filter((d) => d.category === 'new-product-category');
    expect(planted).toHaveLength(1);
    const [entry] = planted;
    expect(entry).toMatchObject({ kind: 'planted', entity: 'salesOrder', field: 'exists' });
    const order = all('shopify/accord-goods-us/orders').find((o) => o.id === entry?.keys.shopify);
    const hammock = products.find((p) => p.productType === NEW_PRODUCT_TYPE);
    expect(order?.lineItems.nodes.map((l: Json) => l.sku)).toEqual([hammock?.variants.nodes[0].sku]);
    expect(all('netsuite/salesOrder').some((so) => so.externalId === entry?.keys.match)).toBe(false);
  });

  it("books every NetSuite sales order line under its product type's category", () => {
    const typeBySku = new Map(products.map((p) => [p.variants.nodes[0].sku, p.productType as string]));
    const lines = all('netsuite/salesOrder').flatMap((so) => so.item.items as Json[]);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const type = typeBySku.get(line.item.refName);
      expect(line.custcol_acme_product_category?.refName, line.item.refName).toBe(PRODUCT_TYPES[type ?? '']);
    }
  });

  it('is absent from a clean business', () => {
    const clean = generateBusiness({ seed: 7, scale: 3000, scenario: 'clean' });
    const cleanProducts = REGIONS.flatMap(
      (r) => clean.records(`shopify/${r.shop.handle}/products`) as Json[],
    );
    expect(cleanProducts.some((p) => p.productType === NEW_PRODUCT_TYPE)).toBe(false);
  });
});
