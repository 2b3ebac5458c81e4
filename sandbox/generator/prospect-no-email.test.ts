import { describe, expect, it } from 'vitest';
import { generateBusiness } from './business.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read vendor JSON by path
type Json = Record<string, any>;

describe('the CRM prospect with no email', () => {
  it('is a Salesforce contact with a phone and no email, in no other system, listed as an awkward case', () => {
    const business = generateBusiness({ seed: 7, scale: 2000, scenario: 'full' });
    const truth = (business.records('truth/customers') as Json[]).filter((c) =>
      c.cases.includes('prospectNoEmail'),
    );
    expect(truth).toHaveLength(1);
    const [prospect] = truth;
    const contact = (business.records('salesforce/Contact') as Json[]).find(
      (c) => c.Id === prospect?.ids.salesforceContact,
    );
    expect(contact).toMatchObject({ Email: null, IsDeleted: false });
    expect(contact?.Phone).toMatch(/\d/);
    expect(prospect?.ids.netsuite).toBeUndefined();
    expect(prospect?.ids.shopify).toBeUndefined();
    expect(business.manifest.awkwardCases.filter((a) => a.case === 'prospectNoEmail')).toHaveLength(1);
  });

  it('is absent without its dial', () => {
    const business = generateBusiness({ seed: 7, scale: 2000, scenario: 'planted' });
    const truth = business.records('truth/customers') as Json[];
    expect(truth.some((c) => c.cases.includes('prospectNoEmail'))).toBe(false);
  });
});
