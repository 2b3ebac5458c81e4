import { describe, expect, it } from 'vitest';
import { generateBusiness } from './business.ts';
import { deriveDisagreements, signature } from './derive-disagreements.ts';

describe('the manifest is exactly the truth', () => {
  for (const [seed, scale, scenario] of [
    [1, 6000, 'planted'],
    [2, 9000, 'full'],
    [3, 4000, 'awkward'],
    [4, 3000, 'clean'],
  ] as const) {
    it(`seed ${seed}, scale ${scale}, ${scenario}: differences re-derived from the system records == the manifest`, () => {
      const business = generateBusiness({ seed, scale, scenario });
      const derived = deriveDisagreements((p) => business.records(p), business.paths)
        .map(signature)
        .sort();
      const manifest = business.manifest.disagreements.map(signature).sort();
      const missing = manifest.filter((s) => !derived.includes(s));
      const extra = derived.filter((s) => !manifest.includes(s));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect(new Set(manifest).size).toBe(manifest.length);
      if (scenario === 'clean') expect(manifest).toEqual([]);
      else expect(manifest.length).toBeGreaterThan(0);
    });
  }

  it('counts each planted category at its dial', () => {
    const business = generateBusiness({
      seed: 9,
      scale: 5000,
      scenario: {
        base: 'planted',
        plant: {
          missingOrder: 3,
          differentTotal: 4,
          wrongStatus: 5,
          duplicateInvoice: 6,
          changedAddress: 7,
          orphanPayment: 8,
        },
      },
    });
    const count = (category: string) =>
      business.manifest.disagreements.filter((d) => d.category === category).length;
    expect([
      count('missing-record'),
      count('different-total'),
      count('wrong-status'),
      count('duplicate-invoice'),
      count('changed-address'),
      count('orphan-payment'),
    ]).toEqual([3, 4, 5, 6, 7, 8]);
    expect(business.manifest.disagreements.every((d) => d.kind === 'planted')).toBe(true);
    // Re-derived from the records too: a payment whose order no shop has.
    const derived = deriveDisagreements((p) => business.records(p), business.paths).map(signature);
    expect(derived.sort()).toEqual(business.manifest.disagreements.map(signature).sort());
  });

  it('the re-derivation is not vacuous: one altered record in a clean business is found, alone', () => {
    const business = generateBusiness({ seed: 4, scale: 3000, scenario: 'clean' });
    const so = business.records('netsuite/salesOrder')[7] as { total: string; externalId: string };
    so.total = `${so.total}1`;
    const account = business
      .records('salesforce/Account')
      .find((a) => (a as { NetSuite_Id__c: string | null }).NetSuite_Id__c) as {
      Phone: string | null;
      NetSuite_Id__c: string;
    };
    account.Phone = '+1 (000) 000-0000';
    const found = deriveDisagreements((p) => business.records(p), business.paths);
    expect(found.map((d) => `${d.entity}.${d.field}:${d.match}`).sort()).toEqual(
      [`customer.phone:${account.NetSuite_Id__c}`, `salesOrder.total:${so.externalId}`].sort(),
    );
  });
});
