// 3,000 of the 10,000 loader mutations; see loader-mutations-salesforce.test.ts for the split.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { assertLoaderSurvivesMutations } from './loader-mutations.ts';

it('never throws and locates every rejection, over 3,000 mutations of the Shopify+Stripe example', () => {
  const text = readFileSync('examples/shopify-stripe-netsuite.yaml', 'utf8');
  const tally = assertLoaderSurvivesMutations(text, 3000);
  expect(tally.rejected).toBeGreaterThan(500);
});
