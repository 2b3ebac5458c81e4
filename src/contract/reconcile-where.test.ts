import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONTRACT } from '../demo/run-demo.ts';
import { parseContract } from './index.ts';

/** The example contract with orders-daily's `where` replaced. */
async function withWhere(where: string) {
  const example = await readFile(EXAMPLE_CONTRACT, 'utf8');
  const text = example.replace(/^ {4}where: .*$/m, `    where: ${where}`);
  expect(text).not.toBe(example);
  return parseContract(text, 'accord.yaml');
}

describe('a reconciliation rule scoped by where', () => {
  it('keeps the scope: system → canonical field → values', async () => {
    const parsed = await withWhere('{ netsuite: { subsidiary: ["1", "5"] } }');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    expect(parsed.contract.reconciliation['orders-daily']?.where).toEqual({
      netsuite: { subsidiary: ['1', '5'] },
    });
    expect(parsed.contract.reconciliation['payments-daily']?.where).toEqual({});
  });

  it('refuses a system not of the flow, and a field the system does not map, saying where', async () => {
    const system = await withWhere('{ stripe: { subsidiary: ["1"] } }');
    expect(system.ok).toBe(false);
    if (!system.ok) expect(system.errors.map((e) => e.message).join('\n')).toMatch(/stripe/);
    const field = await withWhere('{ shopify: { subsidiary: ["1"] } }');
    expect(field.ok).toBe(false);
    if (!field.ok) {
      expect(field.errors.map((e) => e.message).join('\n')).toMatch(
        /scopes shopify by subsidiary, which the salesOrder mapping for shopify does not map/,
      );
    }
  });
});
