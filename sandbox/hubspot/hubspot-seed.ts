/**
 * A seeded, realistic HubSpot dataset with the awkward cases: a company with no domain or phone,
 * two companies sharing a domain (an ambiguous match key), non-Latin names, a company created in
 * HubSpot without a NetSuite id, contacts whose emails differ only by case from another system's,
 * a contact without a name, deals in several currencies and one without an amount, and an
 * archived company. The same seed always gives the same data.
 *
 * @example
 *   const sim = await startHubSpotSimulator();
 *   seedHubSpotPortal(sim.portal, { seed: 7, companies: 40 });
 */
import { seededRandom } from '../shared/simulator-server.ts';
import type { HubSpotPortal } from './hubspot-portal.ts';

export interface HubSpotSeedOptions {
  seed?: number;
  /** Ordinary companies on top of the fixed awkward ones (default 30). */
  companies?: number;
}

export interface HubSpotSeedSummary {
  companyIds: string[];
  contactIds: string[];
  dealIds: string[];
  awkward: Record<string, string[]>;
}

const STEMS = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Hooli', 'Vandelay', 'Wonka'];
const INDUSTRIES = ['ACCOUNTING', 'APPAREL_FASHION', 'COMPUTER_SOFTWARE', 'RETAIL', 'WHOLESALE'];

export function seedHubSpotPortal(
  portal: HubSpotPortal,
  options: HubSpotSeedOptions = {},
): HubSpotSeedSummary {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const summary: HubSpotSeedSummary = { companyIds: [], contactIds: [], dealIds: [], awkward: {} };
  const write = (type: string, properties: Record<string, unknown>, awkward?: string): string => {
    const w = portal.write(type, undefined, properties);
    if (!w.ok) throw new Error(`seed: ${type} rejected: ${JSON.stringify(w)}`);
    if (awkward) summary.awkward[awkward] = [...(summary.awkward[awkward] ?? []), w.record.id];
    return w.record.id;
  };
  const company = (properties: Record<string, unknown>, awkward?: string) => {
    const id = write('companies', properties, awkward);
    summary.companyIds.push(id);
    return id;
  };

  company({ name: 'Silent Partner Ltd', netsuite_id: 'NS-CUST-9001' }, 'no-domain-no-phone');
  company({ name: 'Twin Peaks Trading', domain: 'twinpeaks.example' }, 'shared-domain');
  company({ name: 'Twin Peaks Trading (EU)', domain: 'twinpeaks.example' }, 'shared-domain');
  company({ name: '株式会社サンプル', country: 'Japan', netsuite_id: 'NS-CUST-9004' }, 'non-latin');
  company({ name: 'Hand-entered Lead', lifecyclestage: 'lead' }, 'no-netsuite-id');
  const archived = company({ name: 'Closed Down Ltd', netsuite_id: 'NS-CUST-9008' }, 'archived');
  portal.archive('companies', archived);

  for (let i = 0; i < (options.companies ?? 30); i++) {
    const stem = pick(STEMS);
    const id = company({
      name: `${stem} ${pick(['Logistics', 'Foods', 'Systems', 'Retail'])} #${i + 1}`,
      domain: `${stem.toLowerCase()}${i + 1}.example`,
      phone: `+1 555 ${String(2000 + i).padStart(4, '0')}`,
      industry: pick(INDUSTRIES),
      annualrevenue: String(Math.round(random() * 100_000_000) / 100),
      lifecyclestage: pick(['lead', 'opportunity', 'customer']),
      credit_limit: String(Math.round(random() * 5_000_000) / 100),
      payment_terms: pick(['net_15', 'net_30', 'net_60']),
      netsuite_id: `NS-CUST-${1000 + i}`,
    });
    const email = `Buyer.${i + 1}@${stem.toLowerCase()}.example`;
    summary.contactIds.push(
      write('contacts', {
        email,
        firstname: pick(['Ada', 'Grace', 'Alan']),
        lastname: pick(['Lovelace', 'Hopper', 'Turing']),
        company: String(id),
      }),
    );
    if (random() < 0.6) {
      summary.dealIds.push(
        write('deals', {
          dealname: `${stem} renewal ${i + 1}`,
          amount: String(Math.round(random() * 10_000_000) / 100),
          deal_currency_code: pick(['USD', 'EUR', 'GBP']),
          pipeline: 'default',
          dealstage: pick(['qualifiedtobuy', 'contractsent', 'closedwon', 'closedlost']),
          closedate: `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15T00:00:00.000Z`,
        }),
      );
    }
  }
  summary.contactIds.push(write('contacts', { email: 'no.name@example.test' }, 'contact-without-name'));
  summary.dealIds.push(
    write(
      'deals',
      { dealname: 'Amount to be agreed', pipeline: 'default', dealstage: 'appointmentscheduled' },
      'no-amount',
    ),
  );
  return summary;
}
