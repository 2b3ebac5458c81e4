/**
 * Customers as the CRMs hold them: Salesforce Account + Contact (REST sObject JSON with
 * `attributes`, 18-character ids, `NetSuite_Id__c` external-id field, `IsDeleted` for records in
 * the recycle bin as `queryAll` returns them) and HubSpot CRM v3 objects (`id`, string-valued
 * `properties`, `createdAt`/`updatedAt`, `archived`).
 *
 * @example
 *   const { account, contact } = salesforceCustomer(customer, view);
 */
import type { TruthCustomer } from '../truth.ts';
import { isoTime, salesforceTime } from '../vendor-ids.ts';

export const SALESFORCE_API = '/services/data/v62.0';

/** What a system shows for a customer after awkward cases and plants (differs from the truth). */
export interface CustomerView {
  phone: string | null;
  address1: string;
  modifiedAt: number;
  deleted: boolean;
  netsuiteId: string | null;
}

function street(address1: string, address2: string | null): string {
  return address2 ? `${address1}\n${address2}` : address1;
}

export function salesforceAccount(
  customer: TruthCustomer,
  accountId: string,
  view: CustomerView,
): Record<string, unknown> {
  const a = customer.address;
  const modstamp = salesforceTime(view.modifiedAt);
  return {
    attributes: { type: 'Account', url: `${SALESFORCE_API}/sobjects/Account/${accountId}` },
    Id: accountId,
    IsDeleted: view.deleted,
    Name: customer.company ?? `${customer.firstName} ${customer.lastName}`,
    Type: customer.buyer || customer.inNetSuite ? 'Customer' : 'Prospect',
    Phone: view.phone,
    BillingStreet: street(view.address1, a.address2),
    BillingCity: a.city,
    BillingState: a.province,
    BillingPostalCode: a.zip,
    BillingCountry: a.country,
    CurrencyIsoCode: null,
    NetSuite_Id__c: view.netsuiteId,
    CreatedDate: salesforceTime(customer.createdAt),
    LastModifiedDate: modstamp,
    SystemModstamp: modstamp,
  };
}

export function salesforceContact(
  customer: TruthCustomer,
  contactId: string,
  accountId: string,
  view: CustomerView,
): Record<string, unknown> {
  const a = customer.address;
  const modstamp = salesforceTime(view.modifiedAt);
  return {
    attributes: { type: 'Contact', url: `${SALESFORCE_API}/sobjects/Contact/${contactId}` },
    Id: contactId,
    IsDeleted: view.deleted,
    AccountId: accountId,
    FirstName: customer.firstName,
    LastName: customer.lastName,
    // Salesforce stores a string without leading or trailing whitespace, and an email in lower
    // case (help article 000384328), whatever the person typed.
    Email: customer.email === null ? null : customer.email.trim().toLowerCase(),
    Phone: view.phone,
    MailingStreet: street(view.address1, a.address2),
    MailingCity: a.city,
    MailingState: a.province,
    MailingPostalCode: a.zip,
    MailingCountry: a.country,
    CreatedDate: salesforceTime(customer.createdAt),
    LastModifiedDate: modstamp,
    SystemModstamp: modstamp,
  };
}

/** HubSpot keeps every property as a string; an unset property is absent or `null`. */
export function hubspotCompany(
  customer: TruthCustomer,
  companyId: string,
  netsuiteId: string | null,
): Record<string, unknown> {
  const a = customer.address;
  return {
    id: companyId,
    properties: {
      name: customer.company ?? `${customer.firstName} ${customer.lastName}`,
      phone: customer.phone,
      address: a.address1,
      address2: a.address2,
      city: a.city,
      state: a.province,
      zip: a.zip,
      country: a.country,
      netsuite_id: netsuiteId,
      lifecyclestage: customer.buyer ? 'customer' : 'lead',
      createdate: isoTime(customer.createdAt),
      hs_lastmodifieddate: isoTime(customer.updatedAt),
      hs_object_id: companyId,
    },
    createdAt: isoTime(customer.createdAt),
    updatedAt: isoTime(customer.updatedAt),
    archived: false,
  };
}

export function hubspotContact(
  customer: TruthCustomer,
  contactId: string,
  companyId: string,
): Record<string, unknown> {
  return {
    id: contactId,
    properties: {
      email: customer.email,
      firstname: customer.firstName,
      lastname: customer.lastName,
      phone: customer.phone,
      associatedcompanyid: companyId,
      createdate: isoTime(customer.createdAt),
      lastmodifieddate: isoTime(customer.updatedAt),
      hs_object_id: contactId,
    },
    createdAt: isoTime(customer.createdAt),
    updatedAt: isoTime(customer.updatedAt),
    archived: false,
  };
}
