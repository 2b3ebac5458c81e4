import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../../sandbox/hubspot/hubspot-simulator.ts';
import type { SystemRecord } from '../connector.ts';
import { HubSpotConnector } from './hubspot-connector.ts';

describe('the HubSpot connector over the seeded awkward dataset', () => {
  let sim: HubSpotSimulator;
  let connector: HubSpotConnector;
  beforeAll(async () => {
    sim = await startHubSpotSimulator({
      dataset: { seed: 42, companies: 25 },
      limits: { searchPerSecond: 100 },
    });
    connector = new HubSpotConnector({
      system: 'hubspot',
      accessToken: sim.accessToken,
      basePath: sim.url,
      searchPerSecond: 100,
    });
  });
  afterAll(() => sim.close());

  it('is deterministic for a seed', async () => {
    const again = await startHubSpotSimulator({ dataset: { seed: 42, companies: 25 } });
    try {
      const names = (s: HubSpotSimulator) =>
        s.portal.all('companies').map((o) => [o.properties.name, o.properties.annualrevenue]);
      expect(names(again)).toEqual(names(sim));
    } finally {
      await again.close();
    }
  });

  it('reads every live company once through search, and scans the same set through the list endpoint', async () => {
    const changed: SystemRecord[] = [];
    for await (const page of connector.readChanges({ objectType: 'companies', pageSize: 9 }))
      changed.push(...page);
    const live = sim.dataset!.companyIds.filter((id) => !sim.dataset!.awkward.archived!.includes(id));
    expect(changed.map((r) => r.id).sort()).toEqual([...live].sort());
    const scanned: SystemRecord[] = [];
    for await (const page of connector.scan({ objectType: 'companies', pageSize: 10 })) scanned.push(...page);
    expect(scanned.map((r) => r.id).sort()).toEqual([...live].sort());
  });

  it('scans through search, keyed on hs_object_id, when the property list is too long for a URL', async () => {
    const wide = new HubSpotConnector({
      system: 'hubspot',
      accessToken: sim.accessToken,
      basePath: sim.url,
      searchPerSecond: 100,
      maxPropertiesInUrl: 10,
    });
    sim.inspect.reset();
    const scanned: SystemRecord[] = [];
    for await (const page of wide.scan({ objectType: 'companies', pageSize: 8 })) scanned.push(...page);
    const live = sim.dataset!.companyIds.filter((id) => !sim.dataset!.awkward.archived!.includes(id));
    expect(scanned.map((r) => r.id)).toEqual([...live].sort((a, b) => Number(a) - Number(b)));
    expect(scanned[0]!.fields.credit_limit).not.toBeUndefined();
    const paths = sim.inspect.requests().map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/search')).length).toBeGreaterThanOrEqual(4);
    expect(paths.some((p) => /\/crm\/v3\/objects\/companies\?/.test(p))).toBe(false);
  });

  it('finds both companies sharing a domain and keeps non-Latin names', async () => {
    const twins = await connector.findByField('companies', 'domain', 'twinpeaks.example');
    expect(twins.map((r) => r.id).sort()).toEqual([...sim.dataset!.awkward['shared-domain']!].sort());
    expect((await connector.getByExternalId('companies', 'NS-CUST-9004'))?.fields.name).toBe(
      '株式会社サンプル',
    );
    const [noAmount] = sim.dataset!.awkward['no-amount']!;
    expect((await connector.get('deals', noAmount!))?.fields.amount).toBeNull();
  });

  it('describes enumeration options and custom properties for drift detection', async () => {
    const schema = await connector.describe();
    const companies = schema.objects.find((o) => o.name === 'companies')!;
    expect(companies.fields.find((f) => f.name === 'industry')?.enumValues).toContain('COMPUTER_SOFTWARE');
    expect(companies.fields.find((f) => f.name === 'netsuite_id')).toMatchObject({
      custom: true,
      type: 'string',
    });
    expect(schema.configuration.dealStages).toContain('closedwon');
    expect(schema.configuration.currencies).toEqual(['EUR', 'GBP', 'USD']);
  });
});
