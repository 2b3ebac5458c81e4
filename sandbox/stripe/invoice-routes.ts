/**
 * Basic invoicing: `/v1/invoiceitems` create, `/v1/invoices` create (draft), `/finalize`
 * (open, numbered), `/pay` (paid: a captured charge with its balance transaction, or
 * `paid_out_of_band=true`), retrieve and list (by `customer`, `status`).
 */

import { type FeeSchedule, feeFor, recordBalanceTransaction } from './balance.ts';
import {
  allowOnly,
  mergeMetadata,
  oneOf,
  optionalBoolean,
  optionalString,
  requiredAmount,
  requiredCurrency,
  requiredString,
} from './param-reader.ts';
import { readRoutes } from './payment-intent-routes.ts';
import { noSuch, unexpectedState } from './stripe-api-error.ts';
import type { Route, RouteContext } from './stripe-route.ts';
import type { StripeObject } from './stripe-state.ts';

export function invoiceRoutes(fees: () => FeeSchedule): Route[] {
  let numbered = 0;
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/invoiceitems$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['customer', 'invoice', 'amount', 'currency', 'description', 'metadata']);
        const customer = customerOf(ctx);
        const currency = requiredCurrency(ctx.params);
        const amount = requiredAmount(ctx.params, 'amount', currency);
        const invoiceId = optionalString(ctx.params, 'invoice');
        const invoice = invoiceId ? ctx.state.get('invoice', invoiceId) : undefined;
        if (invoiceId && !invoice) throw noSuch('invoice', invoiceId, 'invoice');
        if (invoice && invoice.status !== 'draft') {
          throw unexpectedState(
            `Invoice ${invoice.id} is no longer a draft; items cannot be added.`,
            'invoice_not_editable',
          );
        }
        const item = ctx.state.insert({
          id: ctx.state.newId('ii', 24),
          object: 'invoiceitem',
          created: ctx.state.nowSeconds(),
          amount,
          currency,
          customer: customer.id,
          description: optionalString(ctx.params, 'description') ?? null,
          invoice: invoice?.id ?? null,
          metadata: mergeMetadata({}, ctx.params.metadata),
        });
        if (invoice) {
          if (invoice.currency !== currency) {
            throw unexpectedState(
              `Invoice ${invoice.id} is in ${invoice.currency}, not ${currency}.`,
              'invoice_not_editable',
            );
          }
          const lines = invoice.lines as { data: unknown[]; total_count: number };
          lines.data.push({
            id: item.id,
            object: 'line_item',
            amount,
            currency,
            description: item.description,
          });
          lines.total_count = lines.data.length;
          for (const field of ['subtotal', 'total', 'amount_due', 'amount_remaining']) {
            invoice[field] = (invoice[field] as number) + amount;
          }
        }
        ctx.state.emit('invoiceitem.created', item, ctx.request);
        return item;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/invoices$/,
      handle: (ctx) => {
        allowOnly(ctx.params, [
          'customer',
          'currency',
          'collection_method',
          'auto_advance',
          'description',
          'metadata',
          'days_until_due',
        ]);
        const customer = customerOf(ctx);
        const invoice = ctx.state.insert({
          id: ctx.state.newId('in', 24),
          object: 'invoice',
          created: ctx.state.nowSeconds(),
          amount_due: 0,
          amount_paid: 0,
          amount_remaining: 0,
          auto_advance: optionalBoolean(ctx.params, 'auto_advance') ?? false,
          collection_method:
            oneOf(ctx.params, 'collection_method', ['charge_automatically', 'send_invoice']) ??
            'charge_automatically',
          currency: ctx.params.currency === undefined ? 'usd' : requiredCurrency(ctx.params),
          customer: customer.id,
          customer_email: customer.email,
          description: optionalString(ctx.params, 'description') ?? null,
          lines: { object: 'list', data: [], has_more: false, total_count: 0, url: '/v1/invoices/lines' },
          livemode: false,
          metadata: mergeMetadata({}, ctx.params.metadata),
          number: null,
          paid: false,
          paid_out_of_band: false,
          status: 'draft',
          status_transitions: { finalized_at: null, paid_at: null, voided_at: null },
          subtotal: 0,
          total: 0,
        });
        ctx.state.emit('invoice.created', invoice, ctx.request);
        return invoice;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/invoices\/([^/]+)\/finalize$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['auto_advance']);
        const invoice = findInvoice(ctx);
        if (invoice.status !== 'draft') {
          throw unexpectedState(
            `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
            'invoice_not_editable',
          );
        }
        numbered += 1;
        invoice.status = 'open';
        invoice.number = `${String(invoice.id).slice(3, 11).toUpperCase()}-${String(numbered).padStart(4, '0')}`;
        (invoice.status_transitions as Record<string, unknown>).finalized_at = ctx.state.nowSeconds();
        ctx.state.emit('invoice.finalized', invoice, ctx.request, { status: 'draft' });
        return invoice;
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/invoices\/([^/]+)\/pay$/,
      handle: (ctx) => {
        allowOnly(ctx.params, ['paid_out_of_band', 'payment_method']);
        const invoice = findInvoice(ctx);
        if (invoice.status !== 'open') {
          throw unexpectedState(
            `Invoice ${invoice.id} has status ${invoice.status}; only open invoices can be paid.`,
            'invoice_not_editable',
          );
        }
        const amount = invoice.amount_due as number;
        if (!optionalBoolean(ctx.params, 'paid_out_of_band') && amount > 0) {
          const currency = invoice.currency as string;
          const charge = ctx.state.insert({
            id: ctx.state.newId('ch', 24),
            object: 'charge',
            created: ctx.state.nowSeconds(),
            amount,
            amount_captured: amount,
            amount_refunded: 0,
            balance_transaction: null,
            captured: true,
            currency,
            customer: invoice.customer,
            description: `Payment for Invoice ${invoice.number}`,
            invoice: invoice.id,
            livemode: false,
            metadata: {},
            paid: true,
            payment_intent: null,
            refunded: false,
            status: 'succeeded',
          });
          charge.balance_transaction = recordBalanceTransaction(
            ctx.state,
            {
              amount,
              currency,
              fee: feeFor(amount, currency, fees()),
              type: 'charge',
              source: charge.id,
              description: charge.description as string,
            },
            ctx.request,
          ).id;
          invoice.charge = charge.id;
          ctx.state.emit('charge.succeeded', charge, ctx.request);
        } else {
          invoice.paid_out_of_band = true;
        }
        invoice.status = 'paid';
        invoice.paid = true;
        invoice.amount_paid = amount;
        invoice.amount_remaining = 0;
        (invoice.status_transitions as Record<string, unknown>).paid_at = ctx.state.nowSeconds();
        ctx.state.emit('invoice.paid', invoice, ctx.request, { status: 'open' });
        return invoice;
      },
    },
    ...readRoutes('invoice', '/v1/invoices', ['customer', 'status']),
  ];
}

function customerOf(ctx: RouteContext): StripeObject {
  const id = requiredString(ctx.params, 'customer');
  const customer = ctx.state.get('customer', id);
  if (!customer || customer.deleted) throw noSuch('customer', id, 'customer');
  return customer;
}

function findInvoice(ctx: RouteContext): StripeObject {
  const invoice = ctx.state.get('invoice', ctx.ids[0]!);
  if (!invoice) throw noSuch('invoice', ctx.ids[0]!);
  return invoice;
}
