#!/usr/bin/env node
// The `accord` command. The source is TypeScript run through tsx, so a clean `npm ci` needs no
// build step before `npx accord …` works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
