import { describe, expect, it } from 'vitest';
import { toError, ValidationRejected } from '../../model/errors.ts';
import { CurrencyCodes } from './currency-codes.ts';
import { writeReferences } from './write-references.ts';

/** The account's currency table as SuiteQL returns it. */
const ctx = () => {
  let queries = 0;
  const currencies = new CurrencyCodes('netsuite', async () => {
    queries += 1;
    return [
      { id: 1, symbol: 'USD' },
      { id: '7', symbol: 'KWD' },
    ];
  });
  return { ctx: { system: 'netsuite', recordId: 'eid:stripe:pi_1', currencies }, queries: () => queries };
};

describe('writeReferences', () => {
  it('writes a currency by id from its ISO code, reading the currency table once', async () => {
    const { ctx: c, queries } = ctx();
    expect(await writeReferences({ currency: { symbol: 'kwd' }, payment: '1.25' }, c)).toEqual({
      currency: { id: '7' },
      payment: '1.25',
    });
    expect(await writeReferences({ currency: { symbol: 'USD' } }, c)).toEqual({ currency: { id: '1' } });
    expect(queries()).toBe(1);
  });

  it('keeps the id or external id of a reference read back with its name, and clears a null one', async () => {
    const { ctx: c } = ctx();
    expect(
      await writeReferences(
        {
          subsidiary: { id: '2', refName: 'Accord Goods GmbH (DE)' },
          customer: { externalId: 'shopify:42', refName: 'Ada' },
          entity: { id: null },
          defaultAddress: { addr1: '1 Main St', city: 'Reno' },
        },
        c,
      ),
    ).toEqual({
      subsidiary: { id: '2' },
      customer: { externalId: 'shopify:42' },
      entity: null,
      defaultAddress: { addr1: '1 Main St', city: 'Reno' },
    });
  });

  it('walks sublist lines', async () => {
    const { ctx: c } = ctx();
    const out = await writeReferences(
      { apply: { items: [{ doc: { id: '9', refName: 'INV9' }, amount: '5' }] } },
      c,
    );
    expect(out).toEqual({ apply: { items: [{ doc: { id: '9' }, amount: '5' }] } });
  });

  it('refuses a name-only reference and an unknown currency, naming the field and the value', async () => {
    const { ctx: c } = ctx();
    const byName = await writeReferences({ custbody_acme_stripe_status: { refName: 'Captured' } }, c).catch(
      (e: unknown) => toError(e),
    );
    expect(byName).toBeInstanceOf(ValidationRejected);
    expect((byName as Error).message).toMatch(
      /custbody_acme_stripe_status.*"Captured".*custbody_acme_stripe_status\.id/,
    );
    const unknown = await writeReferences({ currency: { symbol: 'XAU' } }, c).catch((e: unknown) =>
      toError(e),
    );
    expect(unknown).toBeInstanceOf(ValidationRejected);
    expect((unknown as Error).message).toMatch(/"XAU".*USD, KWD/);
  });
});
