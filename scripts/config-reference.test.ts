import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from '../src/contract/index.ts';
import { renderConfigReference } from './config-reference.ts';
import { CONFIG_REFERENCE_PATH } from './generate-config-reference.ts';

describe('configuration reference', () => {
  it('the committed docs/configuration.md is what the contract schema generates', () => {
    const committed = readFileSync(CONFIG_REFERENCE_PATH, 'utf8');
    // On failure: run `npx tsx scripts/generate-config-reference.ts` and commit the page.
    expect(committed).toBe(renderConfigReference(contractJsonSchema()));
  });

  it('lists every top-level setting and the nested settings people look up first', () => {
    const page = renderConfigReference(contractJsonSchema());
    for (const key of Object.keys((contractJsonSchema().properties ?? {}) as object)) {
      expect(page).toContain(`\`${key}`);
    }
    for (const path of [
      'systems.<name>.kind',
      'systems.<name>.limits.concurrency',
      'flows.<name>.match.onMultipleMatches',
      'entities.<name>.fields.<name>.owner',
      'reconciliation.<name>.tolerance',
    ]) {
      expect(page).toContain(`\`${path}\``);
    }
  });

  it('follows a schema change: a new setting appears with its type and description', () => {
    const schema = contractJsonSchema();
    const properties = schema.properties as Record<string, unknown>;
    const changed = {
      ...schema,
      properties: { ...properties, owners: { type: 'integer', minimum: 2, description: 'brand new' } },
    };
    const page = renderConfigReference(changed);
    expect(page).toMatch(/\| `owners` \| integer ≥ 2 \| {2}\| brand new \|/);
  });
});
