/**
 * Fidelity: `@hubspot/api-client`, unmodified (only `basePath` changed), against the simulator —
 * the calls an integration makes, with the shapes and status codes HubSpot documents.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from './hubspot-simulator.ts';

type ApiError = Error & { code: number; body: Record<string, unknown>; headers: Record<string, string> };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: ApiError) => e,
  );
const GTE = 'GTE' as never;
const EQ = 'EQ' as never;

describe('a HubSpot company created and edited through @hubspot/api-client behaves as HubSpot documents', () => {
  let sim: HubSpotSimulator;
  let client: Client;
  beforeAll(async () => {
    sim = await startHubSpotSimulator({ limits: { max: 100, intervalMs: 10_000, searchPerSecond: 100 } });
    client = new Client({ accessToken: sim.accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(() => sim.close());

  it('creates (201) with string properties, hs_object_id and timestamps, reads and updates', async () => {
    const created = await client.crm.companies.basicApi.create({
      properties: { name: 'Acme', domain: 'acme.example', annualrevenue: '1200000.50' },
      associations: [],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties).toMatchObject({
      name: 'Acme',
      annualrevenue: '1200000.50',
      hs_object_id: created.id,
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.archived).toBe(false);
    const read = await client.crm.companies.basicApi.getById(created.id, ['name', 'phone', 'annualrevenue']);
    expect(read.properties).toMatchObject({ name: 'Acme', phone: null, annualrevenue: '1200000.50' });
    const before = Date.parse(read.properties.hs_lastmodifieddate!);
    await new Promise((r) => setTimeout(r, 5));
    const updated = await client.crm.companies.basicApi.update(created.id, {
      properties: { phone: '+1 555 0100' },
    });
    expect(updated.properties.phone).toBe('+1 555 0100');
    expect(Date.parse(updated.properties.hs_lastmodifieddate!)).toBeGreaterThan(before);
    expect(updated.updatedAt.getTime()).toBeGreaterThan(updated.createdAt.getTime());
  });

  it('batch-upserts by a unique idProperty (new, then updated) and batch-reads by it', async () => {
    const input = (name: string) => ({
      inputs: [{ idProperty: 'netsuite_id', id: 'NS-2001', properties: { name } }],
    });
    const first = await client.crm.companies.batchApi.upsert(input('Globex'));
    expect(first.status).toBe('COMPLETE');
    expect(first.results[0]).toMatchObject({
      _new: true,
      properties: { name: 'Globex', netsuite_id: 'NS-2001' },
    });
    const second = await client.crm.companies.batchApi.upsert(input('Globex Ltd'));
    expect(second.results[0]).toMatchObject({ id: first.results[0]!.id, _new: false });
    const read = await client.crm.companies.batchApi.read({
      inputs: [{ id: 'NS-2001' }],
      idProperty: 'netsuite_id',
      properties: ['name'],
      propertiesWithHistory: [],
    });
    expect(read.results.map((r) => r.properties.name)).toEqual(['Globex Ltd']);
    const notUnique = await failure(
      client.crm.companies.batchApi.upsert({ inputs: [{ idProperty: 'name', id: 'x', properties: {} }] }),
    );
    expect(notUnique.code).toBe(400);
  });

  it('searches on hs_lastmodifieddate with after paging, EQ filters and one sort', async () => {
    const since = Date.now() - 1;
    for (let i = 0; i < 5; i++)
      await client.crm.companies.basicApi.create({
        properties: { name: `Paged ${i}`, city: i % 2 ? 'Lyon' : 'Oslo' },
        associations: [],
      });
    const request = (after: string) => ({
      filterGroups: [
        { filters: [{ propertyName: 'hs_lastmodifieddate', operator: GTE, value: String(since) }] },
      ],
      sorts: [JSON.stringify({ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' })],
      properties: ['name', 'city'],
      limit: 2,
      after,
    });
    const first = await client.crm.companies.searchApi.doSearch(request('0'));
    expect(first.total).toBe(5);
    expect(first.results.map((r) => r.properties.name)).toEqual(['Paged 0', 'Paged 1']);
    expect(first.paging?.next?.after).toBe('2');
    const names: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await client.crm.companies.searchApi.doSearch(request(after));
      names.push(...page.results.map((r) => r.properties.name!));
      after = page.paging?.next?.after;
    }
    expect(names).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);
    const lyon = await client.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'city', operator: EQ, value: 'lyon' }] }],
      properties: ['name'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(lyon.results.map((r) => r.properties.name)).toEqual(['Paged 1', 'Paged 3']);
    const tooBig = await failure(client.crm.companies.searchApi.doSearch({ ...request('0'), limit: 201 }));
    expect(tooBig.code).toBe(400);
    const pastCap = await failure(client.crm.companies.searchApi.doSearch({ ...request('9995'), limit: 10 }));
    expect(pastCap.code).toBe(400);
    expect(pastCap.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('lists property definitions with type, fieldType, options and hasUniqueValue', async () => {
    const { results } = await client.crm.properties.coreApi.getAll('companies');
    const prop = (name: string) => results.find((p) => p.name === name)!;
    expect(prop('industry')).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(prop('industry').options.map((o) => o.value)).toContain('COMPUTER_SOFTWARE');
    expect(prop('netsuite_id')).toMatchObject({
      type: 'string',
      hasUniqueValue: true,
      hubspotDefined: false,
    });
    expect(prop('hs_lastmodifieddate').modificationMetadata?.readOnlyValue).toBe(true);
  });

  it('answers invalid values with a VALIDATION_ERROR listing each property', async () => {
    const error = await failure(
      client.crm.companies.basicApi.create({
        properties: { name: 'X', industry: 'BASKET_WEAVING', annualrevenue: 'lots' },
        associations: [],
      }),
    );
    expect(error.code).toBe(400);
    expect(error.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(String(error.body.message)).toContain('INVALID_OPTION');
    expect((error.body.errors as { code: string }[]).map((e) => e.code)).toEqual([
      'INVALID_OPTION',
      'INVALID_DECIMAL',
    ]);
  });

  it('sends the X-HubSpot-RateLimit headers and answers 429 RATE_LIMIT past the 10-second allowance', async () => {
    const info = await client.crm.companies.basicApi.getPageWithHttpInfo(1);
    expect(info.headers['x-hubspot-ratelimit-max']).toBe('100');
    expect(Number(info.headers['x-hubspot-ratelimit-remaining'])).toBeLessThan(100);
    expect(info.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
    expect(info.headers['x-hubspot-ratelimit-daily']).toBe('650000');
    expect(Number(info.headers['x-hubspot-ratelimit-daily-remaining'])).toBeLessThan(650_000);
    const remaining = Number(info.headers['x-hubspot-ratelimit-remaining']);
    for (let i = 0; i < remaining; i++) await client.crm.companies.basicApi.getPage(1);
    const limited = await failure(client.crm.companies.basicApi.getPage(1));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      category: 'RATE_LIMITS',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    sim.limits.reset();
  });

  it('refuses a bad token with 401 and archives (204) so reads then 404', async () => {
    const stranger = new Client({
      accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000',
      basePath: sim.url,
    });
    const denied = await failure(stranger.crm.companies.basicApi.getPage(1));
    expect(denied.code).toBe(401);
    expect(denied.body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
    const { id } = await client.crm.companies.basicApi.create({
      properties: { name: 'Short-lived' },
      associations: [],
    });
    await client.crm.companies.basicApi.archive(id);
    expect((await failure(client.crm.companies.basicApi.getById(id))).code).toBe(404);
  });
});
