/**
 * `accord sync` end to end: the real command against the NetSuite and Shopify simulators, secrets
 * from the environment, a store file — the balanced counts printed, exit codes, dry run, and no
 * credential anywhere in what it printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { simContractText } from './sim-contract.ts';
import { defaultSubsidiaryScript, type SimRig, seedShopifyCustomers, simRig } from './sim-rig.ts';

let rig: SimRig | undefined;
const saved = { ...process.env };
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  process.env = { ...saved };
});

async function setup(): Promise<{ file: string; db: string }> {
  rig = await simRig({ netsuite: { scripts: [defaultSubsidiaryScript] } });
  // The command opens its own store file; the rig's stays unused.
  const file = join(rig.dir, 'accord.yaml');
  writeFileSync(file, simContractText(rig.contractOptions));
  Object.assign(process.env, rig.secrets, {
    ACCORD_LOG_LEVEL: 'warn',
    ACCORD_MAIL_OUTBOX: join(rig.dir, 'outbox'),
  });
  return { file, db: join(rig.dir, 'cli.db') };
}

describe('accord sync', () => {
  it('runs a flow, prints balanced counts, exits 0; a dry run prints what it would write and writes nothing', async () => {
    const { file, db } = await setup();
    seedShopifyCustomers(rig!.shop, 12);
    const dry = captureIo();
    expect(await main(['sync', file, '--flow', 'customers', '--dry-run', '--store', db], dry)).toBe(0);
    expect(dry.out()).toContain('dry run: 12 write(s) would be made');
    expect(dry.out()).toMatch(
      /netsuite customer eid:shopify:gid:\/\/shopify\/Customer\/\d+ ← shopify:gid:\/\/shopify\/Customer\/\d+: \{"email":"buyer\d+@example.com"/,
    );
    expect(
      rig!.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:')),
    ).toHaveLength(0);

    const io = captureIo();
    const code = await main(['sync', file, '--store', db, '--once'], io);
    expect(io.err()).not.toContain('unexpected error');
    expect(code).toBe(0);
    expect(io.out()).toContain(
      'captured 12, written 12, unchanged 0, echoes 0, deleted 0, deadLettered 0, inReview 0, pending 0',
    );
    expect(io.out()).toContain('balanced: 12 captured = 12 finished + 0 pending');
    expect(
      rig!.ns.records('customer').filter((c) => String(c.externalId ?? '').startsWith('shopify:')),
    ).toHaveLength(12);
    // Progress as plain lines (not a TTY); nothing printed or stored carries a secret.
    expect(io.err()).toMatch(/customers \[done\] 12\/12 .*in flight .*netsuite \d\/5/);
    for (const secret of Object.values(rig!.secrets)) {
      expect(io.out()).not.toContain(secret);
      expect(io.err()).not.toContain(secret);
      expect(readFileSync(db).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('exits 1 when the run leaves dead letters, naming where to look', async () => {
    const { file, db } = await setup();
    rig!.ns.addScript({
      scriptId: 'customscript_require_phone',
      recordTypes: ['customer'],
      events: ['create'],
      beforeSubmit: (ctx) => {
        if (String(ctx.newRecord.lastName).endsWith('3'))
          throw new Error('Phone is required for this customer class');
      },
    });
    seedShopifyCustomers(rig!.shop, 4);
    const io = captureIo();
    expect(await main(['sync', file, '--store', db], io)).toBe(1);
    expect(io.out()).toContain('deadLettered 1');
    expect(io.out()).toContain('1 new dead letter(s): accord errors list --flow customers');
  });

  it('refuses a missing secret with exit 2, naming the reference, not a value', async () => {
    const { file, db } = await setup();
    delete process.env.NS_TOKEN_SECRET;
    const io = captureIo();
    expect(await main(['sync', file, '--store', db], io)).toBe(2);
    expect(io.err()).toContain('connection.tokenSecret');
    expect(io.err()).toContain('NS_TOKEN_SECRET');
  });
});
