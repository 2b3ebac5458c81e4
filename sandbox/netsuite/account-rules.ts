/**
 * What a real OneWorld account enforces and computes on save, after user event scripts ran:
 * mandatory fields (standard and custom: "Please enter value(s) for: …"), a transaction's customer
 * must belong to its subsidiary ("Invalid entity reference key … for subsidiary …"), inactive
 * items refused on new lines, currency and exchange rate defaulted from the customer and the
 * subsidiary's base currency, amounts rounded to the currency's precision (0 or 2), tax from the
 * subsidiary's nexus, payments applied to invoices, and the sales order status (A–H) derived from
 * approval, fulfilment, billing and closed lines.
 *
 * Rounding: NetSuite rounds an amount with more decimals than the currency precision (the Help
 * Center's yen example shows ¥115,408 for 115,408.10); it does not reject it. We round half up.
 *
 * @example
 *   rules.apply('salesOrder', merged, 'create'); // mutates `merged`, or throws NetSuiteApiError
 */
import { Decimal } from 'decimal.js';
import { NetSuiteApiError } from './errors.ts';
import type { RecordStore, StoredRecord } from './record-store.ts';
import type { RecordTypeDef } from './record-types.ts';

export interface TaxNexus {
  country: string;
  /** Sales tax / VAT rate as a decimal string, e.g. "0.20". */
  taxRate: string;
}

type Ref = { id: string } | undefined;

const TRAN_PREFIX: Record<string, string> = {
  salesOrder: 'SO',
  invoice: 'INV',
  customerPayment: 'PYMT',
  creditMemo: 'CM',
  cashRefund: 'CR',
  customerRefund: 'CUSTRFND',
};
type Line = Record<string, unknown>;

export function userError(detail: string, path?: string): NetSuiteApiError {
  return new NetSuiteApiError(
    400,
    'USER_ERROR',
    `Error while accessing a resource. ${detail}`,
    path === undefined ? {} : { path },
  );
}

