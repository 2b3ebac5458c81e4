/**
 * A record-level difference between the two systems of a reconciliation, with both sides' record
 * ids and values, so a finance user can open either record and see the disagreement.
 *
 * Categories:
 * - `missing`: in the source system, absent from the target (the sync lost it);
 * - `orphan`: in the target with nothing behind it in the source (a payment with no Stripe
 *   payment, an order with no shop order); or, from a reference check of the rule, a record
 *   pointing to a record that does not exist (a Stripe payment whose Shopify order is not there),
 *   with `field` the reference's name and `reference` what it points to;
 * - `duplicate`: one key held by two records on the same side (the double invoice);
 * - `value`: a compared field differs (money beyond the currency's tolerance);
 * - `status`: an enum differs after both sides are mapped through the contract's enum maps
 *   (authorised versus paid versus refunded);
 * - `unkeyed`: a record with no value for the match key, which can never be paired.
 *
 * @example
 *   { category: 'value', key: 'stripe:pi_1', field: 'amount',
 *     source: { system: 'stripe', id: 'pi_1', value: '10.00 USD' },
 *     target: { system: 'netsuite', id: '812', value: '10.01 USD' } }
 */
export const FINDING_CATEGORIES = ['missing', 'orphan', 'duplicate', 'value', 'status', 'unkeyed'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export interface FindingSide {
  system: string;
  /** The record's id in that system; absent when the record does not exist there. */
  id?: string | undefined;
  value?: string | null | undefined;
}

export interface ReconcileFinding {
  category: FindingCategory;
  /** The match key both sides share (absent for `unkeyed`). */
  key?: string | undefined;
  field?: string | undefined;
  source: FindingSide;
  target: FindingSide;
  /** For a reference check's orphan: the record pointed to, which does not exist. */
  reference?: { system: string; objectType: string; id: string } | undefined;
  /** The label of the group the finding counts in: its key's group (the source record's; see group-totals.ts). */
  group?: string | undefined;
  /** One sentence: what differs and by how much. */
  detail: string;
}
