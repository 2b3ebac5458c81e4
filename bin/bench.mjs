#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.bench.ts. Benchmarks print their figures and end
// with one JSON line of them; they are never part of `npm test`.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const name = process.argv[2];
if (!name || !existsSync(join(benchDir, `${name}.bench.ts`))) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}
register();
await import(join(benchDir, `${name}.bench.ts`));