function refId(v: unknown): string | undefined {
  return (v as Ref)?.id;
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

export class AccountRules {
  constructor(
    private readonly types: Map<string, RecordTypeDef>,
    private readonly store: RecordStore,
    private readonly nexus: Map<string, TaxNexus>,
    /** Today's date in the account's time zone (a transaction's default tranDate). */
    private readonly today: () => string,
  ) {}

  /** Validates and completes a record about to be stored; throws on what NetSuite refuses. */
  apply(
    type: string,
    record: Record<string, unknown>,
    event: 'create' | 'edit',
    previous?: StoredRecord,
  ): void {
    const def = this.types.get(type)!;
    this.checkMandatory(def, record);
    if (def.transaction && type !== 'itemFulfillment') this.transaction(def, record, event, previous);
  }

  private checkMandatory(def: RecordTypeDef, record: Record<string, unknown>): void {
    const missing = Object.entries(def.fields).filter(([name, f]) => f.mandatory && empty(record[name]));
    if (missing.length > 0) {
      throw userError(
        `Please enter value(s) for: ${missing.map(([, f]) => f.label).join(', ')}`,
        missing[0]![0],
      );
    }
    for (const [name, sublist] of Object.entries(def.sublists)) {
      const lines = (record[name] as Line[] | undefined) ?? [];
      lines.forEach((line, i) => {
        for (const [field, f] of Object.entries(sublist.fields)) {
          if (f.mandatory && empty(line[field])) {
            throw userError(`Please enter value(s) for: ${f.label}`, `${name}.items[${i}].${field}`);
          }
        }
      });
    }
  }

  private precisionOf(currencyId: string | undefined): number {
    const currency = currencyId ? this.store.get('currency', currencyId) : undefined;
    return Number(refId(currency?.currencyPrecision) ?? '2');
  }

  private rateOf(currencyId: string | undefined): Decimal {
    const currency = currencyId ? this.store.get('currency', currencyId) : undefined;
    return new Decimal(String(currency?.exchangeRate ?? 1));
  }

  private transaction(
    def: RecordTypeDef,
    record: Record<string, unknown>,
    event: 'create' | 'edit',
    previous?: StoredRecord,
  ): void {
    const entityField = def.fields.entity ? 'entity' : 'customer';
    const customerId = refId(record[entityField]);
    const customer = customerId ? this.store.get('customer', customerId) : undefined;
    if (!customer)
      throw userError(
        `You have entered an Invalid Field Value ${customerId} for the following field: ${entityField}`,
        entityField,
      );

    // OneWorld: the transaction's subsidiary defaults to the customer's and must match it.
    const customerSubsidiary = refId(customer.subsidiary);
    if (empty(record.subsidiary)) record.subsidiary = customer.subsidiary;
    const subsidiaryId = refId(record.subsidiary);
    if (subsidiaryId !== customerSubsidiary) {
      throw userError(
        `Invalid entity reference key ${customerId} for subsidiary ${subsidiaryId}.`,
        entityField,
      );
    }
    const subsidiary = this.store.get('subsidiary', subsidiaryId!);

    // Currency defaults to the customer's, else the subsidiary's base currency; the rate converts
    // to the subsidiary's base currency through the root currency table.
    if (empty(record.currency)) record.currency = customer.currency ?? subsidiary?.currency;
    const currencyId = refId(record.currency);
    if (!currencyId || !this.store.get('currency', currencyId))
      throw userError('Please enter value(s) for: Currency', 'currency');
    if (empty(record.exchangeRate)) {
      record.exchangeRate = this.rateOf(currencyId)
        .div(this.rateOf(refId(subsidiary?.currency)))
        .toDecimalPlaces(6)
        .toNumber();
    }
    // Date-only fields default to the account-local date, not the UTC one.
    if (def.fields.tranDate && empty(record.tranDate)) record.tranDate = this.today();
    if (def.fields.tranId && empty(record.tranId) && event === 'create') {
      record.tranId = `${TRAN_PREFIX[def.name] ?? 'TRN'}${this.store.all(def.name).length + 1}`;
    }
    const precision = this.precisionOf(currencyId);
    const round = (v: Decimal.Value) => new Decimal(v).toDecimalPlaces(precision, Decimal.ROUND_HALF_UP);

    // An edit that leaves the lines alone (a memo, a custom field, the customer) keeps the totals
    // NetSuite computed when the lines were set: recomputing them here with today's tax rate
    // changed the seeded orders' totals on every unrelated PATCH.
    const linesUnchanged =
      event === 'edit' &&
      previous !== undefined &&
      JSON.stringify(previous.item) === JSON.stringify(record.item);
    if (def.sublists.item && !linesUnchanged) this.itemLines(def, record, event, previous, round);
    if (def.sublists.apply) this.payment(record, round);
    if (def.name === 'salesOrder') record.status = { id: salesOrderStatus(record) };
  }

  private itemLines(
    def: RecordTypeDef,
    record: Record<string, unknown>,
    event: 'create' | 'edit',
    previous: StoredRecord | undefined,
    round: (v: Decimal.Value) => Decimal,
  ): void {
    const lines = (record.item as Line[] | undefined) ?? [];
    const oldLines = new Set(((previous?.item as Line[] | undefined) ?? []).map((l) => l.line));
    let subtotal = new Decimal(0);
    lines.forEach((line, i) => {
      const itemId = refId(line.item)!;
      const item = this.store.get('inventoryItem', itemId);
      if (item?.isInactive === true && (event === 'create' || !oldLines.has(line.line))) {
        throw new NetSuiteApiError(
          400,
          'INVALID_CONTENT',
          `Error while accessing a resource. You have entered an Invalid Field Value ${itemId} for the following field: item`,
          { path: `item.items[${i}].item` },
        );
      }
      const quantity = new Decimal(String(line.quantity ?? 1));
      line.quantity = quantity.toNumber();
      if (empty(line.rate)) line.rate = String(item?.basePrice ?? '0');
      line.amount = round(
        empty(line.amount) ? quantity.times(String(line.rate)) : String(line.amount),
      ).toString();
      if (def.name === 'salesOrder') {
        line.quantityFulfilled ??= 0;
        line.quantityBilled ??= 0;
        line.isClosed ??= false;
      }
      subtotal = subtotal.plus(String(line.amount));
    });
    const nexus = this.nexus.get(refId(record.subsidiary) ?? '');
    const tax = round(subtotal.times(nexus?.taxRate ?? '0'));
    record.subtotal = subtotal.toString();
    record.taxTotal = tax.toString();
    // NetSuite's total: lines, less the discount (kept negative), plus tax and shipping.
    record.total = subtotal
      .plus(tax)
      .plus(empty(record.discountTotal) ? 0 : String(record.discountTotal))
      .plus(empty(record.shippingCost) ? 0 : String(record.shippingCost))
      .toString();
    if (def.name === 'invoice' && empty(record.amountRemaining)) {
      record.amountRemaining = record.total;
      record.status = { id: 'A' };
    }
  }

  private payment(record: Record<string, unknown>, round: (v: Decimal.Value) => Decimal): void {
    const lines = (record.apply as Line[] | undefined) ?? [];
    let applied = new Decimal(0);
    lines.forEach((line, i) => {
      const invoice = this.store.get('invoice', refId(line.doc) ?? '');
      if (!invoice)
        throw userError(
          `You have entered an Invalid Field Value ${refId(line.doc)} for the following field: doc`,
          `apply.items[${i}].doc`,
        );
      if (refId(invoice.entity) !== refId(record.customer)) {
        throw userError(`Invoice ${invoice.id} belongs to another customer.`, `apply.items[${i}].doc`);
      }
      line.apply ??= true;
      if (line.apply) {
        line.amount = round(
          empty(line.amount) ? String(invoice.amountRemaining) : String(line.amount),
        ).toString();
        applied = applied.plus(String(line.amount));
      }
    });
    record.payment = round(empty(record.payment) ? applied : String(record.payment)).toString();
    if (applied.greaterThan(String(record.payment))) {
      throw userError(
        `The total applied (${applied}) exceeds the payment amount (${record.payment}).`,
        'apply',
      );
    }
    record.total = record.payment;
  }

  /**
   * After payments or credit memos change: each invoice's amount remaining is its total less
   * every applied payment line and every credit memo created from it (NetSuite applies a credit
   * memo to the invoice it was created from).
   */
  recomputeInvoiceBalances(): void {
    const paid = new Map<string, Decimal>();
    const add = (id: string, amount: unknown) =>
      paid.set(id, (paid.get(id) ?? new Decimal(0)).plus(String(amount ?? 0)));
    for (const payment of this.store.all('customerPayment')) {
      for (const line of (payment.apply as Line[] | undefined) ?? [])
        if (line.apply) add(refId(line.doc)!, line.amount);
    }
    for (const memo of this.store.all('creditMemo')) {
      const invoiceId = refId(memo.createdFrom);
      if (invoiceId) add(invoiceId, memo.total);
    }
    for (const invoice of this.store.all('invoice')) {
      const remaining = new Decimal(String(invoice.total ?? 0)).minus(paid.get(invoice.id) ?? 0);
      const status = remaining.lessThanOrEqualTo(0) ? 'B' : 'A';
      if (String(invoice.amountRemaining) !== remaining.toString() || refId(invoice.status) !== status) {
        const { id: _id, ...rest } = invoice;
        this.store.replace('invoice', invoice.id, {
          ...rest,
          amountRemaining: remaining.toString(),
          status: { id: status },
        });
      }
    }
  }
}

/** Derives the sales order status from approval, its lines' fulfilled and billed quantities. */
export function salesOrderStatus(record: Record<string, unknown>): string {
  const ordered = refId(record.orderStatus) ?? 'B';
  if (ordered === 'A' || ordered === 'C') return ordered;
  const lines = ((record.item as Line[] | undefined) ?? []).filter((l) => !l.isClosed);
  if (lines.length === 0 && ((record.item as Line[] | undefined) ?? []).length > 0) return 'H';
  const sum = (f: string) => lines.reduce((acc, l) => acc.plus(String(l[f] ?? 0)), new Decimal(0));
  const quantity = sum('quantity');
  const fulfilled = sum('quantityFulfilled');
  const billed = sum('quantityBilled');
  if (fulfilled.isZero() && billed.isZero()) return 'B';
  if (fulfilled.lessThan(quantity)) return billed.lessThan(fulfilled) ? 'E' : 'D';
  if (billed.lessThan(quantity)) return 'F';
  return 'G';
}
