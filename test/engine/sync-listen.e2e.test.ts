/**
 * `accord sync --watch --listen`: the real command, as a process, receiving the Shopify
 * simulator's signed webhooks over loopback while it polls; the webhook's change written to
 * NetSuite once, then Ctrl-C ends the run with balanced counts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { simContractText } from './sim-contract.ts';
import { defaultSubsidiaryScript, type SimRig, simRig } from './sim-rig.ts';

const BIN = join(import.meta.dirname, '../../bin/accord.mjs');
let rig: SimRig | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await rig?.close();
  rig = undefined;
  child = undefined;
});

/** The sync's first poll has recorded its job (read through a connection of this process). */
function firstPollRecorded(db: string): boolean {
  if (!existsSync(db)) return false;
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const row = conn.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'succeeded'").get() as {
      n: number;
    };
    return row.n >= 1;
  } catch {
    return false; // tables not created yet
  } finally {
    conn.close();
  }
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('accord sync --watch --listen', () => {
  it('takes verified Shopify webhooks into the running sync and writes the change once', async () => {
    rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
    const file = join(rig.dir, 'accord.yaml');
    writeFileSync(file, simContractText(rig.contractOptions));
    const db = join(rig.dir, 'cli.db');
    // One customer before the sync starts: its first poll syncs it, and only then does the live one
    // arrive. Created earlier, the live customer could be read by that first poll before its
    // webhook landed (one job either way, but then the webhook's run would have captured nothing).
    rig.shop.store.createCustomer({
      email: 'early@example.com',
      firstName: 'Early',
      lastName: 'Poll',
      phone: null,
    });
    let out = '';
    let err = '';
    child = spawn(process.execPath, [BIN, 'sync', file, '--watch', '--listen', '0', '--store', db], {
      env: {
        ...process.env,
        ...rig.secrets,
        ACCORD_LOG_LEVEL: 'warn',
        ACCORD_MAIL_OUTBOX: join(rig.dir, 'outbox'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    const endpoint = await until(
      'the webhook endpoint',
      () => /receiving shopify webhooks at (http:\/\/\S+)/.exec(err)?.[1],
    );
    await until('the first poll to have synced the early customer', () =>
      rig!.ns.records('customer').some((c) => String(c.externalId ?? '').startsWith('shopify:')) &&
      firstPollRecorded(db)
        ? true
        : undefined,
    );
    rig.shop.webhooks.subscribe('customers/create', endpoint);
    rig.shop.store.createCustomer({
      email: 'live@example.com',
      firstName: 'Live',
      lastName: 'Hook',
      phone: null,
    });
    const delivered = await rig.shop.webhooks.flush({ copies: 2 });
    expect(
      delivered.map((d) => d.status),
      `deliveries; sync stderr:\n${err}`,
    ).toEqual([200, 200]);
    const ours = () =>
      rig!.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:'));
    await until('the live customer in NetSuite', () => (ours().length > 1 ? true : undefined));

    child.kill('SIGINT');
    expect(await exited, `exit code; sync stdout:\n${out}\nstderr:\n${err}`).toBe(0);
    expect(err).not.toContain('unexpected error');
    expect(out, err).toMatch(/customers: run \S+ (succeeded|interrupted)/);
    expect(out).toContain('balanced:');
    expect(ours()).toHaveLength(2);
    const store = await openSqliteStore(db);
    try {
      const runs = await store.runs.list({ flow: 'customers' });
      const hooked = runs.filter((r) => r.note?.startsWith('webhook:'));
      expect(hooked, `runs: ${JSON.stringify(runs)}\nsync stdout:\n${out}`).toHaveLength(1);
      expect(hooked[0]?.counts, `sync stdout:\n${out}\nstderr:\n${err}`).toMatchObject({
        captured: 1,
        written: 1,
        pending: 0,
      });
    } finally {
      await store.close();
    }
    for (const secret of Object.values(rig.secrets)) {
      expect(out).not.toContain(secret);
      expect(err).not.toContain(secret);
    }
  }, 150_000);
});
