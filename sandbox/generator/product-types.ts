/**
 * What kind of product each item is: Shopify's `Product.productType` (a free text the merchant
 * types; a new one needs no schema change) and the NetSuite product category Acme books it under
 * (a custom transaction column list, `custcol_acme_product_category`). The example contract maps
 * one to the other through an enum map; a product type it does not list is the "new product
 * category" case — the order selling it must wait in review, never be booked under a guess.
 *
 * @example
 *   categoryOf('Mug') // 'Drinkware'
 *   categoryOf(NEW_PRODUCT_TYPE) // null: no NetSuite category yet
 */

/** Shopify product type → NetSuite product category, for every noun of the catalogue. */
export const PRODUCT_TYPES: Readonly<Record<string, string>> = {
  Mug: 'Drinkware',
  Thermos: 'Drinkware',
  Kettle: 'Drinkware',
  Scarf: 'Apparel',
  Gloves: 'Apparel',
  Jacket: 'Apparel',
  Lantern: 'Lighting',
  Candle: 'Lighting',
  Notebook: 'Stationery',
  Backpack: 'Bags',
  Tote: 'Bags',
  Blanket: 'Home',
  Planter: 'Garden',
  Sunglasses: 'Outdoor',
  Parasol: 'Outdoor',
};

/** The NetSuite list's labels, in internal-id order (1, 2, …). */
export const NETSUITE_PRODUCT_CATEGORIES: readonly string[] = [
  'Apparel',
  'Bags',
  'Drinkware',
  'Garden',
  'Home',
  'Lighting',
  'Outdoor',
  'Stationery',
];

/** The product type introduced in Shopify that neither NetSuite nor the contract knows yet. */
export const NEW_PRODUCT_TYPE = 'Hammock';

/** The NetSuite category of a product type, or null when NetSuite has none for it. */
export function categoryOf(productType: string): string | null {
  return PRODUCT_TYPES[productType] ?? null;
}

/** The category as a NetSuite list reference `{ id, refName }` (ids follow the list's order). */
export function netSuiteCategoryRef(category: string): { id: string; refName: string } {
  const index = NETSUITE_PRODUCT_CATEGORIES.indexOf(category);
  if (index < 0) throw new Error(`"${category}" is not a NetSuite product category`);
  return { id: String(index + 1), refName: category };
}
