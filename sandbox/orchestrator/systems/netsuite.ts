/**
 * NetSuite in the sandbox: the account simulator with fixed TBA credentials, loaded with the
 * generated account. The generated records (REST JSON: references `{id, refName}`, sublists
 * `{items}`) become the simulator's stored form (references `{id}`, sublists as line arrays) in a
 * snapshot file that the simulator's own `restore` reads — so the generated internal ids are kept
 * and nothing of the default seeded account remains. Snapshots are the simulator's own.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGIONS, readBusinessRecords, readBusinessSummary } from '../../generator/index.ts';
import { type NetSuiteSimulator, startNetSuiteSimulator } from '../../netsuite/index.ts';
import type { StartContext, SystemDriver } from '../sandbox-system.ts';
import { ACME_CUSTOM_FIELDS } from './netsuite-custom-fields.ts';

export const NETSUITE_ACCOUNT_ID = '123456_SB1';

const isReference = (v: unknown): v is { id: unknown } =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  'id' in v &&
  Object.keys(v).every((k) => k === 'id' || k === 'refName');

/** One REST JSON value → stored form. */
function stored(value: unknown, topLevel: boolean): unknown {
  if (isReference(value)) return { id: String(value.id) };
  if (Array.isArray(value)) return value.map((v) => stored(v, false));
  if (typeof value === 'object' && value !== null) {
    const items = (value as { items?: unknown }).items;
    if (Array.isArray(items) && Object.keys(value).length === 1) {
      // A sublist becomes its lines; a multi-select on the body (inventoryItem.subsidiary) has
      // no stored form in the simulator, which types it as one reference: its first value.
      const lines = items.map((v) => stored(v, false));
      return topLevel ? lines : lines[0];
    }
    // An address subrecord is stored whole, as the simulator's `address` kind holds it.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'addressBookAddress' ? v : stored(v, true)]),
    );
  }
  return value;
}

const SUBLISTS = new Set(['item', 'apply', 'addressBook']);

/** The generated account as a simulator snapshot file (format accord-netsuite-simulator/1). */
export async function writeNetSuiteSeedSnapshot(dir: string, file: string): Promise<void> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  let maxId = 99;
  for (const path of Object.keys(readBusinessSummary(dir).counts)) {
    if (!path.startsWith('netsuite/')) continue;
    const type = path.slice('netsuite/'.length);
    const rows: Record<string, unknown>[] = [];
    for await (const record of readBusinessRecords(dir, path)) {
      const row: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) {
        row[key] = stored(value, SUBLISTS.has(key));
      }
      // Rows of query-only tables (InventoryBalance) are keyed `<item>:<location>`, not by an id.
      if (/^\d+$/.test(String(row.id))) maxId = Math.max(maxId, Number(row.id));
      rows.push(row);
    }
    tables[type] = rows;
  }
  await writeFile(file, JSON.stringify({ format: 'accord-netsuite-simulator/1', nextId: maxId + 1, tables }));
}

export const netsuiteDriver: SystemDriver<NetSuiteSimulator> = {
  name: 'netsuite',
  newCredentials: () => ({
    accountId: NETSUITE_ACCOUNT_ID,
    consumerKey: randomBytes(32).toString('hex'),
    consumerSecret: randomBytes(32).toString('hex'),
    tokenId: randomBytes(32).toString('hex'),
    tokenSecret: randomBytes(32).toString('hex'),
  }),
  async start({ port, credentials, source }: StartContext) {
    const tba = {
      consumerKey: credentials.consumerKey ?? '',
      consumerSecret: credentials.consumerSecret ?? '',
      tokenId: credentials.tokenId ?? '',
      tokenSecret: credentials.tokenSecret ?? '',
    };
    // The generated subsidiaries (ids 1–5) tax new transactions at their region's rate.
    const taxNexus = Object.fromEntries(
      REGIONS.map((r) => [
        r.subsidiary.id,
        { country: r.subsidiary.country, taxRate: (r.taxRateBps / 10_000).toString() },
      ]),
    );
    const sim = await startNetSuiteSimulator({
      accountId: NETSUITE_ACCOUNT_ID,
      port,
      tba,
      taxNexus,
      concurrency: 15,
      // The fields the example contract maps, so its flows neither pause on drift nor dead-letter.
      customFields: ACME_CUSTOM_FIELDS,
    });
    try {
      if (source.kind === 'snapshot') await sim.restore(source.file);
      else {
        const file = join(
          tmpdir(),
          `accord-netsuite-seed-${process.pid}-${randomBytes(4).toString('hex')}.json`,
        );
        try {
          await writeNetSuiteSeedSnapshot(source.dir, file);
          await sim.restore(file);
        } finally {
          await rm(file, { force: true });
        }
      }
    } catch (error) {
      await sim.close();
      throw error;
    }
    return {
      name: 'netsuite',
      url: sim.url,
      port: Number(new URL(sim.url).port),
      credentials: { accountId: NETSUITE_ACCOUNT_ID, ...tba },
      env: {
        NETSUITE_CONSUMER_KEY: tba.consumerKey,
        NETSUITE_CONSUMER_SECRET: tba.consumerSecret,
        NETSUITE_TOKEN_ID: tba.tokenId,
        NETSUITE_TOKEN_SECRET: tba.tokenSecret,
      },
      sim,
      snapshot: (file) => sim.snapshot(file),
      close: () => sim.close(),
    };
  },
};
