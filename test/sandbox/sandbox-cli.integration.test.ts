/**
 * The CLI end to end, as a user runs it: `accord sandbox up --detach` serves every simulator with
 * working credentials and a contract that passes `accord check`; `reset` restores a record changed
 * through an API; `down` stops the process and frees every port; the next `up` restores the state.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readSandboxState, type SandboxStateFile } from '../../sandbox/orchestrator/index.ts';
import { isAlive, runningPid } from '../../sandbox/orchestrator/sandbox-process.ts';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { type Endpoint, hubspot, netsuite, salesforce, shopify, stripe, wms } from './sandbox-clients.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/accord.mjs');
const dir = mkdtempSync(join(tmpdir(), 'accord-sandbox-cli-'));
const accord = (...args: string[]) => run(process.execPath, [BIN, 'sandbox', ...args, '--dir', dir]);

/** One authenticated read per system kind; the status it answers. */
async function authenticatedStatus(name: string, e: Endpoint): Promise<number> {
  if (name === 'netsuite')
    return (await netsuite(e, 'GET', '/services/rest/record/v1/customer?limit=1')).status;
  if (name.startsWith('shopify')) return (await shopify(e, '{ shop { name } }')).shop ? 200 : 500;
  if (name === 'stripe') return (await stripe(e, '/v1/customers?limit=1')).status;
  if (name === 'salesforce') return (await salesforce(e, '/sobjects/Account/describe')).status;
  if (name === 'hubspot') return (await hubspot(e, '/crm/v3/objects/companies?limit=1')).status;
  return (await wms(e, '/v1/orders?limit=1')).status;
}

/** The same read with a wrong secret. */
async function wrongSecretStatus(name: string, e: Endpoint): Promise<number> {
  const wrong = Object.fromEntries(Object.entries(e.credentials).map(([k, v]) => [k, `${v}x`]));
  const bad = { url: e.url, credentials: { ...wrong, shop: e.credentials.shop ?? '' } };
  if (name.startsWith('shopify')) {
    return (
      await fetch(`${e.url}/admin/api/2025-07/graphql.json`, {
        method: 'POST',
        headers: { 'X-Shopify-Access-Token': 'shpat_wrong', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ shop { name } }' }),
      })
    ).status;
  }
  return authenticatedStatus(name, bad);
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

afterAll(async () => {
  const pid = runningPid(dir);
  if (pid !== undefined) process.kill(pid, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('accord sandbox up --detach / reset / down', () => {
  let state: SandboxStateFile;

  it('serves every simulator with working sandbox credentials', async () => {
    const { stdout } = await accord('up', '--detach', '--seed', '7', '--scale', '2000');
    state = readSandboxState(dir)!;
    expect(Object.keys(state.systems).sort()).toEqual([
      'hubspot',
      'netsuite',
      'salesforce',
      'shopify',
      'shopify-eu',
      'shopify-jp',
      'shopify-kw',
      'shopify-uk',
      'stripe',
      'wms',
    ]);
    expect(runningPid(dir)).toBe(state.pid);
    for (const [name, system] of Object.entries(state.systems)) {
      expect(stdout).toContain(system.url);
      expect(await authenticatedStatus(name, system), name).toBe(200);
      expect(await wrongSecretStatus(name, system), name).toBe(401);
    }
  }, 120_000);

  it('writes an env file with every variable the contract references, and the contract passes accord check', async () => {
    const contract = readFileSync(join(dir, 'contract.yaml'), 'utf8');
    const env = readFileSync(join(dir, 'sandbox.env'), 'utf8');
    const references = [...contract.matchAll(/env:([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(5);
    for (const name of references) expect(env).toMatch(new RegExp(`^${name}='.+'$`, 'm'));
    expect(contract).toContain(`baseUrl: ${state.systems.netsuite?.url}`);
    const io = captureIo();
    const code = await main(['check', join(dir, 'contract.yaml')], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^PASS/m);
  });

  it('reset restores a record changed through an API', async () => {
    const hs = state.systems.hubspot!;
    const read = async () =>
      (
        (await (await hubspot(hs, '/crm/v3/objects/companies/9000000001')).json()) as {
          properties: { name: string };
        }
      ).properties.name;
    const original = await read();
    await hubspot(hs, '/crm/v3/objects/companies/9000000001', {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: 'Changed before reset' } }),
    });
    expect(await read()).toBe('Changed before reset');
    await accord('reset');
    expect(await read()).toBe(original);
  }, 60_000);

  it('down stops the process and frees every port; the next up restores the state', async () => {
    const hs = state.systems.hubspot!;
    await hubspot(hs, '/crm/v3/objects/companies/9000000001', {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: 'Kept across a restart' } }),
    });
    const pid = state.pid!;
    await accord('down');
    expect(isAlive(pid)).toBe(false);
    expect(runningPid(dir)).toBeUndefined();
    for (const [name, system] of Object.entries(state.systems))
      expect(await portIsFree(system.port), name).toBe(true);

    await accord('up', '--detach');
    const again = readSandboxState(dir)!;
    expect(again.systems.hubspot?.url).toBe(hs.url);
    const name = (
      (await (await hubspot(again.systems.hubspot!, '/crm/v3/objects/companies/9000000001')).json()) as {
        properties: { name: string };
      }
    ).properties.name;
    expect(name).toBe('Kept across a restart');
    await accord('down');
    expect(runningPid(dir)).toBeUndefined();
  }, 120_000);
});
