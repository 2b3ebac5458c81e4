/**
 * The record types the simulated account exposes through the REST record service, with the
 * fields each one carries. Standard field ids follow NetSuite's REST names (camelCase); SuiteQL
 * sees the same fields in lower case. Custom fields (custentity_/custbody_/custcol_) are added per
 * account from the simulator options.
 *
 * @example
 *   const types = buildRecordTypes({ custentity_tier: { type: 'string', recordTypes: ['customer'] } });
 *   types.get('customer')!.fields.companyName.kind; // 'string'
 */

export type FieldKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'money'
  | 'date'
  | 'datetime'
  | 'ref'
  | 'enum'
  /** A subrecord held whole, e.g. an address book line's `addressBookAddress` (added for the sandbox). */
  | 'address';

export interface FieldDef {
  kind: FieldKind;
  label: string;
  /** For `ref`: the referenced record type. */
  ref?: string;
  /** For `enum`: id → display name. */
  values?: Record<string, string>;
  readOnly?: boolean;
  mandatory?: boolean;
  custom?: boolean;
}

export interface SublistDef {
  label: string;
  fields: Record<string, FieldDef>;
}

export interface RecordTypeDef {
  name: string;
  label: string;
  fields: Record<string, FieldDef>;
  sublists: Record<string, SublistDef>;
  /** Field shown as `refName` when another record references this one. */
  nameField: string;
  /** SuiteQL: the table holding this type, and its `type` code there (transactions, items). */
  suiteql: { table: string; typeCode?: string };
  /** Transactions carry entity, subsidiary, currency, amounts and a status. */
  transaction: boolean;
}

export const SALES_ORDER_STATUSES: Record<string, string> = {
  A: 'Pending Approval',
  B: 'Pending Fulfillment',
  C: 'Cancelled',
  D: 'Partially Fulfilled',
  E: 'Pending Billing/Partially Fulfilled',
  F: 'Pending Billing',
  G: 'Billed',
  H: 'Closed',
};

const s = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'string', label, ...extra });
const b = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'boolean', label, ...extra });
const f = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'float', label, ...extra });
const m = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'money', label, ...extra });
const r = (label: string, ref: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  kind: 'ref',
  label,
  ref,
  ...extra,
});
const d = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'date', label, ...extra });

const COMMON: Record<string, FieldDef> = {
  id: s('Internal ID', { readOnly: true }),
  externalId: s('External ID'),
  dateCreated: { kind: 'datetime', label: 'Date Created', readOnly: true },
  lastModifiedDate: { kind: 'datetime', label: 'Last Modified Date', readOnly: true },
};

const ITEM_LINES: SublistDef = {
  label: 'Items',
  fields: {
    line: { kind: 'integer', label: 'Line', readOnly: true },
    item: r('Item', 'inventoryItem', { mandatory: true }),
    description: s('Description'),
    quantity: f('Quantity'),
    rate: m('Rate'),
    amount: m('Amount'),
    isClosed: b('Closed'),
    quantityFulfilled: f('Fulfilled', { readOnly: true }),
    quantityBilled: f('Invoiced', { readOnly: true }),
  },
};

/** An item fulfilment's lines: which sales order line (`orderLine`) shipped how many. */
const FULFILLMENT_LINES: SublistDef = {
  label: 'Items',
  fields: {
    line: { kind: 'integer', label: 'Line', readOnly: true },
    orderLine: { kind: 'integer', label: 'Order Line' },
    item: r('Item', 'inventoryItem', { readOnly: true }),
    quantity: f('Quantity'),
    itemReceive: b('Fulfill'),
  },
};

/** The Packages subtab: one line per box, with the carrier's tracking number. */
const PACKAGES: SublistDef = {
  label: 'Packages',
  fields: {
    line: { kind: 'integer', label: 'Line', readOnly: true },
    packageTrackingNumber: s('Package Tracking Number'),
    packageWeight: f('Weight (lbs)'),
    packageDescr: s('Package Contents'),
  },
};

/** An item fulfilment's shipping status (Advanced Shipping / pick, pack and ship). */
export const SHIP_STATUSES: Record<string, string> = { A: 'Picked', B: 'Packed', C: 'Shipped' };

const TRANSACTION: Record<string, FieldDef> = {
  tranId: s('Document Number'),
  tranDate: d('Date'),
  entity: r('Customer', 'customer', { mandatory: true }),
  subsidiary: r('Subsidiary', 'subsidiary'),
  currency: r('Currency', 'currency'),
  exchangeRate: f('Exchange Rate'),
  memo: s('Memo'),
  subtotal: m('Subtotal', { readOnly: true }),
  taxTotal: m('Tax', { readOnly: true }),
  total: m('Total', { readOnly: true }),
};

function type(
  name: string,
  label: string,
  nameField: string,
  fields: Record<string, FieldDef>,
  options: {
    sublists?: Record<string, SublistDef>;
    suiteql?: RecordTypeDef['suiteql'];
    transaction?: boolean;
  } = {},
): RecordTypeDef {
  return {
    name,
    label,
    nameField,
    fields: { ...COMMON, ...fields },
    sublists: options.sublists ?? {},
    suiteql: options.suiteql ?? { table: name.toLowerCase() },
    transaction: options.transaction ?? false,
  };
}

