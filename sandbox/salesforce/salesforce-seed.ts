/**
 * A seeded, realistic Salesforce dataset with the awkward cases integrations meet in the field:
 * an account with no email or phone, names with apostrophes, ampersands and non-Latin scripts,
 * two accounts sharing a phone number (an ambiguous match key), accounts created by hand without a
 * NetSuite id, several currencies, an opportunity without an amount, a fractional line quantity,
 * and a deleted account (a tombstone for `queryAll`). The same seed always gives the same data.
 *
 * @example
 *   const sim = await startSalesforceSimulator();
 *   const summary = seedSalesforceOrg(sim.org, { seed: 7, accounts: 40 });
 */
import { seededRandom } from '../shared/simulator-server.ts';
import type { SalesforceOrg } from './salesforce-org.ts';

export interface SalesforceSeedOptions {
  seed?: number;
  /** Ordinary accounts on top of the fixed awkward ones (default 30). */
  accounts?: number;
}

export interface SalesforceSeedSummary {
  accountIds: string[];
  contactIds: string[];
  opportunityIds: string[];
  lineItemIds: string[];
  /** Ids of the awkward records, by case, for tests and demos. */
  awkward: Record<string, string[]>;
}

const STEMS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Wonka',
  'Tyrell',
];
const SUFFIXES = ['Ltd', 'GmbH', 'Inc.', 'S.A.', 'BV', 'Pty Ltd', 'LLC'];
const CITIES: [string, string][] = [
  ['London', 'GB'],
  ['Berlin', 'DE'],
  ['Lyon', 'FR'],
  ['Austin', 'US'],
  ['Osaka', 'JP'],
  ['Toronto', 'CA'],
];
const CURRENCY: Record<string, string> = { GB: 'GBP', DE: 'EUR', FR: 'EUR', US: 'USD', JP: 'JPY', CA: 'CAD' };
const STAGES = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Closed Won', 'Closed Lost'];

export function seedSalesforceOrg(
  org: SalesforceOrg,
  options: SalesforceSeedOptions = {},
): SalesforceSeedSummary {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const summary: SalesforceSeedSummary = {
    accountIds: [],
    contactIds: [],
    opportunityIds: [],
    lineItemIds: [],
    awkward: {},
  };
  const create = (object: string, fields: Record<string, unknown>, awkward?: string): string => {
    const outcome = org.create(object, fields);
    if (!outcome.ok) throw new Error(`seed: ${object} rejected: ${JSON.stringify(outcome.errors)}`);
    if (awkward) summary.awkward[awkward] = [...(summary.awkward[awkward] ?? []), outcome.id];
    return outcome.id;
  };
  const account = (fields: Record<string, unknown>, awkward?: string) => {
    const id = create('Account', fields, awkward);
    summary.accountIds.push(id);
    return id;
  };

  account({ Name: 'Silent Partner Ltd', NetSuite_Id__c: 'NS-CUST-9001' }, 'no-email-no-phone');
  account(
    {
      Name: "O'Brien & Sons",
      Phone: '+353 1 555 0199',
      Email__c: 'accounts@obrien.example',
      NetSuite_Id__c: 'NS-CUST-9002',
    },
    'punctuation',
  );
  account(
    {
      Name: 'Société Générale des Écoles',
      BillingCity: 'Montréal',
      BillingCountry: 'CA',
      CurrencyIsoCode: 'CAD',
      NetSuite_Id__c: 'NS-CUST-9003',
    },
    'non-ascii',
  );
  account(
    {
      Name: '株式会社サンプル',
      BillingCity: '大阪',
      BillingCountry: 'JP',
      CurrencyIsoCode: 'JPY',
      Credit_Limit__c: 5000000,
      NetSuite_Id__c: 'NS-CUST-9004',
    },
    'non-latin',
  );
  account({ Name: 'Twin Peaks Trading', Phone: '+1 555 0100' }, 'shared-phone');
  account({ Name: 'Twin Peaks Trading Co', Phone: '+1 555 0100' }, 'shared-phone');
  account({ Name: 'Hand-entered Prospect', Type: 'Prospect' }, 'no-netsuite-id');
  const doomed = account({ Name: 'Closed Down Ltd', NetSuite_Id__c: 'NS-CUST-9008' }, 'deleted');
  org.delete('Account', doomed);

  for (let i = 0; i < (options.accounts ?? 30); i++) {
    const [city, country] = pick(CITIES);
    const name = `${pick(STEMS)} ${pick(['Logistics', 'Foods', 'Systems', 'Retail', 'Partners'])} ${pick(SUFFIXES)}`;
    const id = account({
      Name: `${name} #${i + 1}`,
      Type: pick(['Customer - Direct', 'Customer - Channel', 'Prospect']),
      Industry: pick(['Retail', 'Manufacturing', 'Technology', 'Apparel']),
      Phone: `+1 555 ${String(1000 + i).padStart(4, '0')}`,
      Email__c: random() < 0.85 ? `billing${i + 1}@${name.split(' ')[0]!.toLowerCase()}.example` : null,
      BillingCity: city,
      BillingCountry: country,
      CurrencyIsoCode: CURRENCY[country],
      Credit_Limit__c: Math.round(random() * 5_000_000) / 100,
      Payment_Terms__c: pick(['Net 15', 'Net 30', 'Net 60', 'Due on receipt']),
      Customer_Tier__c: pick(['Gold', 'Silver', 'Bronze']),
      NetSuite_Id__c: `NS-CUST-${1000 + i}`,
    });
    const contacts = 1 + Math.floor(random() * 3);
    for (let c = 0; c < contacts; c++) {
      const contactId = create('Contact', {
        AccountId: id,
        FirstName: pick(['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Hedy']),
        LastName: pick(['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Lamarr']),
        Email: random() < 0.8 ? `contact${i}-${c}@example.test` : null,
      });
      summary.contactIds.push(contactId);
    }
    if (random() < 0.6) {
      const stage = pick(STAGES);
      const opportunityId = create('Opportunity', {
        AccountId: id,
        Name: `${name} renewal`,
        StageName: stage,
        CloseDate: `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
        Amount: Math.round(random() * 10_000_000) / 100,
        CurrencyIsoCode: CURRENCY[country],
      });
      summary.opportunityIds.push(opportunityId);
      summary.lineItemIds.push(
        create('OpportunityLineItem', {
          OpportunityId: opportunityId,
          Quantity: 1 + Math.floor(random() * 20),
          UnitPrice: 19.99,
          SKU__c: `SKU-${100 + i}`,
        }),
      );
    }
  }
  summary.contactIds.push(
    create('Contact', { LastName: 'Orphan', Email: 'orphan@example.test' }, 'contact-without-account'),
  );
  const open = create(
    'Opportunity',
    {
      Name: 'Amount to be agreed',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      AccountId: summary.accountIds[1],
    },
    'no-amount',
  );
  summary.opportunityIds.push(open);
  summary.lineItemIds.push(
    create(
      'OpportunityLineItem',
      { OpportunityId: open, Quantity: 2.5, UnitPrice: 12.4, SKU__c: 'SKU-CABLE-M' },
      'fractional-quantity',
    ),
  );
  return summary;
}
