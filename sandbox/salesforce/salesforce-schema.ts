/**
 * The simulated org's sObjects and fields: what `describe` returns and what writes are validated
 * against. Standard fields carry Salesforce's own names and types; the integration's custom fields
 * end in `__c`, with `NetSuite_Id__c` as the unique external-id field Accord upserts on.
 *
 * @example
 *   const account = SOBJECTS.Account; account.fields.find((f) => f.name === 'NetSuite_Id__c')?.externalId // true
 */

export type SalesforceFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

export interface SalesforceField {
  name: string;
  label: string;
  type: SalesforceFieldType;
  length?: number;
  precision?: number;
  scale?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** Restricted picklists refuse values outside the list (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  restrictedPicklist?: boolean;
  picklistValues?: readonly string[];
  referenceTo?: string;
  /** Required on create even though nillable in the database sense (e.g. Name). */
  requiredOnCreate?: boolean;
  defaultValue?: unknown;
}

export interface SalesforceObject {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: readonly SalesforceField[];
}

const system = (): SalesforceField[] => [
  {
    name: 'Id',
    label: 'Record ID',
    type: 'id',
    length: 18,
    nillable: false,
    createable: false,
    updateable: false,
    custom: false,
  },
  {
    name: 'IsDeleted',
    label: 'Deleted',
    type: 'boolean',
    nillable: false,
    createable: false,
    updateable: false,
    custom: false,
    defaultValue: false,
  },
  {
    name: 'CreatedDate',
    label: 'Created Date',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
    custom: false,
  },
  {
    name: 'LastModifiedDate',
    label: 'Last Modified Date',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
    custom: false,
  },
  {
    name: 'SystemModstamp',
    label: 'System Modstamp',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
    custom: false,
  },
];

const text = (
  name: string,
  label: string,
  length = 255,
  extra: Partial<SalesforceField> = {},
): SalesforceField => ({
  name,
  label,
  type: 'string',
  length,
  nillable: true,
  createable: true,
  updateable: true,
  custom: name.endsWith('__c'),
  ...extra,
});

const typed = (
  name: string,
  label: string,
  type: SalesforceFieldType,
  extra: Partial<SalesforceField> = {},
): SalesforceField => ({
  name,
  label,
  type,
  nillable: true,
  createable: true,
  updateable: true,
  custom: name.endsWith('__c'),
  ...extra,
});

const netSuiteId = (): SalesforceField =>
  text('NetSuite_Id__c', 'NetSuite Id', 50, { externalId: true, unique: true });

const currencyIsoCode = (): SalesforceField =>
  typed('CurrencyIsoCode', 'Currency ISO Code', 'picklist', {
    picklistValues: ['USD', 'EUR', 'GBP', 'CAD', 'JPY'],
    restrictedPicklist: true,
    defaultValue: 'USD',
  });

export const SOBJECTS: Record<string, SalesforceObject> = {
  Account: {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    custom: false,
    fields: [
      ...system(),
      text('Name', 'Account Name', 255, { nillable: false, requiredOnCreate: true }),
      typed('Type', 'Account Type', 'picklist', {
        picklistValues: [
          'Prospect',
          'Customer - Direct',
          'Customer - Channel',
          'Channel Partner / Reseller',
          'Installation Partner',
          'Technology Partner',
          'Other',
        ],
      }),
      typed('Industry', 'Industry', 'picklist', {
        picklistValues: [
          'Agriculture',
          'Apparel',
          'Banking',
          'Construction',
          'Education',
          'Manufacturing',
          'Retail',
          'Technology',
          'Other',
        ],
      }),
      typed('Phone', 'Account Phone', 'phone', { length: 40 }),
      typed('Website', 'Website', 'url', { length: 255 }),
      typed('BillingStreet', 'Billing Street', 'textarea', { length: 255 }),
      text('BillingCity', 'Billing City', 40),
      text('BillingState', 'Billing State/Province', 80),
      text('BillingPostalCode', 'Billing Zip/Postal Code', 20),
      text('BillingCountry', 'Billing Country', 80),
      typed('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
      typed('NumberOfEmployees', 'Employees', 'int', { precision: 8, scale: 0 }),
      typed('Description', 'Account Description', 'textarea', { length: 32000 }),
      currencyIsoCode(),
      netSuiteId(),
      typed('Email__c', 'Billing Email', 'email', { length: 80 }),
      typed('Credit_Limit__c', 'Credit Limit', 'currency', { precision: 16, scale: 2 }),
      typed('Payment_Terms__c', 'Payment Terms', 'picklist', {
        picklistValues: ['Due on receipt', 'Net 15', 'Net 30', 'Net 60'],
      }),
      typed('Customer_Tier__c', 'Customer Tier', 'picklist', {
        picklistValues: ['Gold', 'Silver', 'Bronze'],
        restrictedPicklist: true,
      }),
      typed('Sync_Enabled__c', 'Sync Enabled', 'boolean', { nillable: false, defaultValue: true }),
      // An external id that is not unique: upserting on a value two records share answers 300.
      text('Legacy_Id__c', 'Legacy System Id', 50, { externalId: true }),
    ],
  },
  Contact: {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    custom: false,
    fields: [
      ...system(),
      typed('AccountId', 'Account ID', 'reference', { referenceTo: 'Account', length: 18 }),
      text('FirstName', 'First Name', 40),
      text('LastName', 'Last Name', 80, { nillable: false, requiredOnCreate: true }),
      typed('Email', 'Email', 'email', { length: 80 }),
      typed('Phone', 'Business Phone', 'phone', { length: 40 }),
      text('Title', 'Title', 128),
      text('MailingCity', 'Mailing City', 40),
      text('MailingCountry', 'Mailing Country', 80),
      netSuiteId(),
    ],
  },
  Opportunity: {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    custom: false,
    fields: [
      ...system(),
      typed('AccountId', 'Account ID', 'reference', { referenceTo: 'Account', length: 18 }),
      text('Name', 'Name', 120, { nillable: false, requiredOnCreate: true }),
      typed('StageName', 'Stage', 'picklist', {
        nillable: false,
        requiredOnCreate: true,
        picklistValues: [
          'Prospecting',
          'Qualification',
          'Needs Analysis',
          'Value Proposition',
          'Id. Decision Makers',
          'Perception Analysis',
          'Proposal/Price Quote',
          'Negotiation/Review',
          'Closed Won',
          'Closed Lost',
        ],
      }),
      typed('CloseDate', 'Close Date', 'date', { nillable: false, requiredOnCreate: true }),
      typed('Amount', 'Amount', 'currency', { precision: 18, scale: 2 }),
      typed('Probability', 'Probability (%)', 'percent', { precision: 3, scale: 0 }),
      currencyIsoCode(),
      netSuiteId(),
    ],
  },
  OpportunityLineItem: {
    name: 'OpportunityLineItem',
    label: 'Opportunity Product',
    labelPlural: 'Opportunity Product',
    keyPrefix: '00k',
    custom: false,
    fields: [
      ...system(),
      typed('OpportunityId', 'Opportunity ID', 'reference', {
        referenceTo: 'Opportunity',
        length: 18,
        nillable: false,
        requiredOnCreate: true,
        updateable: false,
      }),
      typed('Quantity', 'Quantity', 'double', {
        precision: 12,
        scale: 2,
        nillable: false,
        requiredOnCreate: true,
      }),
      typed('UnitPrice', 'Sales Price', 'currency', { precision: 18, scale: 2 }),
      typed('TotalPrice', 'Total Price', 'currency', { precision: 18, scale: 2 }),
      text('Description', 'Line Description', 255),
      text('SKU__c', 'SKU', 80),
      text('NetSuite_Line_Id__c', 'NetSuite Line Id', 50, { externalId: true, unique: true }),
    ],
  },
};

/** An org's sObjects by name: {@link SOBJECTS}, or an org's own copy after a field was renamed or removed. */
export type SObjectSchema = Readonly<Record<string, SalesforceObject>>;

/** Finds an sObject case-insensitively, as Salesforce resolves API names (in an org's schema, default the standard one). */
export function findSObject(name: string, schema: SObjectSchema = SOBJECTS): SalesforceObject | undefined {
  const lower = name.toLowerCase();
  return Object.values(schema).find((o) => o.name.toLowerCase() === lower);
}

/** Finds a field case-insensitively. */
export function findField(object: SalesforceObject, name: string): SalesforceField | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

const SOAP_TYPE: Record<SalesforceFieldType, string> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  reference: 'tns:ID',
};

/** The `/sobjects/<name>/describe` body (the subset of DescribeSObjectResult clients read). */
export function describeSObject(object: SalesforceObject, baseUrl: string): Record<string, unknown> {
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: object.custom,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    urls: {
      sobject: `${baseUrl}/sobjects/${object.name}`,
      describe: `${baseUrl}/sobjects/${object.name}/describe`,
      rowTemplate: `${baseUrl}/sobjects/${object.name}/{ID}`,
    },
    fields: object.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      soapType: SOAP_TYPE[f.type],
      length: f.length ?? 0,
      precision: f.precision ?? 0,
      scale: f.scale ?? 0,
      nillable: f.nillable,
      createable: f.createable,
      updateable: f.updateable,
      custom: f.custom,
      externalId: f.externalId ?? false,
      unique: f.unique ?? false,
      idLookup: f.type === 'id' || (f.externalId ?? false),
      filterable: true,
      sortable: f.type !== 'textarea',
      defaultedOnCreate: f.defaultValue !== undefined || !f.createable,
      restrictedPicklist: f.restrictedPicklist ?? false,
      referenceTo: f.referenceTo ? [f.referenceTo] : [],
      picklistValues: (f.picklistValues ?? []).map((value, i) => ({
        active: true,
        defaultValue: f.defaultValue === value || (i === 0 && f.name === 'CurrencyIsoCode'),
        label: value,
        validFor: null,
        value,
      })),
    })),
  };
}
