import type { Decimal } from '../../src/model/decimal.ts';
import { CatalogueViews } from './catalogue-views.ts';
import { type ConnectionArgs, mapConnection, paginate } from './connection.ts';
import type { OrderBook } from './order-book.ts';
import { financialStatus, fulfillmentStatus, orderTotals } from './order-totals.ts';
import { dec, shopifyDecimal, sum } from './shop-money.ts';
import type {
  CustomerRow,
  DiscountApplicationRow,
  LineItemRow,
  OrderRow,
  RefundRow,
  TaxLineRow,
  TransactionRow,
} from './shop-rows.ts';
import { dateTime, gid } from './shop-rows.ts';
import type { ShopStore } from './shop-store.ts';

/**
 * Rows turned into the objects graphql-js resolves: plain properties for scalars, methods for
 * fields with arguments (graphql's default resolver calls them with the arguments), and
 * `__typename` where an interface or union must resolve its concrete type.
 */
export class Views extends CatalogueViews {
  constructor(
    store: ShopStore,
    readonly book: OrderBook,
  ) {
    super(store);
  }

  money(amount: Decimal | string, currency: string) {
    return {
      __typename: 'MoneyV2',
      amount: shopifyDecimal(typeof amount === 'string' ? dec(amount) : amount),
      currencyCode: currency,
    };
  }

  bag(amount: Decimal | string, currency: string) {
    const m = this.money(amount, currency);
    return { shopMoney: m, presentmentMoney: m };
  }

  customer(row: CustomerRow) {
    const orders = [...this.store.orders.values()].filter((o) => o.customerId === row.id);
    const name = [row.firstName, row.lastName].filter(Boolean).join(' ');
    return {
      __typename: 'Customer',
      id: gid('Customer', row.id),
      legacyResourceId: String(row.id),
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      displayName: name || row.email || row.phone || '',
      phone: row.phone,
      note: row.note,
      tags: row.tags,
      state: row.state,
      verifiedEmail: row.verifiedEmail,
      defaultAddress: row.defaultAddress
        ? {
            ...row.defaultAddress,
            id: `gid://shopify/MailingAddress/${row.defaultAddress.id}?model_name=CustomerAddress`,
            name:
              [row.defaultAddress.firstName, row.defaultAddress.lastName].filter(Boolean).join(' ') || null,
            countryCodeV2: row.defaultAddress.countryCode,
          }
        : null,
      emailMarketingConsent: row.emailMarketingConsent
        ? {
            ...row.emailMarketingConsent,
            consentUpdatedAt:
              row.emailMarketingConsent.consentUpdatedAt === null
                ? null
                : dateTime(row.emailMarketingConsent.consentUpdatedAt),
          }
        : null,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      numberOfOrders: String(orders.length),
      amountSpent: () =>
        this.money(
          sum(orders.map((o) => orderTotals(o).received.minus(orderTotals(o).refunded).toFixed())),
          this.store.currency,
        ),
      metafield: (args: { namespace?: string | null; key: string }) => {
        const m = row.metafields.find(
          (x) => x.namespace === (args.namespace ?? 'custom') && x.key === args.key,
        );
        return m ? { ...m, id: gid('Metafield', m.id) } : null;
      },
      metafields: (args: ConnectionArgs & { namespace?: string | null }) =>
        mapConnection(
          paginate(
            row.metafields.filter((m) => !args.namespace || m.namespace === args.namespace),
            args,
            (m) => m.id,
          ),
          (m) => ({ ...m, id: gid('Metafield', m.id) }),
        ),
    };
  }

  taxLine(t: TaxLineRow, currency: string) {
    const rate = Number(t.rate);
    return {
      title: t.title,
      rate,
      ratePercentage: Number(dec(t.rate).times(100).toFixed()),
      priceSet: this.bag(t.amount, currency),
    };
  }

