/**
 * Scenarios: named presets of dials. Every awkward case and every planted disagreement has a
 * dial — an absolute count, or a rate of the eligible records (`{ rate: 0.001, min: 1 }`), so one
 * scenario works at 200 records and at a million.
 *
 * @example
 *   generateBusiness({ seed: 1, scale: 5000, scenario: 'awkward' });
 *   generateBusiness({ seed: 1, scale: 5000, scenario: { base: 'planted', plant: { missingOrder: 9 } } });
 */

export type Dial = number | { rate: number; min?: number };

export interface AwkwardDials {
  /** Customers with no email anywhere (null in the CRM and Shopify, empty in NetSuite). */
  noEmail: Dial;
  /** Pairs of distinct customers sharing an email that differs only in case and whitespace. */
  duplicateEmail: Dial;
  /** NetSuite customers (no external id) matched by email by two Salesforce accounts. */
  ambiguousCrmMatch: Dial;
  /** Orders partly refunded (Shopify refund, Stripe refund, NetSuite credit memo). */
  partialRefund: Dial;
  /** Stripe authorisations never captured while NetSuite records the invoice as paid. */
  uncapturedMarkedPaid: Dial;
  /** Items made inactive in NetSuite while Shopify still sells them, with an order not yet synced. */
  discontinuedMidSync: Dial;
  /** KWD orders whose total has a third decimal NetSuite cannot hold (paid by bank, not Stripe). */
  kwdThirdDecimal: Dial;
  /** JPY orders whose tax falls on half a yen, rounded to whole yen. */
  jpyNoDecimals: Dial;
  /** Orders of three lines at 33.33 plus 20% tax: per-line tax 20.01, on the total 20.00. */
  roundingTrap: Dial;
  /** Customers with a field null in one system and "" in another. */
  nullVsEmpty: Dial;
  /** Customers deleted in Salesforce (IsDeleted, in the recycle bin) but alive in NetSuite. */
  deletedRecord: Dial;
  /** Orders whose NetSuite timestamps run minutes behind Shopify's (a skewed clock). */
  clockSkew: Dial;
  /** Customers whose phone was edited in Salesforce and NetSuite within seconds, differently. */
  concurrentEdit: Dial;
  /** Customers with a company name over 200 characters (NetSuite keeps its first 83). */
  longName: Dial;
  /**
   * CRM prospects with a phone and no email (a lead a sales rep typed in): a NetSuite account
   * that makes email mandatory refuses them as customers.
   */
  prospectNoEmail: Dial;
}

export interface PlantDials {
  /** Shopify orders with no NetSuite sales order. */
  missingOrder: Dial;
  /** NetSuite sales orders (and invoices) whose total differs from Shopify's. */
  differentTotal: Dial;
  /** Shopify orders whose financial status contradicts the Stripe payment. */
  wrongStatus: Dial;
  /** Sales orders invoiced twice in NetSuite. */
  duplicateInvoice: Dial;
  /** Customers whose NetSuite billing address differs from Salesforce's. */
  changedAddress: Dial;
  /** Items whose available quantity in the US shop differs from NetSuite's (a count not pushed). */
  stockDrift?: Dial;
  /** Items NetSuite stocks at the US shop's location that the shop does not stock there. */
  unstockedInShop?: Dial;
  /** Stripe payments for a Shopify order that does not exist (a payment with no order); off by default. */
  orphanPayment: Dial;
  /**
   * Products of a type Shopify started selling this week that no NetSuite category (and no enum
   * map) covers yet, each with one US order not yet in NetSuite: the sync must park that order.
   */
  newProductCategory: Dial;
}

export interface Scenario {
  name: string;
  description: string;
  awkward: AwkwardDials;
  plant: PlantDials;
  /** Weight of each of the last three days of a month relative to an ordinary day. */
  monthEndWeight: number;
}

export type ScenarioName = 'clean' | 'month-end' | 'awkward' | 'planted' | 'full';

/** A preset name, a whole scenario, or a preset with some dials overridden. */
export type ScenarioInput =
  | ScenarioName
  | Scenario
  | {
      base: ScenarioName;
      awkward?: Partial<AwkwardDials>;
      plant?: Partial<PlantDials>;
      monthEndWeight?: number;
    };

const NO_AWKWARD: AwkwardDials = {
  noEmail: 0,
  duplicateEmail: 0,
  ambiguousCrmMatch: 0,
  partialRefund: 0,
  uncapturedMarkedPaid: 0,
  discontinuedMidSync: 0,
  kwdThirdDecimal: 0,
  jpyNoDecimals: 0,
  roundingTrap: 0,
  nullVsEmpty: 0,
  deletedRecord: 0,
  clockSkew: 0,
  concurrentEdit: 0,
  longName: 0,
  prospectNoEmail: 0,
};

