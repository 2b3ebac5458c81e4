// 7,000 of the 10,000 loader mutations. This contract parses about twice as fast as the
// Shopify one, so the two files take about the same time when vitest runs them side by side
// (~15 s each on an idle core; the yaml parser dominates).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assertLoaderSurvivesMutations } from './loader-mutations.ts';

it('never throws and locates every rejection, over 7,000 mutations of the Salesforce example', () => {
  const text = readFileSync('examples/salesforce-netsuite.yaml', 'utf8');
  const tally = assertLoaderSurvivesMutations(text, 7000);
  expect(tally.rejected).toBeGreaterThan(1000);
});
