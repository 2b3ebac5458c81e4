/**
 * The operator surfaces on what the real engine produces (in-memory systems, SQLite store):
 * a broken mapping's dead letters reach the flow's webhook as ONE alert; reviews alert too;
 * `traceRecord` explains engine-written values; a retry and a review decision go back through the
 * engine and end written, with the run balanced.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OperationalEvent } from '../../src/alerts/alert-event.ts';
import { openAlerter } from '../../src/alerts/open-alerter.ts';
import type { SlackPayload } from '../../src/alerts/slack-payload.ts';
import type { Contract } from '../../src/contract/model.ts';
import { decideReview, retryDeadLetter } from '../../src/engine/operations/operator-actions.ts';
import { parseReviewDecision } from '../../src/engine/operations/review-decision.ts';
import { traceRecord } from '../../src/engine/operations/trace-record.ts';
import { createLogger, memoryDestination } from '../../src/logging/logger.ts';
import { ValidationRejected } from '../../src/model/errors.ts';
import { runBalance } from '../../src/store/run-counts.ts';
import { customersContract, type MemoryRig, memoryRig } from '../engine/memory-fixture.ts';

const HOOK_PATH = '/services/T01/B02/secretpart9f8e7d';
let server: Server;
let posts: SlackPayload[] = [];
let hookUrl = '';
let rig: MemoryRig | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      posts.push(JSON.parse(body) as SlackPayload);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${HOOK_PATH}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  posts = [];
});

/** The test contract, with the owner team's route posting to a webhook (a secret reference). */
function withWebhook(contract: Contract): Contract {
  const oncall = contract.alerts.oncall!;
  return {
    ...contract,
    alerts: { ...contract.alerts, oncall: { ...oncall, webhook: { provider: 'env', name: 'ONCALL_URL' } } },
  };
}

const customer = (n: number, extra: Record<string, unknown> = {}) => ({
  email: `c${n}@example.com`,
  profile: { name: `Customer ${n}` },
  tier: 'GOLD',
  credit: { amount: '100.50', currency: 'USD' },
  ...extra,
});

describe('operator surfaces on the engine', () => {
  it('one broken mapping: 30 dead letters, one alert; fixed and retried, every record written, the run balanced', async () => {
    let reject = true;
    const contract = withWebhook(customersContract());
    rig = await memoryRig(contract, {
      erp: {
        beforeWrite: (req) => {
          if (reject)
            throw new ValidationRejected(
              `erp refused customer ${req.externalId}: Please enter a value for Terms`,
              { status: 400, vendorCode: 'USER_ERROR' },
              { system: 'erp' },
            );
        },
      },
    });
    const log = memoryDestination();
    const alerter = openAlerter({
      contract,
      store: rig.store,
      logger: createLogger({ destination: log }),
      engine: rig.engine,
      env: { ONCALL_URL: hookUrl },
    });
    for (let i = 1; i <= 30; i++) rig.shop.put('Customer', customer(i));
    rig.shop.put('Customer', customer(31, { tier: 'PLATINUM' }));
    const run = await rig.engine.runFlow('customers', { once: true });
    await alerter.idle();
    expect(run.counts).toMatchObject({ captured: 31, deadLettered: 30, inReview: 1 });
    // Every engine event is an event the alerter understands (a compile-time check: no adapter).
    const alertable: readonly OperationalEvent[] = rig.events;
    expect(alertable.filter((e) => e.type === 'dead-letter')).toHaveLength(30);

    expect(posts.map((p) => p.text)).toEqual([
      '[error] customers: a record was dead-lettered',
      '[warning] customers: a decision is waiting for review',
    ]);
    expect(JSON.stringify(posts[0])).toContain('Please enter a value for Terms');
    expect(JSON.stringify(posts)).not.toContain('secretpart9f8e7d');
    expect(log.text()).not.toContain('secretpart9f8e7d');

    reject = false;
    const letters = await rig.store.deadLetters.list({ state: 'open' });
    for (const letter of letters) {
      await retryDeadLetter({ store: rig.store, queue: rig.queue }, letter.id, {
        by: 'ann',
        reason: 'Terms mapped',
      });
    }
    const [review] = await rig.store.reviews.list({ state: 'open' });
    const parsed = parseReviewDecision(review!, { value: 'silver' });
    if (!parsed.ok) throw new Error(parsed.message);
    await decideReview({ store: rig.store, queue: rig.queue }, review!.id, parsed.decision, { by: 'ann' });
    await rig.engine.runFlow('customers', { once: true });

    expect(rig.erp.records('customer')).toHaveLength(31);
    const counts = (await rig.store.runs.get(run.runId))!.counts;
    expect(counts).toMatchObject({ captured: 31, written: 31, deadLettered: 0, inReview: 0, pending: 0 });
    expect(runBalance(counts).balanced).toBe(true);
    await alerter.stop();
  });

  it('traces an engine-written value back to its source record, run, flow and rule', async () => {
    rig = await memoryRig(customersContract());
    const c = rig.shop.put('Customer', customer(1));
    const first = await rig.engine.runFlow('customers', { once: true });
    rig.shop.put('Customer', { profile: { name: 'Renamed Ltd' } }, c.id);
    const second = await rig.engine.runFlow('customers', { once: true });

    const report = await traceRecord(rig.store, { entity: 'customer', key: `shop:${c.id}`, field: 'name' });
    expect(report.systems.map((s) => s.system)).toEqual(['erp', 'shop']);
    const erp = report.systems[0]!;
    const name = erp.fields[0]!;
    expect(name).toMatchObject({ field: 'name', now: 'Renamed Ltd', changedSince: false });
    expect(name.lastWrite).toMatchObject({
      value: 'Renamed Ltd',
      before: 'Customer 1',
      sourceSystem: 'shop',
      runId: second.runId,
      flow: 'customers',
      rule: 'owner-changed',
    });
    expect(name.history.map((h) => h.runId)).toEqual([first.runId, second.runId]);
    const shop = report.systems[1]!;
    expect(shop).toMatchObject({ recordId: c.id });
    expect(shop.fields[0]).toMatchObject({ field: 'name', now: 'Renamed Ltd', lastWrite: undefined });

    // Support staff know the email, not the Shopify id; a value two records share is not guessed.
    const twin = rig.shop.put('Customer', customer(2, { profile: { name: 'Renamed Ltd' } }));
    await rig.engine.runFlow('customers', { once: true });
    const byEmail = await traceRecord(rig.store, { entity: 'customer', key: ' C1@Example.com' });
    expect(byEmail).toMatchObject({ foundBy: 'value', recordKeys: [`shop:${c.id}`] });
    const byName = await traceRecord(rig.store, { entity: 'customer', key: 'Renamed Ltd' });
    expect(byName.systems).toEqual([]);
    expect(byName.ambiguous).toEqual([
      { recordKey: `shop:${c.id}`, field: 'name' },
      { recordKey: `shop:${twin.id}`, field: 'name' },
    ]);
  });
});
