/**
 * `accord reconcile` end to end: the contract's systems opened from their settings (the Stripe
 * simulator over HTTP, a DuckDB file), the three report formats, the exit codes, history in the
 * store and the owner's alert on the log route.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackPayload } from '../../src/alerts/slack-payload.ts';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import type { ReconcileResult } from '../../src/reconcile/reconcile-result.ts';
import { buildPaymentsFixture, PAYMENTS_CONTRACT, type PaymentsFixture } from './payments-fixture.ts';

let fixture: PaymentsFixture;
let dir: string;
let contractFile: string;

beforeAll(async () => {
  fixture = await buildPaymentsFixture({ seed: 23, payments: 30 });
  await fixture.connectors.lake!.close();
  dir = await mkdtemp(join(tmpdir(), 'accord-reconcile-cli-'));
  contractFile = join(dir, 'payments.accord.yaml');
  const text = (await readFile(PAYMENTS_CONTRACT, 'utf8'))
    .replace(
      'apiKey: env:STRIPE_SECRET_KEY',
      `apiKey: env:RECONCILE_TEST_STRIPE_KEY\n      host: 127.0.0.1\n      port: ${fixture.stripe.port}\n      protocol: http`,
    )
    .replace('path: lake.duckdb', `path: ${JSON.stringify(fixture.lakePath)}`);
  await writeFile(contractFile, text);
  process.env.RECONCILE_TEST_STRIPE_KEY = fixture.stripe.apiKey;
});

afterAll(async () => {
  delete process.env.RECONCILE_TEST_STRIPE_KEY;
  await fixture.close();
  await rm(dir, { recursive: true, force: true });
});

describe('accord reconcile', () => {
  it('exits 1 out of tolerance, prints JSON with every planted finding, alerts the owner and records history', async () => {
    const io = captureIo();
    const store = join(dir, 'accord.db');
    const code = await main(
      ['reconcile', contractFile, '--format', 'json', '--store', store, '--no-progress'],
      io,
    );
    expect(code).toBe(1);
    const result = JSON.parse(io.out()) as ReconcileResult;
    expect(result.findings.length).toBe(fixture.planted.length);
    expect(result.agree).toBe(false);
    // The finance route is `log: warn`: the alerts module writes one pino line (level 40).
    const alert = JSON.parse(io.err().trim().split('\n').pop()!);
    expect(alert).toMatchObject({
      level: 40,
      msg: 'payments-to-lake: reconciliation payments-daily is out of tolerance',
      alert: {
        kind: 'reconcile-out-of-tolerance',
        flow: 'payments-to-lake',
        route: 'finance',
        facts: { rule: 'payments-daily' },
      },
    });
    expect(io.err()).not.toContain(fixture.stripe.apiKey);

    const history = captureIo();
    expect(await main(['reconcile', 'history', '--store', store, '--format', 'json'], history)).toBe(0);
    const runs = JSON.parse(history.out());
    expect(runs).toHaveLength(1);
    const none = captureIo();
    expect(await main(['reconcile', 'history', '--store', join(dir, 'absent.db')], none)).toBe(0);
    expect(none.out()).toMatch(/no reconciliation has been recorded yet/);
    expect(runs[0]).toMatchObject({
      rule: 'payments-daily',
      agree: false,
      findings: fixture.planted.length,
      sourceRecords: 30,
    });
  });

  it('writes one self-contained HTML report, escaped, with a chart per group and drill-down lists', async () => {
    const io = captureIo();
    const out = join(dir, 'report.html');
    expect(
      await main(['reconcile', contractFile, '--format', 'html', '--out', out, '--no-progress'], io),
    ).toBe(1);
    expect(io.out()).toMatch(/DO NOT agree/);
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    const groups = (html.match(/class="group( out)?"/g) ?? []).length;
    expect(groups).toBeGreaterThan(1);
    expect((html.match(/<svg /g) ?? []).length).toBe(groups);
    expect(html).toContain('<details');
    expect(html).toContain('pi_orphan_23_0');
  });

  it('prints a text report and a progress line on stderr', async () => {
    const io = captureIo();
    expect(await main(['reconcile', contractFile, '--period', '2026-10'], io)).toBe(1);
    expect(io.out().split('\n')[0]).toMatch(/^payments-daily \(2026-10\): the books DO NOT agree/);
    expect(io.err()).toMatch(/reconcile: done — stripe \d+ · lake \d+ records/);
  });

  it('exits 0 when the books agree', async () => {
    const clean = await buildPaymentsFixture({ seed: 31, payments: 8, plant: false });
    try {
      await clean.connectors.lake!.close();
      const file = join(dir, 'clean.accord.yaml');
      await writeFile(
        file,
        (await readFile(contractFile, 'utf8'))
          .replace(
            `host: 127.0.0.1\n      port: ${fixture.stripe.port}\n      protocol: http`,
            `baseUrl: ${clean.stripe.url}`,
          )
          .replace(JSON.stringify(fixture.lakePath), JSON.stringify(clean.lakePath)),
      );
      process.env.RECONCILE_TEST_STRIPE_KEY = clean.stripe.apiKey;
      const io = captureIo();
      expect(await main(['reconcile', file, '--no-progress'], io)).toBe(0);
      expect(io.out().split('\n')[0]).toMatch(
        /^payments-daily: the books agree — 8 stripe vs 8 lake, \d+ groups? within tolerance$/,
      );
      expect(io.err()).toBe('');
    } finally {
      process.env.RECONCILE_TEST_STRIPE_KEY = fixture.stripe.apiKey;
      await clean.close();
    }
  });

  it('exits 2 on bad input, naming what to fix', async () => {
    const badRule = captureIo();
    expect(await main(['reconcile', contractFile, '--rule', 'nope'], badRule)).toBe(2);
    expect(badRule.err()).toMatch(/no reconciliation rule "nope"; declared: payments-daily/);
    const badPeriod = captureIo();
    expect(await main(['reconcile', contractFile, '--period', '2026-13', '--no-progress'], badPeriod)).toBe(
      2,
    );
    expect(badPeriod.err()).toMatch(/--period must be a month YYYY-MM/);
    const noLinksStore = captureIo();
    expect(await main(['reconcile', contractFile, '--use-links'], noLinksStore)).toBe(2);
  });

  it("alerts the owner's webhook route once per rule and month: Slack-shaped, naming the rule and the groups out, no secret", async () => {
    const HOOK_SECRET = 'B0RECON/xT4mK8sV2wQ9rL6yN3';
    const received: SlackPayload[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        // Slack's incoming webhooks answer 200 "ok" to a well-formed JSON body on the secret path.
        if (req.headers['content-type'] !== 'application/json' || !req.url?.endsWith(HOOK_SECRET)) {
          res.writeHead(400).end('invalid_payload');
          return;
        }
        received.push(JSON.parse(body) as SlackPayload);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0001/${HOOK_SECRET}`;
    process.env.RECONCILE_TEST_HOOK = hookUrl;
    try {
      const file = join(dir, 'webhook.accord.yaml');
      const text = await readFile(contractFile, 'utf8');
      expect(text).toContain('  finance:\n    log: warn');
      await writeFile(
        file,
        text.replace('  finance:\n    log: warn', '  finance:\n    webhook: env:RECONCILE_TEST_HOOK'),
      );
      const store = join(dir, 'webhook.db');
      const first = captureIo();
      const args = ['reconcile', file, '--format', 'json', '--store', store, '--no-progress'];
      expect(await main(args, first)).toBe(1);
      const result = JSON.parse(first.out()) as ReconcileResult;
      const groupsOut = result.groups.filter((g) => !g.withinTolerance).map((g) => g.label);
      expect(groupsOut.length).toBeGreaterThan(0);
      // The same disagreement again within the window: grouped, not a second message.
      expect(await main(args, captureIo())).toBe(1);

      expect(received).toHaveLength(1);
      const payload = received[0]!;
      const whole = JSON.stringify(payload);
      expect(payload.text).toBe(
        '[error] payments-to-lake: reconciliation payments-daily is out of tolerance',
      );
      expect(payload.blocks[0]).toMatchObject({ type: 'header' });
      for (const label of groupsOut.slice(0, 20)) expect(whole).toContain(label);
      expect(whole).toContain('*rule*\\npayments-daily');
      expect(whole).toContain(`*groups out of tolerance*\\n${groupsOut.length}`);
      expect(whole).toContain('route finance');
      expect(whole).not.toContain(HOOK_SECRET);
      expect(whole).not.toContain(fixture.stripe.apiKey);
      expect(first.err()).not.toContain(HOOK_SECRET);
    } finally {
      delete process.env.RECONCILE_TEST_HOOK;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