function standardTypes(): RecordTypeDef[] {
  return [
    type('subsidiary', 'Subsidiary', 'name', {
      name: s('Name', { mandatory: true }),
      parent: r('Parent', 'subsidiary'),
      currency: r('Currency', 'currency'),
      country: s('Country'),
      isInactive: b('Inactive'),
    }),
    // Where stock is held; its quantities are not on the record but in SuiteQL's InventoryBalance.
    type('location', 'Location', 'name', {
      name: s('Name', { mandatory: true }),
      subsidiary: r('Subsidiary', 'subsidiary'),
      makeInventoryAvailable: b('Make Inventory Available'),
      isInactive: b('Inactive'),
    }),
    type('currency', 'Currency', 'name', {
      name: s('Name', { mandatory: true }),
      symbol: s('ISO Code', { mandatory: true }),
      exchangeRate: f('Default Exchange Rate'),
      currencyPrecision: { kind: 'enum', label: 'Currency Precision', values: { '0': 'Zero', '2': 'Two' } },
      isBaseCurrency: b('Base Currency', { readOnly: true }),
      isInactive: b('Inactive'),
    }),
    type(
      'customer',
      'Customer',
      'companyName',
      {
        entityId: s('Customer ID'),
        companyName: s('Company Name'),
        firstName: s('First Name'),
        lastName: s('Last Name'),
        isPerson: b('Individual'),
        email: s('Email'),
        phone: s('Phone'),
        subsidiary: r('Primary Subsidiary', 'subsidiary', { mandatory: true }),
        currency: r('Currency', 'currency'),
        isInactive: b('Inactive'),
        comments: s('Comments'),
      },
      {
        // The address book (added for the sandbox's generated customers): lines with the address
        // subrecord, `addressBook.items[].addressBookAddress.addr1` as the REST API returns it.
        sublists: {
          addressBook: {
            label: 'Address',
            fields: {
              defaultBilling: b('Default Billing'),
              defaultShipping: b('Default Shipping'),
              label: s('Label'),
              addressBookAddress: { kind: 'address', label: 'Address' },
            },
          },
        },
      },
    ),
    type('contact', 'Contact', 'entityId', {
      entityId: s('Contact'),
      firstName: s('First Name'),
      lastName: s('Last Name'),
      email: s('Email'),
      phone: s('Phone'),
      company: r('Company', 'customer'),
      subsidiary: r('Subsidiary', 'subsidiary', { mandatory: true }),
      isInactive: b('Inactive'),
    }),
    type(
      'inventoryItem',
      'Inventory Item',
      'itemId',
      {
        itemId: s('Item Name/Number', { mandatory: true }),
        displayName: s('Display Name'),
        description: s('Sales Description'),
        basePrice: m('Base Price'),
        subsidiary: r('Subsidiary', 'subsidiary'),
        isInactive: b('Inactive'),
      },
      { suiteql: { table: 'item', typeCode: 'InvtPart' } },
    ),
    type(
      'salesOrder',
      'Sales Order',
      'tranId',
      {
        ...TRANSACTION,
        // "PO/Check #": the customer's own reference (a web order number); SuiteQL `otherrefnum`.
        otherRefNum: s('PO/Check #'),
        orderStatus: { kind: 'enum', label: 'Order Status', values: SALES_ORDER_STATUSES },
        status: { kind: 'enum', label: 'Status', values: SALES_ORDER_STATUSES, readOnly: true },
      },
      {
        sublists: { item: ITEM_LINES },
        suiteql: { table: 'transaction', typeCode: 'SalesOrd' },
        transaction: true,
      },
    ),
    type(
      'invoice',
      'Invoice',
      'tranId',
      {
        ...TRANSACTION,
        createdFrom: r('Created From', 'salesOrder'),
        amountRemaining: m('Amount Remaining', { readOnly: true }),
        status: { kind: 'enum', label: 'Status', values: { A: 'Open', B: 'Paid In Full' }, readOnly: true },
      },
      {
        sublists: { item: ITEM_LINES },
        suiteql: { table: 'transaction', typeCode: 'CustInvc' },
        transaction: true,
      },
    ),
    type(
      'customerPayment',
      'Customer Payment',
      'tranId',
      {
        tranId: s('Payment #'),
        tranDate: d('Date'),
        customer: r('Customer', 'customer', { mandatory: true }),
        subsidiary: r('Subsidiary', 'subsidiary'),
        currency: r('Currency', 'currency'),
        exchangeRate: f('Exchange Rate'),
        memo: s('Memo'),
        payment: m('Payment Amount'),
        total: m('Total', { readOnly: true }),
      },
      {
        sublists: {
          apply: {
            label: 'Apply',
            fields: {
              doc: r('Invoice', 'invoice', { mandatory: true }),
              apply: b('Apply'),
              amount: m('Payment'),
            },
          },
        },
        suiteql: { table: 'transaction', typeCode: 'CustPymt' },
        transaction: true,
      },
    ),
    type(
      'creditMemo',
      'Credit Memo',
      'tranId',
      {
        ...TRANSACTION,
        createdFrom: r('Created From', 'invoice'),
      },
      {
        sublists: { item: ITEM_LINES },
        suiteql: { table: 'transaction', typeCode: 'CustCred' },
        transaction: true,
      },
    ),
    type(
      'cashRefund',
      'Cash Refund',
      'tranId',
      {
        ...TRANSACTION,
        createdFrom: r('Created From', 'salesOrder'),
      },
      {
        sublists: { item: ITEM_LINES },
        suiteql: { table: 'transaction', typeCode: 'CashRfnd' },
        transaction: true,
      },
    ),
    // A refund paid back to a customer (REST `customerRefund`; in SuiteQL a row of `transaction`
    // with type 'CustRfnd', as every transaction is). Its `apply` sublist (the payments or credits
    // refunded) is left out: the simulator's apply rule is the invoice payment's, and nothing the
    // sandbox writes needs it.
    type(
      'customerRefund',
      'Customer Refund',
      'tranId',
      {
        tranId: s('Refund #'),
        tranDate: d('Date'),
        customer: r('Customer', 'customer', { mandatory: true }),
        subsidiary: r('Subsidiary', 'subsidiary'),
        currency: r('Currency', 'currency'),
        exchangeRate: f('Exchange Rate'),
        memo: s('Memo'),
        total: m('Amount'),
      },
      {
        suiteql: { table: 'transaction', typeCode: 'CustRfnd' },
        transaction: true,
      },
    ),
    type(
      'itemFulfillment',
      'Item Fulfillment',
      'tranId',
      {
        tranId: s('Reference #'),
        tranDate: d('Date'),
        entity: r('Customer', 'customer', { readOnly: true }),
        subsidiary: r('Subsidiary', 'subsidiary', { readOnly: true }),
        createdFrom: r('Created From', 'salesOrder', { readOnly: true }),
        shipMethod: r('Ship Via', 'shipItem'),
        shipStatus: { kind: 'enum', label: 'Status', values: SHIP_STATUSES },
        memo: s('Memo'),
      },
      {
        sublists: { item: FULFILLMENT_LINES, package: PACKAGES },
        suiteql: { table: 'transaction', typeCode: 'ItemShip' },
        transaction: true,
      },
    ),
    // Shipping items are what an order or fulfilment's "Ship Via" (shipMethod) refers to.
    type(
      'shipItem',
      'Shipping Item',
      'itemId',
      {
        itemId: s('Name', { mandatory: true }),
        displayName: s('Display Name'),
        isInactive: b('Inactive'),
      },
      { suiteql: { table: 'item', typeCode: 'ShipItem' } },
    ),
    type('customrecord_loyalty_tier', 'Loyalty Tier', 'name', {
      name: s('Name', { mandatory: true }),
      custrecord_tier_level: { kind: 'integer', label: 'Tier Level', custom: true },
      custrecord_discount_pct: f('Discount %', { custom: true }),
      isInactive: b('Inactive'),
    }),
  ];
}

