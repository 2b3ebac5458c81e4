// 7,000 of the 10,000 loader mutations. This contract parses about twice as fast as the
// Shopify one, so the two files take about the same time when vitest runs them side by side:
// ~20-25 s each on an idle core, nearly all of it inside the yaml parser (measured: the
// Shopify example alone takes ~7 ms to parse). The timeout is generous because a loaded
// machine (several test suites at once) can triple that; it is a budget, not a pass criterion.
// ACCORD_MUTATION_RUNS=<n> scales both files (n = the total) for a quick local run.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assertLoaderSurvivesMutations, mutationRuns } from './loader-mutations.ts';

const runs = mutationRuns(0.7);

it(`never throws and locates every rejection, over ${runs} mutations of the Salesforce example`, () => {
  const text = readFileSync('examples/salesforce-netsuite.yaml', 'utf8');
  const tally = assertLoaderSurvivesMutations(text, runs);
  expect(tally.rejected).toBeGreaterThan(runs / 7);
}, 300_000);
