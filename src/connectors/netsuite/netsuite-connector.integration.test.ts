/**
 * The NetSuite connector against the NetSuite simulator over real HTTP on loopback: the connector
 * contract suite, then what is specific to NetSuite — both auth schemes end to end, paging and the
 * keyset reader, the shared concurrency pool, PropertyNameValidation and write marking.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from '../../../sandbox/netsuite/index.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { AccordError, AuthenticationFailed, toError, ValidationRejected } from '../../model/errors.ts';
import type { SystemRecord } from '../connector.ts';
import { createNetSuiteConnector, type NetSuiteConnectorConfig } from './netsuite-connector.ts';
import { OAuth2ClientCredentials } from './oauth2-client-credentials.ts';
import { signTba } from './tba-signer.ts';

const TIME_ZONE = 'America/Los_Angeles';
const MARKER = 'custentity_accord_write';

async function startSim(options: Parameters<typeof startNetSuiteSimulator>[0] = {}) {
  return startNetSuiteSimulator({
    seed: 11,
    timeZone: TIME_ZONE,
    customFields: { [MARKER]: { type: 'string', recordTypes: ['customer'] } },
    ...options,
  });
}

function connectorFor(sim: NetSuiteSimulator, extra: Partial<NetSuiteConnectorConfig> = {}) {
  return createNetSuiteConnector({
    system: 'netsuite-sb1',
    accountId: sim.accountId,
    timeZone: TIME_ZONE,
    baseUrl: sim.url,
    auth: { kind: 'tba', ...sim.tba },
    writeMarker: { fields: { customer: MARKER } },
    ...extra,
  });
}

const subsidiary = { id: SEEDED.subsidiaries.us };
const customer = (n: number | string, tag = 'x') => ({
  companyName: `Customer ${tag} ${n}`,
  email: `c${n}-${tag}@example.test`,
  subsidiary,
});

describeConnectorContract('netsuite', async () => {
  const sim = await startSim({ concurrency: 3 });
  const connector = connectorFor(sim, { concurrency: 3 });
  return {
    connector,
    objectType: 'customer',
    sample: (n) => customer(n, 'contract'),
    change: (n) => ({ companyName: `Customer contract ${n} renamed` }),
    // A reference to a subsidiary that does not exist: NetSuite answers 400 INVALID_CONTENT.
    invalid: () => ({ companyName: 'Broken Co', subsidiary: { id: '987654' } }),
    matchField: 'email',
    matchValue: (n) => `c${n}-contract@example.test`,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap: 3,
    maxInFlightSeen: () => sim.server.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.server.faults.push({ kind, count });
    },
    secrets: [sim.tba.consumerSecret, sim.tba.tokenSecret, sim.oauth2.privateKeyPem],
    close: async () => {
      await connector.close();
      await sim.close();
    },
  };
});

describe('NetSuite connector against the simulator', () => {
  let sim: NetSuiteSimulator;
  beforeAll(async () => {
    sim = await startSim({ concurrency: 4 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  describe('authentication', () => {
    it('signs with TBA whichever spelling of the account id it is given', async () => {
      const hostSpelling = sim.accountId.replace(/_/g, '-').toLowerCase();
      const connector = connectorFor(sim, { accountId: hostSpelling });
      const written = await connector.upsert({
        objectType: 'customer',
        externalId: 'auth-tba-1',
        fields: customer(1, 'tba'),
        idempotencyKey: 'auth-tba-1:v1',
      });
      expect((await connector.get('customer', written.id))?.fields.email).toBe('c1-tba@example.test');
      await connector.close();
    });

    it('refuses a wrong TBA secret as AuthenticationFailed, without the secret in the error', async () => {
      const wrong = { ...sim.tba, tokenSecret: 'definitely-not-the-secret' };
      const connector = connectorFor(sim, { auth: { kind: 'tba', ...wrong } });
      const error = await connector.get('customer', '1').then(() => undefined, toError);
      expect(error).toBeInstanceOf(AuthenticationFailed);
      expect((error as AccordError).retryable).toBe(false);
      expect((error as AccordError).system).toBe('netsuite-sb1');
      expect(JSON.stringify({ m: error?.message, e: error })).not.toContain(wrong.tokenSecret);
      expect(JSON.stringify({ m: error?.message, e: error })).not.toContain(wrong.consumerSecret);
      await connector.close();
    });

    it('uses OAuth 2.0 client credentials with a JWT assertion, and caches the token', async () => {
      const connector = connectorFor(sim, { auth: { kind: 'oauth2', ...sim.oauth2 } });
      const written = await connector.upsert({
        objectType: 'customer',
        externalId: 'auth-oauth2-1',
        fields: customer(1, 'oauth2'),
        idempotencyKey: 'auth-oauth2-1:v1',
      });
      expect(written.created).toBe(true);
      expect((await connector.getByExternalId('customer', 'auth-oauth2-1'))?.id).toBe(written.id);
      const auth = connector.auth as { tokenRequests?: number };
      expect(auth.tokenRequests).toBe(1);
      await connector.close();
    });

    it('renews the OAuth 2.0 token shortly before it expires, with an ES256 certificate', async () => {
      const es = await startSim({ oauth2Algorithm: 'ES256' });
      // The client's clock starts 56 minutes in the past, then jumps to now: the first token,
      // valid 60 minutes, then has 4 minutes left — inside the 5-minute renewal margin.
      let now = Date.now() - 56 * 60_000;
      const client = new OAuth2ClientCredentials({
        system: 'netsuite-sb1',
        tokenUrl: `${es.url}/services/rest/auth/oauth2/v1/token`,
        ...es.oauth2,
        assertionLifetimeSeconds: 3600,
        now: () => now,
      });
      expect(es.oauth2.algorithm).toBe('ES256');
      const url = `${es.url}/services/rest/record/v1/customer/${SEEDED.customers.acme}`;
      const first = await client.authorize('GET', url);
      expect(await client.authorize('GET', url)).toBe(first);
      expect(client.tokenRequests).toBe(1);
      expect((await fetch(url, { headers: { authorization: first } })).status).toBe(200);
      now = Date.now();
      const second = await client.authorize('GET', url);
      expect(second).not.toBe(first);
      expect(client.tokenRequests).toBe(2);
      expect((await fetch(url, { headers: { authorization: second } })).status).toBe(200);
      await es.close();
    });

    it('refuses an OAuth 2.0 certificate id that is not mapped, without the key in the error', async () => {
      const connector = connectorFor(sim, {
        auth: { kind: 'oauth2', ...sim.oauth2, certificateId: 'not-a-mapped-certificate' },
      });
      const error = await connector.get('customer', '1').then(() => undefined, toError);
      expect(error).toBeInstanceOf(AuthenticationFailed);
      expect(error?.message).toContain('not-a-mapped-certificate');
      expect(JSON.stringify({ m: error?.message, e: error })).not.toContain(
        sim.oauth2.privateKeyPem.slice(40, 80),
      );
      await connector.close();
    });
  });

  describe('reading', () => {
    it('finds a match value whatever its case when asked to: two people sharing an email typed differently are two hits', async () => {
      sim.seed('customer', { companyName: 'Lower', email: 'shared.case@example.test', subsidiary });
      sim.seed('customer', { companyName: 'Upper', email: 'Shared.Case@EXAMPLE.TEST', subsidiary });
      const connector = connectorFor(sim);
      const hits = await connector.findByField('customer', 'email', 'shared.case@example.test', {
        ignoreCase: true,
      });
      expect(hits.map((h) => h.fields.companyName).sort()).toEqual(['Lower', 'Upper']);
      const exact = await connector.findByField('customer', 'email', 'shared.case@example.test');
      expect(exact.map((h) => h.fields.companyName)).toEqual(['Lower']);
    });

    it('pages change capture beyond one SuiteQL page, in (modifiedAt, id) order, with every page at offset 0', async () => {
      for (let n = 0; n < 2_350; n++)
        sim.seed('customer', { ...customer(n, 'bulk'), externalId: `bulk-${n}` });
      const connector = connectorFor(sim, { changeShape: 'row' });
      sim.server.inspect.reset();
      const seen: SystemRecord[] = [];
      let pages = 0;
      for await (const page of connector.readChanges({ objectType: 'customer', pageSize: 1000 })) {
        pages += 1;
        seen.push(...page);
      }
      const bulk = seen.filter((r) => r.externalId?.startsWith('bulk-'));
      expect(bulk).toHaveLength(2_350);
      expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
      expect(pages).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < seen.length; i++) {
        const a = seen[i - 1]!;
        const b = seen[i]!;
        expect(
          a.modifiedAt < b.modifiedAt || (a.modifiedAt === b.modifiedAt && Number(a.id) < Number(b.id)),
        ).toBe(true);
      }
      const queries = sim.server.inspect.requests().filter((r) => r.path.includes('/query/v1/suiteql'));
      expect(queries.length).toBe(pages + (seen.length % 1000 === 0 ? 1 : 0));
      for (const q of queries) expect(q.path).toMatch(/offset=0(&|$)/);
      await connector.close();
    });

    it('reads past the per-query row cap by keyset, where offset paging would be refused', async () => {
      // The real cap is 100,000 rows per query; a simulator with a cap of 1,000 crosses it with
      // 2,500 rows, so the test proves "beyond the cap" without a 100,000-row account.
      const capped = await startSim({ concurrency: 4, suiteqlMaxRows: 1_000 });
      try {
        for (let n = 0; n < 2_500; n++)
          capped.seed('customer', { ...customer(n, 'capped'), externalId: `capped-${n}` });
        const connector = connectorFor(capped, { changeShape: 'row' });
        const seen: SystemRecord[] = [];
        for await (const page of connector.readChanges({ objectType: 'customer', pageSize: 500 }))
          seen.push(...page);
        const ours = seen.filter((r) => r.externalId?.startsWith('capped-'));
        expect(ours).toHaveLength(2_500);
        expect(new Set(ours.map((r) => r.id)).size).toBe(2_500);
        // One query can reach at most 1,000 rows here: 2,500 means several keyset queries, each
        // starting at offset 0 (an offset past the cap is refused by the simulator, as by NetSuite).
        const queries = capped.server.inspect.requests().filter((r) => r.path.includes('/query/v1/suiteql'));
        expect(queries.length).toBeGreaterThanOrEqual(5);
        for (const q of queries) expect(q.path).toMatch(/offset=0(&|$)/);
        expect(queries.every((q) => q.status === 200)).toBe(true);
        await connector.close();
      } finally {
        await capped.close();
      }
    });

    it('does not skip a record that is modified while the reader is between pages', async () => {
      const connector = connectorFor(sim, { changeShape: 'row' });
      const ids: string[] = [];
      let modified: string | undefined;
      for await (const page of connector.readChanges({ objectType: 'customer', pageSize: 500 })) {
        ids.push(...page.map((r) => r.id));
        if (!modified) {
          // Someone edits a record we already read: it moves to the end of the order.
          modified = page[3]!.id;
          await connector.upsert({
            objectType: 'customer',
            externalId: page[3]!.externalId ?? `moved-${modified}`,
            id: modified,
            fields: { comments: 'edited mid-read' },
            idempotencyKey: `moved-${modified}`,
          });
        }
      }
      const all = sim.records('customer').map((r) => String(r.id));
      for (const id of all) expect(ids).toContain(id);
      // Seen twice — at its old place and at its new one — never zero times.
      expect(ids.filter((id) => id === modified)).toHaveLength(2);
      await connector.close();
    });

    it('keeps full timestamps: records modified before account-local midnight are not lost', async () => {
      // Two records stamped at chosen instants, put in place through a snapshot (the REST API
      // never lets a client set lastModifiedDate): 06:00Z is 22:00 on the 27th in Los Angeles,
      // 09:00Z is 01:00 on the 28th. A cursor at 05:00Z must return both; a date-only cursor
      // ("modified on or after 11/28") would lose the first, and reading the local timestamps as
      // UTC would misplace both by eight hours.
      const tz = await startSim();
      const early = tz.seed('customer', { ...customer('early', 'tz'), externalId: 'tz-early' });
      const late = tz.seed('customer', { ...customer('late', 'tz'), externalId: 'tz-late' });
      const file = join(await mkdtemp(join(tmpdir(), 'accord-ns-')), 'account.json');
      await tz.snapshot(file);
      const state = JSON.parse(await readFile(file, 'utf8')) as {
        tables: Record<string, Array<Record<string, unknown>>>;
      };
      for (const record of state.tables.customer ?? []) {
        record.lastModifiedDate =
          record.id === early
            ? '2026-11-28T06:00:00Z'
            : record.id === late
              ? '2026-11-28T09:00:00Z'
              : '2026-11-27T12:00:00Z';
      }
      await writeFile(file, JSON.stringify(state), 'utf8');
      await tz.restore(file);
      const connector = connectorFor(tz);
      const seen: SystemRecord[] = [];
      for await (const page of connector.readChanges({
        objectType: 'customer',
        since: { modifiedAt: '2026-11-28T05:00:00.000Z', id: '0' },
      }))
        seen.push(...page);
      expect(seen.map((r) => [r.id, r.modifiedAt])).toEqual([
        [early, '2026-11-28T06:00:00.000Z'],
        [late, '2026-11-28T09:00:00.000Z'],
      ]);
      // Inclusive on (modifiedAt, id): the record exactly at the cursor comes back.
      const again: SystemRecord[] = [];
      for await (const page of connector.readChanges({
        objectType: 'customer',
        since: { modifiedAt: '2026-11-28T09:00:00.000Z', id: late },
      }))
        again.push(...page);
      expect(again.map((r) => r.id)).toEqual([late]);
      await connector.close();
      await tz.close();
    });
  });

  describe('describing', () => {
    it('reports record types from the metadata catalog and the subsidiaries and currencies configured', async () => {
      const connector = connectorFor(sim);
      const schema = await connector.describe();
      const fields = schema.objects.find((o) => o.name === 'customer')?.fields ?? [];
      expect(fields.find((f) => f.name === MARKER)).toMatchObject({ custom: true });
      expect(fields.find((f) => f.name === 'subsidiary')).toMatchObject({ references: 'subsidiary' });
      expect(fields.find((f) => f.name === 'companyName')).toMatchObject({ custom: false });
      expect(schema.objects.some((o) => o.custom && o.name.startsWith('customrecord'))).toBe(true);
      expect(schema.configuration.currencies).toEqual(expect.arrayContaining(['USD', 'JPY']));
      expect(schema.configuration.subsidiaries).toContain(`${SEEDED.subsidiaries.jp}:Accord KK (Japan)`);
      await connector.close();
    });
  });

  describe('writing', () => {
    it('makes an unknown (renamed) field fail loudly with PropertyNameValidation: Error', async () => {
      const sent: Array<Record<string, string>> = [];
      const recordingFetch: typeof fetch = async (input, init) => {
        if (init?.method && init.method !== 'GET') sent.push({ ...(init.headers as Record<string, string>) });
        return fetch(input, init);
      };
      const connector = connectorFor(sim, { fetch: recordingFetch });
      const error = await connector
        .upsert({
          objectType: 'customer',
          externalId: 'renamed-field',
          fields: { ...customer('renamed', 'pnv'), custentity_old_name: 'value' },
          idempotencyKey: 'renamed-field:v1',
        })
        .then(() => undefined, toError);
      expect(error).toBeInstanceOf(ValidationRejected);
      expect((error as ValidationRejected).detail.path).toContain('custentity_old_name');
      expect(error?.message).toContain('custentity_old_name');
      expect(await connector.getByExternalId('customer', 'renamed-field')).toBeUndefined();
      const writes = sent.filter((h) => !('prefer' in h));
      expect(writes.length).toBeGreaterThan(0);
      for (const headers of writes) expect(headers['x-netsuite-propertynamevalidation']).toBe('Error');
      await connector.close();
    });

    it('marks its own writes so scripts and echo detection can recognise them', async () => {
      const connector = connectorFor(sim, {
        writeMarker: { fields: { customer: MARKER }, externalIdPrefix: 'accord:' },
      });
      const result = await connector.upsert({
        objectType: 'customer',
        externalId: 'shop-77',
        fields: customer(77, 'marked'),
        idempotencyKey: 'flow-a:shop-77:v3',
      });
      const stored = sim.records('customer').find((r) => String(r.id) === result.id)!;
      expect(stored[MARKER]).toBe('flow-a:shop-77:v3');
      expect(stored.externalId).toBe('accord:shop-77');
      // Callers keep speaking their own external id.
      expect(result.record?.externalId).toBe('shop-77');
      expect((await connector.getByExternalId('customer', 'shop-77'))?.id).toBe(result.id);
      await connector.close();
    });
  });

  describe('failures', () => {
    it('gives up on a request NetSuite holds past the deadline and retries it, since a read is idempotent', async () => {
      const connector = connectorFor(sim, { timeoutMs: 400, readGovernanceLimits: false });
      sim.server.faults.push({
        kind: 'timeout',
        count: 1,
        pathIncludes: `/customer/${SEEDED.customers.acme}`,
      });
      const record = await connector.get('customer', SEEDED.customers.acme);
      expect(record?.fields.companyName).toBe('Acme Corp');
      // The held GET and its retry, then the account's currency table (read once per connector)
      // that gives the record's currency its ISO code.
      expect(connector.stats().requests).toBe(3);
      expect((record?.fields.currency as { symbol?: string } | undefined)?.symbol).toBe('USD');
      await connector.close();
    });

    it('reports a timeout that outlasts its retries as a retryable TransientUpstream naming the record', async () => {
      const connector = connectorFor(sim, { timeoutMs: 200, readGovernanceLimits: false });
      sim.server.faults.push({
        kind: 'timeout',
        count: 3,
        pathIncludes: `/customer/${SEEDED.customers.tokyo}`,
      });
      const error = await connector.get('customer', SEEDED.customers.tokyo).then(() => undefined, toError);
      expect(error).toBeInstanceOf(AccordError);
      expect((error as AccordError).retryable).toBe(true);
      expect((error as AccordError).recordId).toBe(SEEDED.customers.tokyo);
      await connector.close();
    });
  });

  describe('user event scripts', () => {
    it("lets a script tell Accord's own saves from everyone else's by the marker field", async () => {
      // The account's script: stamp records edited by people or other integrations for review,
      // but leave Accord's writes alone (they carry a new marker value each time).
      const scripted = await startSim({
        scripts: [
          {
            scriptId: 'customscript_review_external_edits',
            recordTypes: ['customer'],
            beforeSubmit: (ctx) => {
              const fromAccord =
                ctx.newRecord[MARKER] !== undefined && ctx.newRecord[MARKER] !== ctx.oldRecord?.[MARKER];
              if (!fromAccord) ctx.newRecord.comments = 'needs review';
            },
          },
        ],
      });
      const connector = connectorFor(scripted);
      const first = await connector.upsert({
        objectType: 'customer',
        externalId: 'scripted-1',
        fields: customer(1, 'scripted'),
        idempotencyKey: 'scripted-1:v1',
      });
      expect(first.record?.fields.comments).toBeUndefined();
      // Another integration edits the record through REST, without the marker.
      const url = `${scripted.url}/services/rest/record/v1/customer/${first.id}`;
      const res = await fetch(url, {
        method: 'PATCH',
        headers: {
          authorization: signTba(
            { method: 'PATCH', url },
            { accountId: scripted.accountId, ...scripted.tba },
          ),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ phone: '+1 555 0100' }),
      });
      expect(res.status).toBe(204);
      expect((await connector.get('customer', first.id))?.fields.comments).toBe('needs review');
      // Accord's next write is recognised again, and the read-back shows what the script left.
      const second = await connector.upsert({
        objectType: 'customer',
        externalId: 'scripted-1',
        fields: { companyName: 'Customer scripted 1 renamed', comments: null },
        idempotencyKey: 'scripted-1:v2',
      });
      expect(second.created).toBe(false);
      expect(second.record?.fields[MARKER]).toBe('scripted-1:v2');
      expect(second.record?.fields.comments ?? null).toBeNull();
      await connector.close();
      await scripted.close();
    });
  });

  describe('governance', () => {
    it('retries 429 CONCURRENCY_LIMIT_EXCEEDED and shrinks its window', async () => {
      const connector = connectorFor(sim, { concurrency: 4, readGovernanceLimits: false });
      sim.server.faults.push({ kind: 'rate-limit', count: 3 });
      const result = await connector.upsert({
        objectType: 'customer',
        externalId: 'after-429',
        fields: customer(429, 'gov'),
        idempotencyKey: 'after-429:v1',
      });
      expect(result.created).toBe(true);
      expect(connector.stats().rateLimited).toBe(3);
      expect(connector.limiter.stats().rejected).toBe(3);
      expect(connector.limiter.stats().limit).toBeLessThan(4);
      await connector.close();
    });

    it('loses nothing and never exceeds the pool while other integrations occupy slots', async () => {
      const shared = await startSim({
        concurrency: 3,
        latencyMs: { min: 1, max: 4 },
        otherIntegrations: { maxSlots: 2, holdMs: { min: 2, max: 10 } },
      });
      const connector = connectorFor(shared, { concurrency: 3 });
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, n) =>
          connector.upsert({
            objectType: 'customer',
            externalId: `shared-${n}`,
            fields: customer(n, 'shared'),
            idempotencyKey: `shared-${n}:v1`,
          }),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(60);
      const stored = shared.records('customer').filter((r) => String(r.externalId).startsWith('shared-'));
      expect(stored).toHaveLength(60);
      expect(shared.server.inspect.maxInFlight()).toBeLessThanOrEqual(3);
      expect(connector.stats().maxInFlight).toBeLessThanOrEqual(3);
      await connector.close();
      await shared.close();
    });

    it("lowers its cap to the account's governance limit when the role may read it", async () => {
      const small = await startSim({ concurrency: 2 });
      const connector = connectorFor(small, { concurrency: 5 });
      expect(await connector.governanceLimit()).toBe(2);
      await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          connector.upsert({
            objectType: 'customer',
            externalId: `gl-${n}`,
            fields: customer(n, 'gl'),
            idempotencyKey: `gl-${n}:v1`,
          }),
        ),
      );
      expect(connector.limiter.stats().limit).toBeLessThanOrEqual(2);
      expect(small.server.inspect.maxInFlight()).toBeLessThanOrEqual(2);
      await connector.close();
      await small.close();
      const hidden = await startSim({ concurrency: 2, governanceLimitsVisible: false });
      const blind = connectorFor(hidden, { concurrency: 2 });
      const error = await blind.governanceLimit().then(() => undefined, toError);
      expect(error).toBeInstanceOf(AccordError);
      await blind.upsert({
        objectType: 'customer',
        externalId: 'blind-1',
        fields: customer(1, 'blind'),
        idempotencyKey: 'blind-1:v1',
      });
      expect(blind.limiter.stats().cap).toBe(2);
      await blind.close();
      await hidden.close();
    });
  });
});