const SOME_AWKWARD: AwkwardDials = {
  noEmail: { rate: 0.01, min: 2 },
  duplicateEmail: { rate: 0.002, min: 2 },
  ambiguousCrmMatch: { rate: 0.001, min: 2 },
  partialRefund: { rate: 0.02, min: 3 },
  uncapturedMarkedPaid: { rate: 0.0005, min: 2 },
  discontinuedMidSync: 2,
  kwdThirdDecimal: { rate: 0.0005, min: 2 },
  jpyNoDecimals: { rate: 0.001, min: 2 },
  roundingTrap: { rate: 0.0005, min: 2 },
  nullVsEmpty: { rate: 0.005, min: 2 },
  deletedRecord: { rate: 0.001, min: 2 },
  clockSkew: { rate: 0.005, min: 2 },
  concurrentEdit: { rate: 0.001, min: 2 },
  longName: { rate: 0.001, min: 2 },
  prospectNoEmail: 1,
};

const NO_PLANTS: PlantDials = {
  missingOrder: 0,
  differentTotal: 0,
  wrongStatus: 0,
  duplicateInvoice: 0,
  changedAddress: 0,
  orphanPayment: 0,
  newProductCategory: 0,
};

/** About 1,000 plants across the categories at a million records (the reconciliation bench). */
const SOME_PLANTS: PlantDials = {
  missingOrder: { rate: 0.002, min: 2 },
  differentTotal: { rate: 0.002, min: 2 },
  wrongStatus: { rate: 0.002, min: 2 },
  duplicateInvoice: { rate: 0.002, min: 2 },
  changedAddress: { rate: 0.007, min: 2 },
  stockDrift: { rate: 0.02, min: 1 },
  unstockedInShop: { rate: 0.02, min: 1 },
  // Off unless asked for ({ plant: { orphanPayment: n } }): the sandbox's one `shopify` system is
  // one of five shops, so its payments rule cannot check a payment's order (sandbox-contract.ts).
  orphanPayment: 0,
  // One is the story (a new category arrives); it does not grow with the business.
  newProductCategory: 1,
};

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  clean: {
    name: 'clean',
    description: 'A consistent business: every system agrees, no awkward cases.',
    awkward: NO_AWKWARD,
    plant: NO_PLANTS,
    monthEndWeight: 2,
  },
  'month-end': {
    name: 'month-end',
    description: 'Consistent, with a sharp month-end peak (the last three days carry ~40% of orders).',
    awkward: NO_AWKWARD,
    plant: NO_PLANTS,
    monthEndWeight: 7,
  },
  awkward: {
    name: 'awkward',
    description: 'Every awkward case at its default dial; no planted disagreements.',
    awkward: SOME_AWKWARD,
    plant: NO_PLANTS,
    monthEndWeight: 2,
  },
  planted: {
    name: 'planted',
    description: 'Planted disagreements in every category; no awkward cases.',
    awkward: NO_AWKWARD,
    plant: SOME_PLANTS,
    monthEndWeight: 2,
  },
  full: {
    name: 'full',
    description: 'Awkward cases and planted disagreements together, with a month-end peak.',
    awkward: SOME_AWKWARD,
    plant: SOME_PLANTS,
    monthEndWeight: 4,
  },
};

export function resolveScenario(input: ScenarioInput | undefined): Scenario {
  if (input === undefined) return SCENARIOS.full;
  if (typeof input === 'string') {
    const preset = SCENARIOS[input];
    if (!preset) {
      throw new Error(`unknown scenario "${input}"; use one of ${Object.keys(SCENARIOS).join(', ')}`);
    }
    return preset;
  }
  if ('base' in input) {
    const base = resolveScenario(input.base);
    return {
      ...base,
      name: `${base.name}+custom`,
      awkward: { ...base.awkward, ...input.awkward },
      plant: { ...base.plant, ...input.plant },
      monthEndWeight: input.monthEndWeight ?? base.monthEndWeight,
    };
  }
  return input;
}

/** The count a dial asks for among `eligible` records (never more than there are). */
export function dialCount(dial: Dial, eligible: number): number {
  const wanted = typeof dial === 'number' ? dial : Math.max(dial.min ?? 0, Math.round(dial.rate * eligible));
  if (!Number.isInteger(wanted) || wanted < 0)
    throw new Error(`a dial must be a whole count ≥ 0, got ${wanted}`);
  return Math.min(wanted, eligible);
}
