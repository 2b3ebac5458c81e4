/**
 * Matching on a declared key is by the key as the contract normalises it, whatever the target's
 * search semantics: a Shopify customer `Shared@Example.com` is the NetSuite customer
 * `shared@example.com` (SuiteQL `=` compares case-sensitively), linked, never duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSubsidiaryScript, type SimRig, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const withEmail = (r: SimRig, email: string) =>
  r.ns.records('customer').filter((c) => String(c.email ?? '').toLowerCase() === email.toLowerCase());

describe('matching on a normalised key, through the simulators', () => {
  it('links a mixed-case Shopify email to the lowercase NetSuite customer instead of creating a duplicate', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const nsId = rig.ns.seed('customer', {
      companyName: 'Shared Ltd',
      firstName: 'Sam',
      lastName: 'Shared',
      email: 'shared@example.com',
      subsidiary: { id: '104' },
    });
    const created = rig.shop.store.createCustomer({
      email: 'Shared@Example.COM',
      firstName: 'Sam',
      lastName: 'Shared',
      phone: null,
    });
    expect(created.customer).toBeTruthy();

    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.balanced).toBe(true);
    expect(withEmail(rig, 'shared@example.com')).toHaveLength(1);
    const link = await rig.store.links.find(
      'customer',
      { system: 'shopify', id: `gid://shopify/Customer/${created.customer?.id}` },
      'netsuite',
    );
    expect(link?.matchedBy).toBe('key');
    const linkedTo = link?.a.system === 'netsuite' ? link.a.id : link?.b.id;
    expect(linkedTo).toBe(nsId);
  });

  it('links a lowercase Shopify email to a mixed-case NetSuite customer too', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const nsId = rig.ns.seed('customer', {
      companyName: 'Mixed Ltd',
      firstName: 'Mo',
      lastName: 'Mixed',
      email: 'Mixed.Case@Example.com',
      subsidiary: { id: '104' },
    });
    const created = rig.shop.store.createCustomer({
      email: 'mixed.case@example.com',
      firstName: 'Mo',
      lastName: 'Mixed',
      phone: null,
    });
    const run = await rig.engine.runFlow('customers', { once: true });
    expect(run.balanced).toBe(true);
    expect(withEmail(rig, 'mixed.case@example.com')).toHaveLength(1);
    const link = await rig.store.links.find(
      'customer',
      { system: 'shopify', id: `gid://shopify/Customer/${created.customer?.id}` },
      'netsuite',
    );
    const linkedTo = link?.a.system === 'netsuite' ? link.a.id : link?.b.id;
    expect(linkedTo).toBe(nsId);
  });
});