  discountApplication(a: DiscountApplicationRow, currency: string) {
    return {
      __typename: a.kind === 'code' ? 'DiscountCodeApplication' : 'ManualDiscountApplication',
      index: a.index,
      allocationMethod: a.allocationMethod,
      targetType: a.targetType,
      value:
        a.valueType === 'fixed'
          ? this.money(a.value, currency)
          : { __typename: 'PricingPercentageValue', percentage: Number(a.value) },
      code: a.label,
      title: a.label,
    };
  }

  lineItem(row: LineItemRow, order: OrderRow) {
    const c = order.currency;
    const product = row.productId ? this.store.products.get(row.productId) : undefined;
    const variant = row.variantId ? this.store.variants.get(row.variantId) : undefined;
    const refunded = order.refunds
      .flatMap((r) => r.lineItems)
      .filter((r) => r.lineItemId === row.id)
      .reduce((a, r) => a + r.quantity, 0);
    const discount = sum(row.discountAllocations.map((d) => d.amount));
    const gross = dec(row.unitPrice).times(row.quantity);
    return {
      __typename: 'LineItem',
      id: gid('LineItem', row.id),
      name:
        row.variantTitle && row.variantTitle !== 'Default Title'
          ? `${row.title} - ${row.variantTitle}`
          : row.title,
      title: row.title,
      sku: row.sku,
      quantity: row.quantity,
      currentQuantity: row.quantity - refunded,
      unfulfilledQuantity: Math.max(0, row.quantity - row.fulfilledQuantity - refunded),
      product: product ? this.product(product) : null,
      variant: variant ? this.variant(variant) : null,
      originalUnitPriceSet: this.bag(row.unitPrice, c),
      originalTotalSet: this.bag(gross, c),
      totalDiscountSet: this.bag(discount, c),
      discountedTotalSet: this.bag(gross.minus(discount), c),
      discountAllocations: row.discountAllocations.map((d) => ({
        allocatedAmountSet: this.bag(d.amount, c),
        discountApplication: this.discountApplication(order.discountApplications[d.applicationIndex]!, c),
      })),
      taxLines: (args: { first?: number | null }) =>
        row.taxLines.slice(0, args.first ?? undefined).map((t) => this.taxLine(t, c)),
      taxable: row.taxable,
    };
  }

  transaction(t: TransactionRow, order: OrderRow): Record<string, unknown> {
    const parent = t.parentId ? order.transactions.find((x) => x.id === t.parentId) : undefined;
    return {
      __typename: 'OrderTransaction',
      id: gid('OrderTransaction', t.id),
      kind: t.kind,
      status: t.status,
      gateway: t.gateway,
      test: t.test,
      amountSet: this.bag(t.amount, order.currency),
      createdAt: dateTime(t.createdAt),
      processedAt: dateTime(t.createdAt),
      authorizationExpiresAt: t.authorizationExpiresAt ? dateTime(t.authorizationExpiresAt) : null,
      parentTransaction: () => (parent ? this.transaction(parent, order) : null),
    };
  }

  refund(row: RefundRow, order: OrderRow): Record<string, unknown> {
    const c = order.currency;
    const transactions = order.transactions.filter((t) => row.transactionIds.includes(t.id));
    return {
      __typename: 'Refund',
      id: gid('Refund', row.id),
      legacyResourceId: String(row.id),
      note: row.note,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      totalRefundedSet: this.bag(
        sum(transactions.filter((t) => t.status === 'SUCCESS').map((t) => t.amount)),
        c,
      ),
      refundLineItems: (args: ConnectionArgs) =>
        mapConnection(
          paginate(row.lineItems, args, (r) => r.id),
          (r) => ({
            id: gid('RefundLineItem', r.id),
            lineItem: this.lineItem(order.lineItems.find((l) => l.id === r.lineItemId)!, order),
            quantity: r.quantity,
            restockType: r.restockType,
            restocked: r.restockType !== 'NO_RESTOCK',
            priceSet: this.bag(r.unitPrice, c),
            subtotalSet: this.bag(r.subtotal, c),
            totalTaxSet: this.bag(r.totalTax, c),
          }),
        ),
      transactions: (args: ConnectionArgs) =>
        mapConnection(
          paginate(transactions, args, (t) => t.id),
          (t) => this.transaction(t, order),
        ),
      order: () => this.order(order),
    };
  }

