/**
 * The manifest: every disagreement between systems that the generated business contains — the
 * planted ones and the awkward cases that are disagreements by nature (a KWD third decimal lost
 * in NetSuite, an uncaptured authorisation recorded as paid) — plus where each awkward case lives.
 * It is exactly the truth: re-deriving the differences from the per-system records finds these
 * and nothing else (tested).
 *
 * Each disagreement is one field of one entity compared across two systems, keyed by the ids on
 * both sides and the match key a reconciliation would use.
 */

export type DisagreementCategory =
  | 'missing-record'
  | 'different-total'
  | 'wrong-status'
  | 'duplicate-invoice'
  | 'changed-address'
  | 'uncaptured-marked-paid'
  | 'discontinued-mid-sync'
  | 'precision-loss'
  | 'rounding'
  | 'deleted-record'
  | 'concurrent-edit'
  | 'orphan-payment'
  | 'new-product-category'
  | 'different-quantity'
  | 'unstocked-level';

export type ManifestValue = string | number | boolean | null;

export interface Disagreement {
  id: string;
  /** `planted` by a scenario dial, or inherent in an `awkward` case. */
  kind: 'planted' | 'awkward';
  category: DisagreementCategory;
  /** The two systems compared, e.g. `['shopify', 'netsuite']`. */
  systems: [string, string];
  /** `salesOrder`, `invoice`, `payment`, `order`, `customer`, `item`. */
  entity: string;
  /** The record's id in each system that has it, plus `match`: the key the systems share. */
  keys: Record<string, string> & { match: string };
  field: string;
  /** The field's value in each of the two systems. */
  values: Record<string, ManifestValue>;
  description: string;
}

export interface AwkwardCaseEntry {
  case: string;
  entity: string;
  keys: Record<string, string>;
  detail: string;
}

export interface Manifest {
  seed: number;
  scale: number;
  scenario: string;
  /**
   * How the fields were compared when deciding what is a disagreement: emails trimmed and
   * lower-cased, null and "" equal, amounts as exact decimals (Shopify/Stripe against NetSuite).
   */
  comparison: string;
  disagreements: Disagreement[];
  awkwardCases: AwkwardCaseEntry[];
}

export const COMPARISON_RULES =
  'customers: Salesforce Account (NetSuite_Id__c) vs NetSuite customer on deleted, phone, address1, email ' +
  '(null = "", emails trimmed and lower-cased); orders: Shopify order vs NetSuite salesOrder (externalId ' +
  '<shop system>:<order gid>, as the engine writes it) on existence and total (exact decimal), invoices per sales order, Stripe ' +
  'amount_received vs NetSuite customerPayment.payment, Shopify displayFinancialStatus vs the status the Stripe ' +
  "payment implies, and every Stripe payment intent's metadata.shopify_order_id names an existing Shopify order; items: NetSuite inventoryItem vs each shop's product (by SKU) on active; inventory: " +
  "NetSuite InventoryBalance (summed per item and location) vs each shop's inventory level (by SKU and " +
  'location name) on existence and available.';

/** Collects manifest entries in generation order and numbers them. */
export class ManifestBuilder {
  private readonly disagreements: Disagreement[] = [];
  private readonly awkward: AwkwardCaseEntry[] = [];

  disagree(entry: Omit<Disagreement, 'id'>): void {
    this.disagreements.push({ id: `D${String(this.disagreements.length + 1).padStart(6, '0')}`, ...entry });
  }

  awkwardCase(entry: AwkwardCaseEntry): void {
    this.awkward.push(entry);
  }

  build(seed: number, scale: number, scenario: string): Manifest {
    return {
      seed,
      scale,
      scenario,
      comparison: COMPARISON_RULES,
      disagreements: this.disagreements,
      awkwardCases: this.awkward,
    };
  }
}
