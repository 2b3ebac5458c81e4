// 3,000 of the 10,000 loader mutations; see loader-mutations-salesforce.test.ts for the split
// and the timing.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assertLoaderSurvivesMutations, mutationRuns } from './loader-mutations.ts';

const runs = mutationRuns(0.3);

it(`never throws and locates every rejection, over ${runs} mutations of the Shopify+Stripe example`, () => {
  const text = readFileSync('examples/shopify-stripe-netsuite.yaml', 'utf8');
  const tally = assertLoaderSurvivesMutations(text, runs);
  expect(tally.rejected).toBeGreaterThan(runs / 7);
}, 300_000);
