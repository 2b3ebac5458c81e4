import { describe, expect, it } from 'vitest';
import { generateBusiness } from './business.ts';
import { isMonthEnd } from './order-schedule.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read vendor JSON by path
type Json = Record<string, any>;

const clean = generateBusiness({ seed: 41, scale: 30_000, scenario: 'clean' });
const truth = (b: typeof clean, path: string) => b.records(path) as Json[];

describe('realistic shapes', () => {
  it('a few customers place most orders (Zipf): the top 10% of buyers place over half', () => {
    const perCustomer = new Map<string, number>();
    for (const o of truth(clean, 'truth/orders'))
      perCustomer.set(o.customerKey, (perCustomer.get(o.customerKey) ?? 0) + 1);
    const buyers = truth(clean, 'truth/customers').filter((c) => c.buyer).length;
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(buyers / 10)).reduce((a, b) => a + b, 0);
    expect(top / truth(clean, 'truth/orders').length).toBeGreaterThan(0.5);
    expect(counts.at(-1)).toBeLessThan(counts[0]! / 20);
  });

  it('peaks at month-end, sharply in the month-end scenario', () => {
    const share = (b: typeof clean) => {
      const orders = truth(b, 'truth/orders');
      return orders.filter((o) => isMonthEnd(Date.parse(o.createdAt))).length / orders.length;
    };
    const monthEnd = generateBusiness({ seed: 41, scale: 30_000, scenario: 'month-end' });
    // The last three days are ~10% of the calendar.
    expect(share(clean)).toBeGreaterThan(0.15);
    expect(share(monthEnd)).toBeGreaterThan(0.35);
  });

  it('changes the catalogue with the seasons: items introduced and discontinued, archived in Shopify', () => {
    const items = truth(clean, 'truth/items');
    const seasons = new Set(items.map((i) => i.season));
    expect([...seasons].sort()).toEqual(['autumn', 'core', 'spring', 'summer', 'winter']);
    const discontinued = items.filter((i) => i.discontinuedAt !== null);
    expect(discontinued.length).toBeGreaterThan(3);
    const archived = new Set(
      truth(clean, 'shopify/accord-goods-eu/products')
        .filter((p) => p.status === 'ARCHIVED')
        .map((p) => p.variants.nodes[0].sku),
    );
    expect(new Set(discontinued.map((i) => i.sku))).toEqual(archived);
    // An item is only sold while on sale.
    const bySku = new Map(items.map((i) => [i.sku, i]));
    for (const o of truth(clean, 'truth/orders')) {
      for (const l of o.lines) {
        const item = bySku.get(l.sku)!;
        expect(Date.parse(o.createdAt)).toBeGreaterThanOrEqual(Date.parse(item.introducedAt));
        if (item.discontinuedAt)
          expect(Date.parse(o.createdAt)).toBeLessThan(Date.parse(item.discontinuedAt));
      }
    }
  });

  it('writes names and addresses in their own scripts, with local phone formats', () => {
    const customers = truth(clean, 'truth/customers');
    const text = customers
      .map(
        (c) =>
          `${c.firstName} ${c.lastName} ${c.address.address1} ${c.address.city} ${c.address.countryName}`,
      )
      .join('\n');
    for (const needle of [/[üöä]/, /ø/, /ł/, /Ελλάδα/, /日本/, /[\u0600-\u06ff]/])
      expect(text).toMatch(needle);
    const phones = customers.map((c) => c.phone as string);
    expect(phones.some((p) => p.startsWith('+'))).toBe(true);
    expect(phones.some((p) => /^\(?\d/.test(p))).toBe(true);
    const nsOnly = customers.filter((c) => !c.inCrm).length;
    const crmOnly = customers.filter((c) => !c.inNetSuite).length;
    expect(nsOnly).toBeGreaterThan(0);
    expect(crmOnly).toBeGreaterThan(0);
  });
});
