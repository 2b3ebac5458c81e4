import { describe, expect, it } from 'vitest';
import { ConnectionSettings } from '../../src/connectors/registry/connection-settings.ts';
import { buildConnector, buildConnectors } from '../../src/connectors/registry.ts';
import { parseContract } from '../../src/contract/index.ts';

const contract = (netsuiteConnection: string) => {
  const parsed = parseContract(
    `
accord: 1
name: registry-test
systems:
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection: { ${netsuiteConnection} }
  shopify: { kind: shopify, connection: { shop: acme.myshopify.com, accessToken: env:SHOP_TOKEN, baseUrl: "http://127.0.0.1:9" } }
teams: {}
alerts: {}
entities: {}
flows: {}
`,
    'registry-test.yaml',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.contract;
};
const TBA = 'consumerKey: env:CK, consumerSecret: env:CS, tokenId: env:TI, tokenSecret: env:TS';
const secrets: Record<string, string> = {
  CK: 'ck-0123456789',
  CS: 'cs-0123456789',
  TI: 'ti-0123456789',
  TS: 'ts-0123456789',
  SHOP_TOKEN: 'shpat_0123456789',
};

describe('connector registry', () => {
  it('builds one connector per system, of its kind, with the contract cap', async () => {
    const connectors = await buildConnectors(
      contract(`timeZone: America/New_York, baseUrl: "http://127.0.0.1:9", ${TBA}`),
      {
        resolver: (ref) => secrets[ref.name],
      },
    );
    expect([...connectors.keys()]).toEqual(['netsuite', 'shopify']);
    expect(connectors.get('netsuite')?.kind).toBe('netsuite');
    expect(connectors.get('shopify')?.kind).toBe('shopify');
    for (const c of connectors.values()) await c.close();
  });

  it('reports every missing secret by reference, never by value', async () => {
    await expect(
      buildConnectors(contract(`timeZone: UTC, ${TBA}`), {
        resolver: (ref) => (ref.name === 'CK' ? secrets.CK : undefined),
      }),
    ).rejects.toThrow(
      /connection\.consumerSecret[\s\S]*connection\.tokenId[\s\S]*connection\.tokenSecret[\s\S]*SHOP_TOKEN/,
    );
  });

  it('asks for the NetSuite account time zone instead of guessing it', async () => {
    await expect(buildConnectors(contract(TBA), { resolver: (ref) => secrets[ref.name] })).rejects.toThrow(
      "system netsuite: connection.timeZone is missing; set it to the account's time zone",
    );
  });

  it('a kind without a connector gets a clear "not available" error', () => {
    const c = contract(`timeZone: UTC, ${TBA}`);
    const system = { ...c.systems.netsuite!, kind: 'sap' as never };
    expect(() =>
      buildConnector({ contract: c, system, settings: new ConnectionSettings('erp', {}) }),
    ).toThrow(/no connector is available for kind "sap"/);
  });
});
