/**
 * Projects each truth customer into every system that holds it — Salesforce Account + Contact,
 * HubSpot company + contact, NetSuite customer, the region's Shopify customer, the Stripe
 * customer — applying the customer-level awkward cases and the changed-address plant, and writing
 * their manifest entries.
 *
 * @example
 *   projectCustomers(context, customers, plantedAddressKeys);
 */
import type { GenerationContext } from './generation-context.ts';
import { personFor, phoneIn } from './locales.ts';
import { regionOf } from './regions.ts';
import { hubspotCompany, hubspotContact, salesforceAccount, salesforceContact } from './shapes/crm-shapes.ts';
import { netSuiteCustomer } from './shapes/netsuite-shapes.ts';
import { shopifyCustomer } from './shapes/shopify-shapes.ts';
import { stripeCustomer } from './shapes/stripe-shapes.ts';
import type { TruthCustomer } from './truth.ts';
import { customerJson } from './truth-json.ts';
import { salesforceId } from './vendor-ids.ts';

export function assignCustomerIds(
  customers: readonly TruthCustomer[],
  idRng: GenerationContext['idRng'],
): void {
  let accounts = 0;
  for (const c of customers) {
    if (c.inCrm) {
      accounts += 1;
      c.ids.salesforceAccount = salesforceId('001', accounts);
      c.ids.salesforceContact = salesforceId('003', accounts);
      c.ids.hubspotCompany = String(9_000_000_000 + c.index + 1);
      c.ids.hubspotContact = String(51_000_000 + c.index + 1);
    }
    if (c.inNetSuite) c.ids.netsuite = String(1000 + c.index);
    if (c.buyer) {
      c.ids.shopify = `gid://shopify/Customer/${7_000_000_000 + c.index + 1}`;
      c.ids.stripe = `cus_${idRng.alphanumeric(14)}`;
    }
  }
}

/** A different value of the same kind, never equal to `avoid` (the seeded stream decides). */
function another(pick: () => string, avoid: ReadonlyArray<string | null>): string {
  for (let i = 0; i < 20; i++) {
    const value = pick();
    if (!avoid.includes(value)) return value;
  }
  return `${pick()} 2`;
}

