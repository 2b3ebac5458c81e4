/**
 * Writes docs/configuration.md from the contract schema. Run it after changing
 * src/contract/schema.ts: `npx tsx scripts/generate-config-reference.ts` (add `--check` to fail
 * instead of writing when the committed page is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractJsonSchema } from '../src/contract/index.ts';
import { renderConfigReference } from './config-reference.ts';

export const CONFIG_REFERENCE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'docs',
  'configuration.md',
);

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const markdown = renderConfigReference(contractJsonSchema());
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(CONFIG_REFERENCE_PATH, 'utf8');
    } catch {
      // missing: stale by definition
    }
    if (committed !== markdown) {
      process.stderr.write(
        'docs/configuration.md is stale; run `npx tsx scripts/generate-config-reference.ts`\n',
      );
      process.exitCode = 1;
    }
  } else {
    writeFileSync(CONFIG_REFERENCE_PATH, markdown);
    process.stdout.write(`wrote ${CONFIG_REFERENCE_PATH}\n`);
  }
}
