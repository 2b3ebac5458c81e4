/**
 * A store file with something in every table an operator looks at: dead letters (one from a real
 * queue failure, so it can be replayed; one without a job), review items of each kind, and an
 * audit trail with baselines and links for `accord trace`. Populated through the store API only.
 */
import { appendAudit } from '../../src/audit/audit-log.ts';
import { ValidationRejected } from '../../src/model/errors.ts';
import { failureFromError } from '../../src/queue/queue.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

export const MATCH_JOB_KEY = 'customers:shopify:7:2026-11-28T09:30:00.000Z';
export const LEAKED_TOKEN = 'sk_live_51Qz8XyTopSecretValue';

export interface OperatorFixture {
  queuedLetter: number;
  jobId: number;
  jobless: number;
  match: number;
  conflict: number;
  unknownEnum: number;
}

export async function populateOperatorStore(path: string): Promise<OperatorFixture> {
  const store = await openSqliteStore(path);
  const queue = openSqliteQueue(store, { maxAttempts: 3 });
  const run = await store.runs.start({ flow: 'orders', id: 'run-1' });

  // A real failure through the queue: NetSuite refuses the order; the request carried credentials.
  const { job } = await queue.enqueue({
    key: 'orders:shopify:1001:2026-11-28T09:00:00.000Z',
    flow: 'orders',
    recordKey: 'shopify:1001',
    payload: {
      source: 'shopify',
      record: { id: '1001', modifiedAt: '2026-11-28T09:00:00.000Z', fields: {} },
    },
    runId: run.id,
  });
  await store.runs.addCounts(run.id, { captured: 1, pending: 1 });
  const lease = await queue.lease({ workerId: 'w1' });
  if (!lease) throw new Error('no lease');
  const error = new ValidationRejected(
    'NetSuite rejected salesOrder for shopify order 1001: Please enter value(s) for: Department',
    { status: 400, vendorCode: 'USER_ERROR', path: 'department' },
    { system: 'netsuite', recordId: 'shopify-1001' },
  );
  const outcome = await queue.fail(
    lease,
    failureFromError(error, {
      request: {
        method: 'PUT',
        url: `https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/eid:shopify-1001?access_token=${LEAKED_TOKEN}`,
        headers: { Authorization: `Bearer ${LEAKED_TOKEN}`, 'content-type': 'application/json' },
        body: { externalId: 'shopify-1001', entity: { id: '77' } },
      },
      response: {
        status: 400,
        body: {
          'o:errorDetails': [
            { detail: 'Please enter value(s) for: Department', 'o:errorCode': 'USER_ERROR' },
          ],
        },
      },
    }),
  );
  if (outcome.outcome !== 'dead') throw new Error('expected a dead letter');
  await store.runs.addCounts(run.id, { pending: -1, deadLettered: 1 });

  const jobless = await store.deadLetters.open({
    flow: 'payments',
    recordKey: 'stripe:pi_3Q',
    payload: { source: 'stripe', record: { id: 'pi_3Q' } },
    reason: 'Stripe amount 10.005 USD has more decimals than USD allows (2)',
    classification: 'USER_INPUT',
    attempts: 1,
  });

  const match = await store.reviews.open({
    kind: 'ambiguous-match',
    flow: 'customers',
    entity: 'customer',
    recordKey: 'shopify:7',
    candidates: [
      { system: 'netsuite', id: '88', fields: { email: 'ann@x.test', name: 'Ann Lee' } },
      { system: 'netsuite', id: '89', fields: { email: 'ann@x.test', name: 'Ann Lee (old)' } },
    ],
    detail: {
      reason: '2 netsuite records match on email',
      change: {
        source: 'shopify',
        record: {
          objectType: 'customer',
          id: '7',
          modifiedAt: '2026-11-28T09:30:00.000Z',
          fields: { email: 'ann@x.test' },
        },
        via: 'poll',
      },
      jobKey: MATCH_JOB_KEY,
    },
    runId: run.id,
  });
  await store.runs.addCounts(run.id, { captured: 1, inReview: 1 });
  const conflict = await store.reviews.open({
    kind: 'conflict',
    flow: 'customers',
    entity: 'customer',
    recordKey: 'shopify:8',
    field: 'phone',
    candidates: [
      { system: 'shopify', value: '+1 555 0100' },
      { system: 'netsuite', value: '+1 555 0199' },
    ],
    detail: { reason: 'phone changed in shopify and netsuite since the last sync; the rule is review' },
  });
  const unknownEnum = await store.reviews.open({
    kind: 'unknown-enum',
    flow: 'payments',
    entity: 'payment',
    recordKey: 'stripe:pi_9',
    field: 'method',
    candidates: ['sepa_debit'],
    detail: { reason: 'stripe pi_9: method "sepa_debit" is not in the enum map' },
  });

  // The trail `accord trace customer ann@x.test` follows.
  await store.links.put({
    entity: 'customer',
    flow: 'customers',
    a: { system: 'shopify', id: '7' },
    b: { system: 'netsuite', id: '1042' },
    matchedBy: 'key',
    matchKey: 'email',
  });
  const written = (field: string, oldValue: unknown, newValue: unknown, at: string, runId: string) => ({
    kind: 'field-written' as const,
    system: 'netsuite',
    entity: 'customer',
    recordId: '1042',
    recordKey: 'ann@x.test',
    field,
    oldValue,
    newValue,
    runId,
    flow: 'customers',
    rule: 'owner-changed',
    sourceSystem: 'shopify',
    sourceVersion: at.replace('05.000Z', '00.000Z'),
    at,
  });
  await store.transaction(async (tx) => {
    await appendAudit(tx, [
      written('email', null, 'ann@old.test', '2026-11-27T08:00:05.000Z', 'run-0'),
      written('name', null, 'Ann Lee', '2026-11-27T08:00:05.000Z', 'run-0'),
    ]);
  });
  await store.transaction(async (tx) => {
    await appendAudit(
      tx,
      written('email', 'ann@old.test', 'ann@x.test', '2026-11-28T09:30:05.000Z', 'run-1'),
    );
  });
  await store.baselines.put({
    entity: 'customer',
    system: 'netsuite',
    recordId: '1042',
    flow: 'customers',
    seen: { email: 'ann@x.test', name: 'Ann Lee-Smith', phone: '+1 555 0199' },
    seenVersion: '2026-11-28T10:00:00.000Z',
    seenAt: '2026-11-28T10:00:01.000Z',
    written: {},
  });
  await store.baselines.put({
    entity: 'customer',
    system: 'shopify',
    recordId: '7',
    flow: 'customers',
    seen: { email: 'ann@x.test', name: 'Ann Lee' },
    seenVersion: '2026-11-28T09:30:00.000Z',
    seenAt: '2026-11-28T09:30:01.000Z',
    written: {},
  });
  await store.close();
  return {
    queuedLetter: outcome.deadLetter.id,
    jobId: job.id,
    jobless: jobless.id,
    match: match.item.id,
    conflict: conflict.item.id,
    unknownEnum: unknownEnum.item.id,
  };
}
