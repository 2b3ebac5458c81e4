import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from './json-schema.ts';

describe('contractJsonSchema', () => {
  it('describes the contract for editors', () => {
    const schema = contractJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'accord',
        'name',
        'systems',
        'entities',
        'flows',
        'reconciliation',
        'changeControl',
      ]),
    );
    expect(schema.required).toEqual(
      expect.arrayContaining(['accord', 'name', 'systems', 'entities', 'flows']),
    );
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('"netsuite"');
    expect(text).toContain('^env:[A-Z_][A-Z0-9_]*$');
  });
});
