/**
 * Alerts end to end: the example contract's routes, a real loopback HTTP receiver standing in for
 * Slack's incoming webhook, de-duplication state in a real SQLite store file (across a restart),
 * an email outbox on disk, and the captured pino log.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadContract } from '../contract/loader.ts';
import type { Contract } from '../contract/model.ts';
import { createLogger, memoryDestination } from '../logging/logger.ts';
import { ManualClock } from '../store/clock.ts';
import { emptyRunCounts } from '../store/run-counts.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { DeadLetterEvent, OperationalEvent } from './alert-event.ts';
import { Alerter } from './alerter.ts';
import { OutboxEmailSender } from './outbox-email-sender.ts';
import type { SlackPayload } from './slack-payload.ts';
import { openSqliteAlertState } from './sqlite/sqlite-alert-state-repo.ts';

const WINDOW = 15 * 60_000;
const HOOK_SECRET = 'B07XQ1ZP9/Zt4mK8sV2wQ9rL6yN3';
const dir = mkdtempSync(join(tmpdir(), 'accord-alerts-'));
let contract: Contract;
let server: Server;
let received: SlackPayload[] = [];
let failNext = 0;
let hookUrl: string;

beforeAll(async () => {
  const loaded = await loadContract('examples/shopify-stripe-netsuite.yaml');
  if (!loaded.ok) throw new Error('example contract does not load');
  contract = loaded.contract;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal_error');
        return;
      }
      // Slack's incoming webhooks answer 200 "ok" to a well-formed JSON body.
      if (req.headers['content-type'] !== 'application/json' || !req.url?.endsWith(HOOK_SECRET)) {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      received.push(JSON.parse(body) as SlackPayload);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0001/${HOOK_SECRET}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  received = [];
  failNext = 0;
});

let n = 0;
async function setup(
  path = join(dir, `alerts-${n++}.db`),
  clock = new ManualClock(Date.parse('2026-11-28T15:00:00Z')),
) {
  const store = await openSqliteStore(path, { clock });
  const log = memoryDestination();
  const outbox = join(dir, `outbox-${n++}`);
  const alerter = new Alerter({
    contract,
    state: openSqliteAlertState(store),
    logger: createLogger({ destination: log, level: 'debug' }),
    resolver: (ref) => (ref.name === 'ONCALL_WEBHOOK_URL' ? hookUrl : undefined),
    emailSender: new OutboxEmailSender(outbox, { from: 'accord@acme.example' }),
    clock,
    windowMs: WINDOW,
  });
  return { store, alerter, clock, log, outbox, path };
}

const missingDepartment = (i: number): DeadLetterEvent => ({
  type: 'dead-letter',
  flow: 'orders',
  recordKey: `SO-${1000 + i}`,
  reason: `NetSuite rejected salesOrder SO-${1000 + i} (external id shopify-${5000 + i}): Please enter value(s) for: Department`,
  classification: 'VALIDATION_REJECTED',
  deadLetterId: i + 1,
  attempts: 1,
});

function close(store: SqliteStore) {
  return store.close();
}

describe('alerts', () => {
  it('turns 2,000 dead letters from one broken mapping into one Slack alert, then one "N more since"', async () => {
    const { store, alerter, clock, log } = await setup();
    const outcomes = [];
    for (let i = 0; i < 2000; i++) {
      outcomes.push(await alerter.notify(missingDepartment(i)));
      if (i % 100 === 0) clock.advance(1000);
    }
    expect(received).toHaveLength(1);
    expect(outcomes.filter((o) => o.sent > 0)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.fingerprint)).size).toBe(1);

    const first = received[0]!;
    expect(typeof first.text).toBe('string');
    expect(first.text).toBe('[error] orders: a record was dead-lettered');
    expect(first.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(first.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'orders: a record was dead-lettered', emoji: false },
    });
    const section = first.blocks[1] as { text: { type: string; text: string } };
    expect(section.text.type).toBe('mrkdwn');
    expect(section.text.text).toContain('SO-1000: NetSuite rejected salesOrder SO-1000');
    expect(section.text.text).toContain('`accord errors show 1`');
    const fields = (first.blocks[2] as { fields: { type: string; text: string }[] }).fields;
    expect(fields.map((f) => f.text)).toContain('*classification*\nVALIDATION_REJECTED');

    // Nothing more until the window has passed; then exactly one follow-up with the count.
    expect(await alerter.flush()).toEqual([]);
    clock.advance(WINDOW);
    const flushed = await alerter.flush();
    expect(flushed).toHaveLength(1);
    expect(received).toHaveLength(2);
    expect(received[1]!.blocks[0]).toMatchObject({
      text: { text: 'orders: 1999 more records were dead-lettered since 2026-11-28 15:00 UTC' },
    });
    expect(received[1]!.text).toContain('1999 more');
    expect(JSON.stringify(received[1]!.blocks[2])).toContain('*count*\\n1999');
    expect(await alerter.flush()).toEqual([]);

    // The webhook URL is a secret: never in what was posted, never in the log.
    expect(JSON.stringify(received)).not.toContain(HOOK_SECRET);
    expect(log.text()).not.toContain(HOOK_SECRET);
    await close(store);
  });

  it('keeps different problems, flows and kinds apart', async () => {
    const { store, alerter } = await setup();
    const events: OperationalEvent[] = [
      missingDepartment(1),
      missingDepartment(2), // same problem: held back
      {
        ...missingDepartment(3),
        reason: 'NetSuite rejected salesOrder SO-1003: Invalid subsidiary reference key 9',
      },
      { ...missingDepartment(4), classification: 'RATE_LIMITED', reason: 'NetSuite 429 after 8 attempts' },
      { ...missingDepartment(5), flow: 'inventory' },
      {
        type: 'review',
        flow: 'orders',
        kind: 'ambiguous-match',
        entity: 'customer',
        recordKey: 'c@x.test',
        reviewId: 4,
      },
      {
        type: 'review',
        flow: 'orders',
        kind: 'ambiguous-match',
        entity: 'customer',
        recordKey: 'd@x.test',
        reviewId: 5,
      },
      {
        type: 'stalled',
        flow: 'orders',
        system: 'netsuite',
        reason: 'concurrency pool full (5 of 5)',
        stalledMs: 600_000,
      },
      {
        type: 'unbalanced-run',
        flow: 'orders',
        runId: 'run-9',
        counts: { ...emptyRunCounts(), captured: 10, written: 8 },
        difference: 2,
      },
    ];
    for (const e of events) await alerter.notify(e);
    expect(
      received.map((p) =>
        p.blocks[0] && 'text' in p.blocks[0] ? (p.blocks[0].text as { text: string }).text : '',
      ),
    ).toEqual([
      'orders: a record was dead-lettered',
      'orders: a record was dead-lettered',
      'orders: a record was dead-lettered',
      'inventory: a record was dead-lettered',
      'orders: a decision is waiting for review',
      "orders: the flow is stalled on netsuite's limits",
      "orders: a run's counts do not balance",
    ]);
    const unbalanced = received[6]!;
    expect(JSON.stringify(unbalanced)).toContain('captured 10, accounted for 8 (2 missing)');
    await close(store);
  });

  it('remembers groups across a restart: no second "first" alert, and the follow-up counts both lives', async () => {
    const path = join(dir, 'restart.db');
    const clock = new ManualClock(Date.parse('2026-11-28T15:00:00Z'));
    const a = await setup(path, clock);
    for (let i = 0; i < 5; i++) await a.alerter.notify(missingDepartment(i));
    await close(a.store);
    clock.advance(60_000);
    const b = await setup(path, clock);
    for (let i = 5; i < 12; i++) await b.alerter.notify(missingDepartment(i));
    expect(received).toHaveLength(1);
    clock.advance(WINDOW);
    await b.alerter.notify(missingDepartment(12)); // the next event carries the held-back ones
    expect(received).toHaveLength(2);
    expect(received[1]!.text).toContain('12 more records were dead-lettered since 2026-11-28 15:00 UTC');
    await close(b.store);
  });

  it('logs a failed delivery without the URL, holds the count, and delivers it at the next flush', async () => {
    const { store, alerter, clock, log } = await setup();
    failNext = 1;
    const outcome = await alerter.notify(missingDepartment(0));
    expect(outcome).toMatchObject({ sent: 0, failed: ['webhook:integrations-oncall'] });
    const lines = log.lines().map((l) => JSON.parse(l) as { msg: string; err?: { message: string } });
    const failure = lines.find((l) => l.msg.startsWith('alert not delivered'));
    expect(failure?.err?.message).toBe(
      'alert route integrations-oncall (webhook env:ONCALL_WEBHOOK_URL): the webhook answered HTTP 500 (internal_error)',
    );
    expect(log.text()).not.toContain(HOOK_SECRET);
    expect(log.text()).not.toContain('127.0.0.1');
    clock.advance(WINDOW);
    await alerter.flush();
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain('1 more record');
    await close(store);
  });

  it('names the route, not the URL, when the webhook cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const store = await openSqliteStore(join(dir, 'unreachable.db'));
    const log = memoryDestination();
    const alerter = new Alerter({
      contract,
      state: openSqliteAlertState(store),
      logger: createLogger({ destination: log }),
      resolver: () => `http://127.0.0.1:${port}/services/T0001/${HOOK_SECRET}`,
    });
    expect(await alerter.notify(missingDepartment(0))).toMatchObject({ sent: 0 });
    expect(log.text()).toContain(
      'alert route integrations-oncall (webhook env:ONCALL_WEBHOOK_URL): could not reach the webhook (ECONNREFUSED)',
    );
    expect(log.text()).not.toContain(HOOK_SECRET);
    expect(log.text()).not.toContain(`127.0.0.1:${port}`);
    await close(store);
  });

  it('says which reference is missing when the webhook URL is not set, never guessing a value', async () => {
    const store = await openSqliteStore(join(dir, 'unset.db'));
    const log = memoryDestination();
    const alerter = new Alerter({
      contract,
      state: openSqliteAlertState(store),
      logger: createLogger({ destination: log }),
      resolver: () => undefined,
    });
    await alerter.notify(missingDepartment(0));
    expect(log.text()).toContain(
      'secret env:ONCALL_WEBHOOK_URL is not set — export ONCALL_WEBHOOK_URL in the environment that runs accord',
    );
    await close(store);
  });

  it('routes by the contract: email to the outbox for finance flows, the log for data-log, the log at error when there is no route', async () => {
    const { store, alerter, outbox, log } = await setup();
    await alerter.notify({
      ...missingDepartment(0),
      flow: 'payments',
      recordKey: 'pi_3Q',
      reason: 'amount has 3 decimals for USD',
    });
    await alerter.notify({ ...missingDepartment(0), flow: 'orders-to-warehouse' });
    await alerter.notify({ ...missingDepartment(0), flow: 'no-such-flow' });
    expect(received).toHaveLength(0);

    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(
      /^From: accord@acme\.example\r\nTo: finance-systems@acme\.example, controller@acme\.example\r\n/,
    );
    expect(eml).toContain('Subject: [accord error] payments: a record was dead-lettered\r\n');
    expect(eml).toContain('pi_3Q: amount has 3 decimals for USD');

    const lines = log
      .lines()
      .map((l) => JSON.parse(l) as { level: number; msg: string; alert?: { flow: string } });
    const warehouse = lines.find((l) => l.alert?.flow === 'orders-to-warehouse');
    expect(warehouse).toMatchObject({ level: 40, msg: 'orders-to-warehouse: a record was dead-lettered' });
    const orphan = lines.find((l) => l.alert?.flow === 'no-such-flow');
    expect(orphan?.level).toBe(50);
    expect(
      lines.some((l) => l.msg === 'flow no-such-flow is not in the contract; alert logged instead'),
    ).toBe(true);
    await close(store);
  });

  it('delivers events from an engine hook in the background', async () => {
    const { store, alerter } = await setup();
    const listeners: ((e: OperationalEvent) => void)[] = [];
    alerter.attach({ onEvent: (l) => listeners.push(l) });
    for (const l of listeners) l(missingDepartment(0));
    await alerter.idle();
    expect(received).toHaveLength(1);
    await alerter.stop();
    await close(store);
  });
});
