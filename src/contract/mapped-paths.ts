import type { EntityMapping, FieldMapping } from './model.ts';

/**
 * Every system path a mapping reads, in full: the id and external id paths, each field's path
 * and currency path, and line fields joined to their sublist path (`lineItems.nodes` + `sku` →
 * `lineItems.nodes.sku`). A connector that can project (a GraphQL selection, a SuiteQL column
 * list) reads only these instead of everything it knows about the record.
 *
 * @example
 *   mappedPaths(entity.mappings.shopify!); // ['id', 'name', 'totalPriceSet.shopMoney.amount', …]
 */
export function mappedPaths(mapping: EntityMapping): string[] {
  const paths = new Set<string>([mapping.idPath]);
  if (mapping.externalIdPath) paths.add(mapping.externalIdPath);
  const add = (field: FieldMapping, prefix: string): void => {
    if (field.lines) {
      for (const line of Object.values(field.lines)) add(line, `${prefix}${field.path}.`);
      return;
    }
    paths.add(`${prefix}${field.path}`);
    if (field.currencyPath) paths.add(`${prefix}${field.currencyPath}`);
  };
  for (const field of Object.values(mapping.fields)) add(field, '');
  return [...paths];
}
