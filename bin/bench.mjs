#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.bench.ts. Benchmarks print their figures and end
// with one JSON line of them; they are never part of `npm test`.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { rerunTuned } from './young-generation.mjs';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const name = process.argv[2];
if (!name || !existsSync(join(benchDir, `${name}.bench.ts`))) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}
// The reconcile bench measures what `accord reconcile` runs: the same larger young generation.
const rerun =
  name === 'reconcile' ? await rerunTuned(fileURLToPath(import.meta.url), process.argv.slice(2)) : undefined;
if (rerun !== undefined) process.exitCode = rerun;
else {
  register();
  await import(join(benchDir, `${name}.bench.ts`));
}