export interface CustomFieldConfig {
  type: string;
  mandatory?: boolean;
  recordTypes: string[];
  /** A list/record field's values (id → label): the field is then an enumeration. */
  values?: Record<string, string>;
}

const CUSTOM_KINDS: Record<string, FieldKind> = {
  string: 'string',
  text: 'string',
  textarea: 'string',
  email: 'string',
  boolean: 'boolean',
  checkbox: 'boolean',
  integer: 'integer',
  float: 'float',
  decimal: 'float',
  currency: 'money',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
};

/** All record types of the account, with its custom fields attached where they apply. */
export function buildRecordTypes(
  customFields: Record<string, CustomFieldConfig> = {},
): Map<string, RecordTypeDef> {
  const types = new Map(standardTypes().map((t) => [t.name, t]));
  for (const [id, config] of Object.entries(customFields)) {
    if (!/^cust(entity|body|col|record|item)_/.test(id)) {
      throw new Error(
        `custom field "${id}" must start with custentity_, custbody_, custcol_, custitem_ or custrecord_`,
      );
    }
    const kind = CUSTOM_KINDS[config.type.toLowerCase()];
    const def: FieldDef = config.values
      ? { kind: 'enum', values: config.values, label: id, custom: true, mandatory: config.mandatory ?? false }
      : kind
        ? { kind, label: id, custom: true, mandatory: config.mandatory ?? false }
        : { kind: 'ref', ref: config.type, label: id, custom: true, mandatory: config.mandatory ?? false };
    for (const typeName of config.recordTypes) {
      const target = types.get(typeName);
      if (!target) throw new Error(`custom field "${id}" names unknown record type "${typeName}"`);
      if (id.startsWith('custcol_')) {
        for (const sublist of Object.values(target.sublists)) sublist.fields[id] = def;
      } else {
        target.fields[id] = def;
      }
    }
  }
  return types;
}
