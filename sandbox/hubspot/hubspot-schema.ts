/**
 * The simulated portal's property definitions for companies, contacts and deals, in the shape of
 * `GET /crm/v3/properties/<objectType>`: `type` (string, number, date, datetime, enumeration,
 * bool), `fieldType` (text, number, select, radio, phonenumber…), enumeration `options`, and
 * `hasUniqueValue` for properties usable as a batch-upsert `idProperty` (the integration's
 * `netsuite_id`, and `email` on contacts).
 *
 * @example
 *   PROPERTIES.companies.find((p) => p.name === 'netsuite_id')?.hasUniqueValue // true
 */

export type HubSpotPropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface HubSpotProperty {
  name: string;
  label: string;
  type: HubSpotPropertyType;
  fieldType: string;
  groupName: string;
  options?: readonly { label: string; value: string }[];
  hasUniqueValue?: boolean;
  /** Set by HubSpot (hs_object_id, createdate, hs_lastmodifieddate): writes are refused. */
  readOnlyValue?: boolean;
  /** Defined by HubSpot rather than by the portal (custom properties are `false`). */
  hubspotDefined: boolean;
}

const p = (
  name: string,
  label: string,
  type: HubSpotPropertyType,
  fieldType: string,
  extra: Partial<HubSpotProperty> = {},
): HubSpotProperty => ({
  name,
  label,
  type,
  fieldType,
  groupName: 'companyinformation',
  hubspotDefined: true,
  ...extra,
});

const options = (...pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

const system = (): HubSpotProperty[] => [
  p('hs_object_id', 'Record ID', 'number', 'number', { readOnlyValue: true }),
  p('createdate', 'Create Date', 'datetime', 'date', { readOnlyValue: true }),
  p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', { readOnlyValue: true }),
];

const custom = (
  name: string,
  label: string,
  type: HubSpotPropertyType,
  fieldType: string,
  extra: Partial<HubSpotProperty> = {},
) => p(name, label, type, fieldType, { groupName: 'netsuite', hubspotDefined: false, ...extra });

const lifecycle = () =>
  p('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', {
    options: options(
      ['subscriber', 'Subscriber'],
      ['lead', 'Lead'],
      ['marketingqualifiedlead', 'Marketing Qualified Lead'],
      ['salesqualifiedlead', 'Sales Qualified Lead'],
      ['opportunity', 'Opportunity'],
      ['customer', 'Customer'],
      ['evangelist', 'Evangelist'],
      ['other', 'Other'],
    ),
  });

export const PROPERTIES: Record<string, readonly HubSpotProperty[]> = {
  companies: [
    ...system(),
    p('name', 'Company name', 'string', 'text'),
    p('domain', 'Company Domain Name', 'string', 'text'),
    p('phone', 'Phone Number', 'string', 'phonenumber'),
    p('city', 'City', 'string', 'text'),
    p('country', 'Country/Region', 'string', 'text'),
    p('industry', 'Industry', 'enumeration', 'select', {
      options: options(
        ['ACCOUNTING', 'Accounting'],
        ['APPAREL_FASHION', 'Apparel & Fashion'],
        ['COMPUTER_SOFTWARE', 'Computer Software'],
        ['CONSTRUCTION', 'Construction'],
        ['FOOD_BEVERAGES', 'Food & Beverages'],
        ['RETAIL', 'Retail'],
        ['WHOLESALE', 'Wholesale'],
      ),
    }),
    p('annualrevenue', 'Annual Revenue', 'number', 'number'),
    p('numberofemployees', 'Number of Employees', 'number', 'number'),
    lifecycle(),
    custom('netsuite_id', 'NetSuite ID', 'string', 'text', { hasUniqueValue: true }),
    custom('billing_email', 'Billing Email', 'string', 'text'),
    custom('credit_limit', 'Credit Limit', 'number', 'number'),
    custom('payment_terms', 'Payment Terms', 'enumeration', 'select', {
      options: options(
        ['due_on_receipt', 'Due on receipt'],
        ['net_15', 'Net 15'],
        ['net_30', 'Net 30'],
        ['net_60', 'Net 60'],
      ),
    }),
    custom('sync_enabled', 'Sync Enabled', 'bool', 'booleancheckbox', {
      options: options(['true', 'Yes'], ['false', 'No']),
    }),
  ],
  contacts: [
    ...system().map((x) => ({ ...x, groupName: 'contactinformation' })),
    p('lastmodifieddate', 'Last Modified Date', 'datetime', 'date', {
      readOnlyValue: true,
      groupName: 'contactinformation',
    }),
    p('email', 'Email', 'string', 'text', { hasUniqueValue: true, groupName: 'contactinformation' }),
    p('firstname', 'First Name', 'string', 'text', { groupName: 'contactinformation' }),
    p('lastname', 'Last Name', 'string', 'text', { groupName: 'contactinformation' }),
    p('phone', 'Phone Number', 'string', 'phonenumber', { groupName: 'contactinformation' }),
    p('company', 'Company Name', 'string', 'text', { groupName: 'contactinformation' }),
    { ...lifecycle(), groupName: 'contactinformation' },
    custom('netsuite_id', 'NetSuite ID', 'string', 'text', { hasUniqueValue: true }),
  ],
  deals: [
    ...system().map((x) => ({ ...x, groupName: 'dealinformation' })),
    p('dealname', 'Deal Name', 'string', 'text', { groupName: 'dealinformation' }),
    p('amount', 'Amount', 'number', 'number', { groupName: 'dealinformation' }),
    p('deal_currency_code', 'Currency', 'enumeration', 'select', {
      groupName: 'dealinformation',
      options: options(['USD', 'US Dollar'], ['EUR', 'Euro'], ['GBP', 'British Pound']),
    }),
    p('pipeline', 'Pipeline', 'enumeration', 'select', {
      groupName: 'dealinformation',
      options: options(['default', 'Sales Pipeline']),
    }),
    p('dealstage', 'Deal Stage', 'enumeration', 'radio', {
      groupName: 'dealinformation',
      options: options(
        ['appointmentscheduled', 'Appointment Scheduled'],
        ['qualifiedtobuy', 'Qualified To Buy'],
        ['presentationscheduled', 'Presentation Scheduled'],
        ['decisionmakerboughtin', 'Decision Maker Bought-In'],
        ['contractsent', 'Contract Sent'],
        ['closedwon', 'Closed Won'],
        ['closedlost', 'Closed Lost'],
      ),
    }),
    p('closedate', 'Close Date', 'datetime', 'date', { groupName: 'dealinformation' }),
    custom('netsuite_id', 'NetSuite ID', 'string', 'text', { hasUniqueValue: true }),
  ],
};

/** Properties returned when a request names none, per object type (as HubSpot documents). */
export const DEFAULT_PROPERTIES: Record<string, readonly string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
};

/** The `/crm/v3/properties/<type>` entry for one property. */
export function propertyDefinition(prop: HubSpotProperty, index: number): Record<string, unknown> {
  return {
    name: prop.name,
    label: prop.label,
    type: prop.type,
    fieldType: prop.fieldType,
    description: '',
    groupName: prop.groupName,
    options: (prop.options ?? []).map((o, i) => ({
      label: o.label,
      value: o.value,
      displayOrder: i,
      hidden: false,
    })),
    displayOrder: index,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: prop.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: prop.hubspotDefined,
    modificationMetadata: {
      archivable: !prop.hubspotDefined,
      readOnlyDefinition: prop.hubspotDefined,
      readOnlyValue: prop.readOnlyValue ?? false,
    },
    formField: !prop.readOnlyValue,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    archived: false,
  };
}
