/**
 * The custom fields Acme's NetSuite account carries for its Shopify and Stripe integration: every
 * `custentity_`/`custbody_`/`custcol_` field the example contract (`examples/shopify-stripe-netsuite.yaml`)
 * maps, with the list values whose labels the contract's enum maps name (`.refName`). Without
 * them, drift pauses the flows that map them and writes of those fields are refused.
 *
 * @example
 *   await startNetSuiteSimulator({ customFields: ACME_CUSTOM_FIELDS });
 */
import { NETSUITE_PRODUCT_CATEGORIES } from '../../generator/product-types.ts';
import type { CustomFieldConfig } from '../../netsuite/record-types.ts';

/** A custom list as NetSuite keeps one: internal ids 1, 2, … in the order given. */
function list(...labels: string[]): Record<string, string> {
  return Object.fromEntries(labels.map((label, i) => [String(i + 1), label]));
}

export const ACME_CUSTOM_FIELDS: Record<string, CustomFieldConfig> = {
  custentity_acme_marketing_consent: {
    type: 'select',
    recordTypes: ['customer'],
    values: list('Subscribed', 'Not Subscribed', 'Unsubscribed', 'Pending', 'Invalid', 'Redacted'),
  },
  custbody_acme_payment_status: {
    type: 'select',
    recordTypes: ['salesOrder'],
    values: list(
      'Pending',
      'Authorized',
      'Partially Paid',
      'Paid',
      'Partially Refunded',
      'Refunded',
      'Voided',
      'Expired',
    ),
  },
  custbody_acme_stripe_status: {
    type: 'select',
    recordTypes: ['customerPayment'],
    values: list(
      'Awaiting Method',
      'Awaiting Confirmation',
      'Awaiting Action',
      'Processing',
      'Authorized',
      'Captured',
      'Canceled',
    ),
  },
  custbody_acme_stripe_payment_intent: { type: 'text', recordTypes: ['customerPayment', 'customerRefund'] },
  custbody_acme_stripe_refund_status: {
    type: 'select',
    recordTypes: ['customerRefund'],
    values: list('Pending', 'Requires Action', 'Succeeded', 'Failed', 'Canceled'),
  },
  custbody_acme_refund_reason: {
    type: 'select',
    recordTypes: ['customerRefund'],
    values: list('Duplicate', 'Fraudulent', 'Requested By Customer', 'Expired Uncaptured', 'None'),
  },
  // A transaction column field applied to sale lines: sales orders, invoices and credit memos.
  custcol_acme_product_category: {
    type: 'select',
    recordTypes: ['salesOrder', 'invoice', 'creditMemo'],
    values: list(...NETSUITE_PRODUCT_CATEGORIES),
  },
};
