import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/index.ts';
import { buildRecordTypes } from '../../netsuite/record-types.ts';
import { ACME_CUSTOM_FIELDS } from './netsuite-custom-fields.ts';

describe("the sandbox NetSuite account's custom fields", () => {
  it('holds every custom field the example contract maps, on its record type, with every label its enum maps name', async () => {
    const loaded = await loadContract('examples/shopify-stripe-netsuite.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const types = buildRecordTypes(ACME_CUSTOM_FIELDS);
    const mapped: string[] = [];
    for (const entity of Object.values(loaded.contract.entities)) {
      const mapping = entity.mappings.netsuite;
      if (!mapping) continue;
      // Header fields, and line fields inside a sublist (`item.items` → the `item` sublist).
      const fields = Object.values(mapping.fields).flatMap((field) => [
        { field, sublist: undefined as string | undefined },
        ...Object.values(field.lines ?? {}).map((line) => ({
          field: line,
          sublist: field.path.split('.')[0],
        })),
      ]);
      for (const { field, sublist } of fields) {
        const [id] = field.path.split('.');
        if (!id || !/^cust(entity|body|col|item|record)_/.test(id)) continue;
        mapped.push(id);
        const type = types.get(mapping.record);
        const def = sublist ? type?.sublists[sublist]?.fields[id] : type?.fields[id];
        expect(def, `${mapping.record}.${id} (${entity.name}.${field.field})`).toBeDefined();
        if (field.enumMap) {
          // Mapped by the list value's internal id (`.id`) or by its label (`.refName`).
          const byId = field.path.endsWith('.id');
          const listed = byId ? Object.keys(def?.values ?? {}) : Object.values(def?.values ?? {});
          expect(listed.sort(), `${mapping.record}.${id} ${byId ? 'ids' : 'labels'}`).toEqual(
            expect.arrayContaining(Object.keys(field.enumMap)),
          );
        }
      }
    }
    // The list above is not empty, and nothing configured is unused by the contract.
    expect(new Set(mapped)).toEqual(new Set(Object.keys(ACME_CUSTOM_FIELDS)));
  });
});
