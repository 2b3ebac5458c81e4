/**
 * Where each REST record type lives in SuiteQL: most entities have their own table, while every
 * transaction shares `transaction` (told apart by `type`) and every item shares `item` (by
 * `itemtype`). Columns are the REST field names in lower case (`companyName` → `companyname`).
 *
 * @example
 *   suiteqlTableOf('salesOrder') // { table: 'transaction', filter: "type = 'SalesOrd'" }
 */
export interface SuiteQlTable {
  table: string;
  /** A condition every query on this record type adds. */
  filter?: string;
}

const TRANSACTION_TYPES: Record<string, string> = {
  salesOrder: 'SalesOrd',
  invoice: 'CustInvc',
  customerPayment: 'CustPymt',
  creditMemo: 'CustCred',
  cashRefund: 'CashRfnd',
  customerRefund: 'CustRfnd',
  cashSale: 'CashSale',
  itemFulfillment: 'ItemShip',
  purchaseOrder: 'PurchOrd',
  vendorBill: 'VendBill',
  journalEntry: 'Journal',
};

const ITEM_TYPES: Record<string, string> = {
  inventoryItem: 'InvtPart',
  nonInventorySaleItem: 'NonInvtPart',
  serviceSaleItem: 'Service',
  kitItem: 'Kit',
  assemblyItem: 'Assembly',
  discountItem: 'Discount',
};

/** The SuiteQL table (and filter) for a REST record type; `overrides` win. */
export function suiteqlTableOf(
  objectType: string,
  overrides: Readonly<Record<string, SuiteQlTable>> = {},
): SuiteQlTable {
  const override = overrides[objectType];
  if (override) return override;
  const transactionType = TRANSACTION_TYPES[objectType];
  if (transactionType) return { table: 'transaction', filter: `type = '${transactionType}'` };
  const itemType = ITEM_TYPES[objectType];
  if (itemType) return { table: 'item', filter: `itemtype = '${itemType}'` };
  return { table: objectType.toLowerCase() };
}

/** The SuiteQL column for a REST field name; refuses anything that is not a plain identifier. */
export function suiteqlColumnOf(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
    throw new RangeError(
      `"${field}" is not a NetSuite field name (letters, digits and underscores only); check the contract's field path`,
    );
  }
  return field.toLowerCase();
}

/** A SuiteQL string literal. */
export function suiteqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
