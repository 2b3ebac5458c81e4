#!/usr/bin/env node
// The `accord` command. The source is TypeScript run through tsx, so a clean `npm ci` needs no
// build step before `npx accord …` works.
import { fileURLToPath } from 'node:url';
import { rerunTuned } from './young-generation.mjs';

const args = process.argv.slice(2);
// `accord reconcile` runs with a larger young generation (see young-generation.mjs).
const rerun = args[0] === 'reconcile' ? await rerunTuned(fileURLToPath(import.meta.url), args) : undefined;
if (rerun !== undefined) process.exitCode = rerun;
else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(args);
}