export function projectCustomer(ctx: GenerationContext, c: TruthCustomer, changedAddress: boolean): void {
  const rng = ctx.rng;
  const has = (name: string) => c.cases.includes(name);
  const region = regionOf(c.region);
  let crmPhone = c.phone;
  let nsPhone = c.phone;
  let crmModified = c.updatedAt;
  let nsModified = c.updatedAt + 60_000;
  let nsAddress1 = c.address.address1;
  if (has('concurrentEdit')) {
    // Edited in both systems 1.3 s apart, to different numbers: neither edit knows the other.
    crmPhone = another(() => phoneIn(rng, c.region, c.address.country), [c.phone]);
    nsPhone = another(() => phoneIn(rng, c.region, c.address.country), [c.phone, crmPhone]);
    crmModified = c.updatedAt + 86_400_000;
    nsModified = crmModified + 1_300;
  }
  if (changedAddress) nsAddress1 = another(() => personFor(rng, c.region).address1, [c.address.address1]);
  const deleted = has('deletedRecord');
  const ambiguous = has('ambiguousCrmMatch');
  const linkedNetSuite = c.inNetSuite && !ambiguous ? (c.ids.netsuite ?? null) : null;

  if (c.inCrm) {
    const account = c.ids.salesforceAccount!;
    const contact = c.ids.salesforceContact!;
    const view = {
      phone: crmPhone,
      address1: c.address.address1,
      modifiedAt: crmModified,
      deleted,
      netsuiteId: linkedNetSuite,
    };
    ctx.emit('salesforce/Account', salesforceAccount(c, account, view));
    ctx.emit('salesforce/Contact', salesforceContact(c, contact, account, view));
    if (ambiguous) {
      // A second account for the same buyer, created by hand in the CRM: both match by email.
      const twin = salesforceId('001', 900_000_000 + c.index);
      const twinContact = salesforceId('003', 900_000_000 + c.index);
      const twinView = { ...view, modifiedAt: crmModified + 7 * 86_400_000 };
      ctx.emit(
        'salesforce/Account',
        salesforceAccount({ ...c, company: c.company ?? `${c.lastName} household` }, twin, twinView),
      );
      ctx.emit('salesforce/Contact', salesforceContact(c, twinContact, twin, twinView));
      ctx.manifest.awkwardCase({
        case: 'ambiguousCrmMatch',
        entity: 'customer',
        keys: {
          netsuite: c.ids.netsuite ?? '',
          salesforce: account,
          salesforceTwin: twin,
          email: c.email ?? '',
        },
        detail:
          'NetSuite customer without externalId; two Salesforce accounts carry a contact with its email',
      });
    }
    ctx.emit(
      'hubspot/companies',
      hubspotCompany(c, c.ids.hubspotCompany!, c.inNetSuite ? (c.ids.netsuite ?? null) : null),
    );
    ctx.emit('hubspot/contacts', hubspotContact(c, c.ids.hubspotContact!, c.ids.hubspotCompany!));
  }
  if (c.inNetSuite) {
    ctx.emit(
      'netsuite/customer',
      netSuiteCustomer(c, c.ids.netsuite!, {
        phone: nsPhone,
        address1: nsAddress1,
        modifiedAt: nsModified,
        externalId: c.inCrm && !ambiguous ? (c.ids.salesforceAccount ?? null) : null,
        emptyPhone: has('nullVsEmpty'),
      }),
    );
  }
  if (c.buyer) {
    ctx.emit(
      `shopify/${region.shop.handle}/customers`,
      shopifyCustomer(c, Number(c.ids.shopify!.split('/').at(-1))),
    );
    const metadata: Record<string, string> = { shopify_customer_id: c.ids.shopify! };
    if (c.ids.netsuite) metadata.netsuite_customer_id = c.ids.netsuite;
    ctx.emit('stripe/customers', stripeCustomer(c, c.ids.stripe!, metadata));
  }
  ctx.emit('truth/customers', customerJson(c));

  const linked = c.inCrm && linkedNetSuite !== null;
  const keys = {
    salesforce: c.ids.salesforceAccount ?? '',
    netsuite: c.ids.netsuite ?? '',
    match: c.ids.netsuite ?? '',
  };
  if (linked && deleted) {
    ctx.manifest.disagree({
      kind: 'awkward',
      category: 'deleted-record',
      systems: ['salesforce', 'netsuite'],
      entity: 'customer',
      keys,
      field: 'deleted',
      values: { salesforce: true, netsuite: false },
      description: `Salesforce account ${keys.salesforce} is in the recycle bin; NetSuite customer ${keys.netsuite} is active`,
    });
  }
  if (linked && crmPhone !== nsPhone && !(isEmpty(crmPhone) && isEmpty(nsPhone))) {
    ctx.manifest.disagree({
      kind: 'awkward',
      category: 'concurrent-edit',
      systems: ['salesforce', 'netsuite'],
      entity: 'customer',
      keys,
      field: 'phone',
      values: { salesforce: crmPhone, netsuite: nsPhone },
      description: `phone edited in Salesforce and NetSuite 1.3 s apart, to different numbers`,
    });
  }
  if (linked && changedAddress) {
    ctx.manifest.disagree({
      kind: 'planted',
      category: 'changed-address',
      systems: ['salesforce', 'netsuite'],
      entity: 'customer',
      keys,
      field: 'address1',
      values: { salesforce: c.address.address1, netsuite: nsAddress1 },
      description: `billing street changed in NetSuite only`,
    });
  }
  for (const name of c.cases) {
    if (name === 'deletedRecord' || name === 'concurrentEdit' || name === 'ambiguousCrmMatch') continue;
    ctx.manifest.awkwardCase({
      case: name,
      entity: 'customer',
      keys: {
        netsuite: c.ids.netsuite ?? '',
        salesforce: c.ids.salesforceAccount ?? '',
        shopify: c.ids.shopify ?? '',
      },
      detail: customerCaseDetail(name, c),
    });
  }
}

function isEmpty(value: string | null): boolean {
  return value === null || value === '';
}

function customerCaseDetail(name: string, c: TruthCustomer): string {
  switch (name) {
    case 'noEmail':
      return 'no email: null in Salesforce, HubSpot, Shopify and Stripe; absent in NetSuite';
    case 'duplicateEmail':
      return `email ${JSON.stringify(c.email)} is shared with another customer, differing in case and whitespace`;
    case 'nullVsEmpty':
      return 'phone is null in Salesforce, HubSpot, Shopify and Stripe but "" in NetSuite';
    case 'prospectNoEmail':
      return 'CRM prospect with a phone and no email: a NetSuite account that makes email mandatory refuses it as a customer';
    case 'longName':
      return `company name of ${c.company?.length ?? 0} characters; NetSuite holds the first 83`;
    default:
      return name;
  }
}