  order(row: OrderRow): Record<string, unknown> {
    const c = row.currency;
    const t = orderTotals(row);
    const customer = row.customerId ? this.store.customers.get(row.customerId) : undefined;
    const taxByTitle = new Map<string, { rate: string; amount: Decimal }>();
    for (const line of [
      ...row.lineItems.flatMap((l) => l.taxLines),
      ...row.shippingLines.flatMap((l) => l.taxLines),
    ]) {
      const k = `${line.title}|${line.rate}`;
      const acc = taxByTitle.get(k) ?? { rate: line.rate, amount: dec('0') };
      acc.amount = acc.amount.plus(line.amount);
      taxByTitle.set(k, acc);
    }
    return {
      __typename: 'Order',
      id: gid('Order', row.id),
      legacyResourceId: String(row.id),
      name: row.name,
      email: row.email,
      phone: row.phone,
      note: row.note,
      tags: row.tags,
      test: row.test,
      edited: row.edited,
      createdAt: dateTime(row.createdAt),
      updatedAt: dateTime(row.updatedAt),
      processedAt: dateTime(row.processedAt),
      cancelledAt: row.cancelledAt ? dateTime(row.cancelledAt) : null,
      closedAt: row.closedAt ? dateTime(row.closedAt) : null,
      currencyCode: c,
      presentmentCurrencyCode: c,
      taxesIncluded: row.taxesIncluded,
      displayFinancialStatus: financialStatus(row, this.store.now()),
      displayFulfillmentStatus: fulfillmentStatus(row),
      customer: customer ? this.customer(customer) : null,
      discountCodes: row.discountApplications.filter((a) => a.kind === 'code').map((a) => a.label),
      subtotalPriceSet: this.bag(t.subtotal, c),
      totalDiscountsSet: this.bag(t.discounts, c),
      totalShippingPriceSet: this.bag(t.shipping, c),
      totalTaxSet: this.bag(t.tax, c),
      totalPriceSet: this.bag(t.totalPrice, c),
      totalRefundedSet: this.bag(t.refunded, c),
      totalReceivedSet: this.bag(t.received, c),
      totalOutstandingSet: this.bag(t.outstanding, c),
      currentTotalPriceSet: this.bag(t.currentTotal, c),
      taxLines: [...taxByTitle.entries()].map(([k, v]) =>
        this.taxLine({ title: k.split('|')[0]!, rate: v.rate, amount: v.amount.toFixed() }, c),
      ),
      lineItems: (args: ConnectionArgs) =>
        mapConnection(
          paginate(row.lineItems, args, (l) => l.id),
          (l) => this.lineItem(l, row),
        ),
      shippingLines: (args: ConnectionArgs) =>
        mapConnection(
          paginate(row.shippingLines, args, (s) => s.id),
          (s) => ({
            id: gid('ShippingLine', s.id),
            title: s.title,
            code: s.code,
            originalPriceSet: this.bag(s.price, c),
            discountedPriceSet: this.bag(s.discountedPrice, c),
            taxLines: s.taxLines.map((x) => this.taxLine(x, c)),
          }),
        ),
      discountApplications: (args: ConnectionArgs) =>
        mapConnection(
          paginate(
            row.discountApplications.map((a) => ({ ...a, id: a.index })),
            args,
            (a) => a.id,
          ),
          (a) => this.discountApplication(a, c),
        ),
      transactions: (args: { first?: number | null }) =>
        row.transactions.slice(0, args.first ?? undefined).map((x) => this.transaction(x, row)),
      refunds: (args: { first?: number | null }) =>
        row.refunds.slice(0, args.first ?? undefined).map((r) => this.refund(r, row)),
      fulfillments: (args: { first?: number | null }) =>
        row.fulfillments.slice(0, args.first ?? undefined).map((f) => ({
          __typename: 'Fulfillment',
          ...f,
          id: gid('Fulfillment', f.id),
          createdAt: dateTime(f.createdAt),
          updatedAt: dateTime(f.updatedAt),
        })),
    };
  }
}
