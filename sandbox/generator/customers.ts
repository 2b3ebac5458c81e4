/**
 * Customers, spread over the regions, with who-holds-what: most are buyers (CRM, NetSuite, their
 * region's Shopify shop and Stripe), some are CRM prospects only, some NetSuite-only accounts.
 * The customer-level awkward cases are applied here, each to distinct customers.
 *
 * @example
 *   const customers = buildCustomers(rng, 500, scenario.awkward);
 */
import { emailFor, longCompanyName, personFor } from './locales.ts';
import { PERIOD, REGIONS, type Region } from './regions.ts';
import type { Rng } from './rng.ts';
import { type AwkwardDials, dialCount } from './scenario.ts';
import type { TruthCustomer } from './truth.ts';

/** The customer-level cases, in the order they claim customers (a customer gets at most one). */
export const CUSTOMER_CASES = [
  'noEmail',
  'duplicateEmail',
  'ambiguousCrmMatch',
  'nullVsEmpty',
  'deletedRecord',
  'concurrentEdit',
  'longName',
] as const satisfies ReadonlyArray<keyof AwkwardDials>;

function regionFor(rng: Rng): Region['key'] {
  let roll = rng.int(0, 999);
  for (const region of REGIONS) {
    if (roll < region.weight) return region.key;
    roll -= region.weight;
  }
  return 'us';
}

export function buildCustomers(rng: Rng, count: number): TruthCustomer[] {
  const customers: TruthCustomer[] = [];
  for (let i = 0; i < count; i++) {
    // The first two customers of every region are buyers, so every shop and currency has orders
    // (and the region-bound cases — KWD, JPY, the UK rounding trap — always find a customer).
    const seeded = i < REGIONS.length * 2;
    const region = seeded ? REGIONS[i % REGIONS.length]!.key : regionFor(rng);
    const person = personFor(rng, region);
    const createdAt = PERIOD.start - rng.int(1, PERIOD.history / 60_000) * 60_000;
    const roll = seeded ? 50 : rng.int(0, 99);
    const crmOnly = roll < 8;
    const netSuiteOnly = roll >= 8 && roll < 12;
    customers.push({
      key: `C${String(i + 1).padStart(7, '0')}`,
      index: i,
      region,
      firstName: person.firstName,
      lastName: person.lastName,
      company: person.company,
      email: emailFor(rng, person, i + 1),
      phone: person.phone,
      address: {
        address1: person.address1,
        address2: person.address2,
        city: person.city,
        province: person.province,
        zip: person.zip,
        country: person.country,
        countryName: person.countryName,
      },
      createdAt,
      updatedAt: createdAt + rng.int(0, 90) * 86_400_000,
      inCrm: !netSuiteOnly,
      inNetSuite: !crmOnly,
      buyer: !crmOnly && !netSuiteOnly,
      cases: [],
      ids: {},
    });
  }
  return customers;
}

/**
 * Marks distinct buyers for each customer-level case (a buyer is in every system, so each case
 * shows where it should). Returns the chosen customers per case. `duplicateEmail` takes pairs.
 */
export function applyCustomerCases(
  rng: Rng,
  customers: TruthCustomer[],
  dials: AwkwardDials,
): Record<(typeof CUSTOMER_CASES)[number], TruthCustomer[]> {
  const buyers = customers.filter((c) => c.buyer);
  const wanted = CUSTOMER_CASES.map((name) => ({
    name,
    count: dialCount(dials[name], buyers.length) * (name === 'duplicateEmail' ? 2 : 1),
  }));
  const total = Math.min(
    buyers.length,
    wanted.reduce((sum, w) => sum + w.count, 0),
  );
  const chosen = rng.sample(buyers.length, total).map((i) => buyers[i]!);
  // Shuffle the chosen so cases do not cluster by index (Fisher–Yates on the seeded stream).
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  const result = Object.fromEntries(CUSTOMER_CASES.map((n) => [n, [] as TruthCustomer[]])) as Record<
    (typeof CUSTOMER_CASES)[number],
    TruthCustomer[]
  >;
  let next = 0;
  for (const { name, count } of wanted) {
    for (let k = 0; k < count && next < chosen.length; k++) {
      const customer = chosen[next++]!;
      customer.cases.push(name);
      result[name].push(customer);
    }
  }
  for (const customer of result.noEmail) customer.email = null;
  for (const customer of result.nullVsEmpty) customer.phone = null;
  for (const customer of result.longName) customer.company = longCompanyName(rng);
  const pairs = result.duplicateEmail;
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    // The second of each pair signs up again with the first's email, typed differently.
    const first = pairs[k]!;
    const second = pairs[k + 1]!;
    const email = first.email ?? `shared${k}@example.com`;
    const [local = '', domain = ''] = email.split('@');
    first.email = email;
    second.email = ` ${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}  `;
  }
  return result;
}

/**
 * CRM-only prospects with a phone and no email, appended after the other customers (so those are
 * the same with or without them). Each carries the `prospectNoEmail` case.
 */
export function prospectsWithoutEmail(rng: Rng, first: number, count: number): TruthCustomer[] {
  const prospects: TruthCustomer[] = [];
  for (let k = 0; k < count; k++) {
    const i = first + k;
    const region = regionFor(rng);
    const person = personFor(rng, region);
    const createdAt = PERIOD.end - rng.int(2, 20) * 86_400_000;
    prospects.push({
      key: `C${String(i + 1).padStart(7, '0')}`,
      index: i,
      region,
      firstName: person.firstName,
      lastName: person.lastName,
      company: person.company,
      email: null,
      phone: person.phone,
      address: {
        address1: person.address1,
        address2: person.address2,
        city: person.city,
        province: person.province,
        zip: person.zip,
        country: person.country,
        countryName: person.countryName,
      },
      createdAt,
      updatedAt: createdAt,
      inCrm: true,
      inNetSuite: false,
      buyer: false,
      cases: ['prospectNoEmail'],
      ids: {},
    });
  }
  return prospects;
}
