/**
 * The contract schema as JSON Schema, so an editor validates a contract as it is typed
 * (`accord schema > accord.schema.json`, then `# yaml-language-server: $schema=accord.schema.json`).
 */
import { z } from 'zod';
import { contractSchema } from './schema.ts';

/**
 * @example
 * writeFileSync('accord.schema.json', JSON.stringify(contractJsonSchema(), null, 2));
 */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(contractSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://accord.dev/schema/contract-1.json',
    title: 'Accord integration contract',
    description:
      'Systems, entities with field owners, flows, match keys, conflict and error policies, reconciliation and change control.',
  };
}
