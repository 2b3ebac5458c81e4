import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONTRACT } from '../demo/run-demo.ts';
import { planReconciliation } from '../reconcile/reconcile-plan.ts';
import { parseContract } from './index.ts';

/** The example contract with customers-weekly's `key` replaced. */
async function withKey(key: string) {
  const example = await readFile(EXAMPLE_CONTRACT, 'utf8');
  const text = example.replace(/^ {4}key: email$/m, `    key: ${key}`);
  expect(text).not.toBe(example);
  return parseContract(text, 'accord.yaml');
}

describe("a reconciliation rule's key", () => {
  it("pairs records by the named match key of the flow, with the flow's normalisation", async () => {
    const parsed = parseContract(await readFile(EXAMPLE_CONTRACT, 'utf8'), 'accord.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    const plan = planReconciliation(parsed.contract, 'customers-weekly');
    expect(plan.key).toEqual({ kind: 'fields', fields: ['email'], normalise: ['trim', 'lowercase'] });
    const byExternalId = await withKey('external-id');
    if (!byExternalId.ok) throw new Error('external-id is a match key of customers');
    expect(planReconciliation(byExternalId.contract, 'customers-weekly').key).toEqual({
      kind: 'external-id',
    });
  });

  it('takes a list of fields too; a rule without a key uses the first both sides can compute', async () => {
    const parsed = await withKey('[phone]');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    expect(planReconciliation(parsed.contract, 'customers-weekly').key).toMatchObject({ fields: ['phone'] });
    expect(planReconciliation(parsed.contract, 'orders-daily').key).toEqual({ kind: 'external-id' });
  });

  it('refuses a key that is not a match key of the flow, saying where and which keys there are', async () => {
    const parsed = await withKey('lastName');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const message = parsed.errors.map((e) => `${e.message} ${e.fix ?? ''}`).join('\n');
      expect(message).toMatch(
        /customers-weekly keys by lastName, which is not a match key of flow customers/,
      );
      expect(message).toMatch(/external-id, email, phone/);
    }
  });
});
