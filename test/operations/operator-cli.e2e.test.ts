/**
 * The operator commands as a user runs them: the real `accord` binary, as a process, against a
 * store file populated through the store API. Exit codes, plain words, no secrets, no stack traces.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import {
  LEAKED_TOKEN,
  MATCH_JOB_KEY,
  type OperatorFixture,
  populateOperatorStore,
} from './operator-store.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'accord-ops-cli-'));
const storeFile = join(dir, 'accord.db');
let fx: OperatorFixture;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function accord(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/accord.mjs', ...args], {
      env: { ...process.env, NO_COLOR: '1', ACCORD_OPERATOR: 'ann', ACCORD_STORE: storeFile },
    });
    return { code: 0, stdout, stderr };
  } catch (cause) {
    const e = cause as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const noStack = (r: Result) => expect(r.stderr).not.toMatch(/\n\s+at /);

beforeAll(async () => {
  fx = await populateOperatorStore(storeFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each call starts node + tsx (~1 s idle, several under load on a shared machine): a generous
// budget, so a busy machine cannot fail a test that asserts behaviour, never speed.
describe('accord errors / reviews / trace / audit (process)', { timeout: 240_000 }, () => {
  it('gives every command a --help with its exit codes', async () => {
    const names = ['errors', 'reviews', 'trace', 'audit'];
    const results = await Promise.all(names.map((n) => accord(n, '--help')));
    results.forEach((r, i) => {
      expect(r.code, names[i]).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: accord ${names[i]}`));
      expect(r.stdout).toContain('Exit codes:');
    });
  });

  it('lists and shows dead letters in plain words, with secrets redacted', async () => {
    const [list, show, json] = await Promise.all([
      accord('errors', 'list'),
      accord('errors', 'show', String(fx.queuedLetter)),
      accord('errors', 'show', String(fx.queuedLetter), '--format', 'json'),
    ]);
    expect(list.code).toBe(1); // open dead letters are findings
    expect(list.stdout).toMatch(/^id\s+flow\s+record\s+attempts\s+age\s+reason$/m);
    expect(list.stdout).toMatch(
      new RegExp(
        `^${fx.queuedLetter}\\s+orders\\s+shopify:1001\\s+1\\s+\\d+ s\\s+NetSuite rejected salesOrder for shopify order 1001: Please enter value\\(s\\) for: Department`,
        'm',
      ),
    );
    expect(list.stdout).toContain('2 dead letters');

    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`dead letter ${fx.queuedLetter} — open`);
    expect(show.stdout).toMatch(/classification: VALIDATION_REJECTED — the target system refused the data/);
    expect(show.stdout).toMatch(
      /how to fix:\s+Correct the record in the source system, or the mapping in the contract/,
    );
    expect(show.stdout).toContain(`accord errors retry ${fx.queuedLetter}`);
    expect(show.stdout).toContain('"Authorization": "[redacted]"');
    expect(show.stdout).toContain('access_token=[redacted]');
    expect(show.stdout).toContain('"o:errorCode": "USER_ERROR"');
    for (const r of [list, show, json]) expect(r.stdout + r.stderr).not.toContain(LEAKED_TOKEN);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: fx.queuedLetter,
      state: 'open',
      advice: { fix: expect.any(String) },
    });
  });

  it('refuses mistakes with exit 2, one clear line and no stack trace', async () => {
    const cases = await Promise.all([
      accord('errors'),
      accord('errors', 'frobnicate'),
      accord('errors', 'show', 'abc'),
      accord('errors', 'show', '999'),
      accord('errors', 'resolve', String(fx.jobless)),
      accord('errors', 'retry', String(fx.jobless)),
      accord('errors', 'list', '--store', join(dir, 'missing.db')),
      accord('reviews', 'decide', String(fx.match)),
      accord('reviews', 'decide', String(fx.match), '--choose', '7'),
      accord('reviews', 'decide', String(fx.unknownEnum), '--choose', '1'),
      accord('reviews', 'decide', String(fx.match), '--skip', '--create'),
      accord('trace', 'customer'),
      accord('audit', 'check'),
    ]);
    for (const r of cases) {
      expect(r.code, r.stderr).toBe(2);
      noStack(r);
      expect(r.stderr).not.toContain('internal error');
    }
    const [
      bare,
      unknown,
      notId,
      missing,
      noReason,
      jobless,
      noStore,
      noAnswer,
      badCandidate,
      wrongAnswer,
      twoAnswers,
    ] = cases;
    expect(bare!.stderr).toContain('expected an action: list, show, retry or resolve');
    expect(unknown!.stderr).toContain('unknown action "frobnicate"');
    expect(notId!.stderr).toContain('dead letter id must be a positive whole number (got "abc")');
    expect(missing!.stderr).toContain('dead letter 999 does not exist');
    expect(noReason!.stderr).toContain('resolve needs --reason');
    expect(jobless!.stderr).toContain(`dead letter ${fx.jobless} has no queued job to replay`);
    expect(noStore!.stderr).toMatch(/no store at .*missing\.db; pass --store <file>/);
    expect(noAnswer!.stderr).toContain(
      'decide needs one of --choose <candidate>, --value <value>, --create or --skip',
    );
    expect(badCandidate!.stderr).toContain(
      '"7" is not one of its candidates; choose 1 (netsuite:88), 2 (netsuite:89)',
    );
    expect(wrongAnswer!.stderr).toContain('asks for a value (unknown enum value): use --value');
    expect(twoAnswers!.stderr).toContain('decide takes one answer, got --create and --skip');
  });

  it('shows review items with numbered candidates, and lists the open ones as findings', async () => {
    const [list, show, conflict] = await Promise.all([
      accord('reviews', 'list'),
      accord('reviews', 'show', String(fx.match)),
      accord('reviews', 'show', String(fx.conflict)),
    ]);
    expect(list.code).toBe(1);
    expect(list.stdout).toContain('3 review items');
    expect(list.stdout).toMatch(
      /ambiguous-match\s+customers\s+customer shopify:7\s+-\s+\S+ \S+\s+2 netsuite records match on email/,
    );
    expect(show.stdout).toContain('question:   which record is this one?');
    expect(show.stdout).toMatch(/ {2}1\. netsuite:88\n\s+\{\n\s+"email": "ann@x.test"/);
    expect(show.stdout).toContain(`decide: accord reviews decide ${fx.match} --choose <n>`);
    expect(conflict.stdout).toContain('  1. shopify  value "+1 555 0100"');
    expect(conflict.stdout).toContain('  2. netsuite  value "+1 555 0199"');
  });

  it('traces a record: value now, who set it, when, the value before, and changes made outside Accord', async () => {
    const [all, email, byId, none, byValue] = await Promise.all([
      accord('trace', 'customer', 'ann@x.test'),
      accord('trace', 'customer', 'ann@x.test', '--field', 'email'),
      accord('trace', 'customer', 'netsuite:1042', '--field', 'phone'),
      accord('trace', 'customer', 'nobody@x.test'),
      accord('trace', 'customer', 'ANN@x.test', '--field', 'email'),
    ]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(
      'netsuite record 1042 (last seen 2026-11-28T10:00:01.000Z, version 2026-11-28T10:00:00.000Z)',
    );
    expect(all.stdout).toContain(
      '  email = "ann@x.test"\n    set at 2026-11-28T09:30:05.000Z by Accord from shopify (record version 2026-11-28T09:30:00.000Z) in run run-1, flow customers, rule owner-changed\n    before: "ann@old.test"',
    );
    expect(all.stdout).toContain(
      '  name = "Ann Lee-Smith"\n    changed in netsuite itself, after Accord wrote "Ann Lee" there at 2026-11-27T08:00:05.000Z\n' +
        '    (that write: by Accord from shopify (record version 2026-11-27T08:00:00.000Z) in run run-0, flow customers, rule owner-changed; before it: (empty))',
    );
    expect(all.stdout).toContain(
      '  phone = "+1 555 0199"\n    set in netsuite itself: Accord never wrote this field here',
    );
    expect(all.stdout).toContain('shopify record 7 (last seen 2026-11-28T09:30:01.000Z');
    expect(email.stdout).toContain(
      '    history:\n      #1 2026-11-27T08:00:05.000Z  (empty) → "ann@old.test"',
    );
    expect(email.stdout).not.toContain('name =');
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain('phone = "+1 555 0199"');
    expect(byValue.code, byValue.stderr).toBe(0);
    expect(byValue.stdout).toMatch(/^customer ANN@x\.test \(key ann@x\.test\)\n/);
    expect(byValue.stdout).toContain('netsuite record 1042');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no customer "nobody@x.test" in the audit trail or baselines');
  });

  it('retries a dead letter by replaying its job, resolves another with a reason, and audits both', async () => {
    const retry = await accord(
      'errors',
      'retry',
      String(fx.queuedLetter),
      '--reason',
      'Department mapped in the contract',
    );
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain(
      `dead letter ${fx.queuedLetter}: its change (orders, shopify:1001) is queued again with fresh attempts`,
    );
    const again = await accord('errors', 'retry', String(fx.queuedLetter));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      new RegExp(
        `dead letter ${fx.queuedLetter} is already retried by ann at \\S+ \\("Department mapped in the contract"\\)`,
      ),
    );

    const resolve = await accord(
      'errors',
      'resolve',
      String(fx.jobless),
      '--reason',
      'refunded by hand in Stripe',
      '--by',
      'bo',
    );
    expect(resolve.code).toBe(0);
    expect(resolve.stdout).toContain(
      `dead letter ${fx.jobless} (payments, stripe:pi_3Q) resolved by bo: refunded by hand in Stripe`,
    );
    const list = await accord('errors', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('no dead letters\n');

    const decide = await accord('reviews', 'decide', String(fx.match), '--choose', 'netsuite:89');
    expect(decide.code, decide.stderr).toBe(0);
    expect(decide.stdout).toContain(
      `review ${fx.match} (ambiguous-match, customer shopify:7) decided by ann: link to record 89`,
    );
    const conflict = await accord('reviews', 'decide', String(fx.conflict), '--choose', 'netsuite');
    expect(conflict.stdout).toContain('keep netsuite\'s value "+1 555 0199"');
    const value = await accord('reviews', 'decide', String(fx.unknownEnum), '--value', 'bank-debit');
    expect(value.stdout).toContain('use value "bank-debit"');

    const store = await openSqliteStore(storeFile);
    try {
      const queue = openSqliteQueue(store);
      expect(await queue.get(fx.jobId)).toMatchObject({ state: 'pending', attempts: 0 });
      // The decision travels with the original change, re-enqueued for the next sync to apply.
      const decided = await queue.getByKey(`${MATCH_JOB_KEY}:review:${fx.match}`);
      expect(decided).toMatchObject({
        state: 'pending',
        flow: 'customers',
        payload: { via: 'review', overrides: { match: { targetId: '89' } } },
      });
      // Both moved their run's counts back to pending, and the run still balances.
      expect((await store.runs.get('run-1'))?.counts).toMatchObject({
        captured: 2,
        deadLettered: 0,
        inReview: 0,
        pending: 2,
      });
      expect((await store.deadLetters.get(fx.queuedLetter))?.state).toBe('retried');
      expect(await store.reviews.get(fx.match)).toMatchObject({
        state: 'decided',
        decidedBy: 'ann',
        decision: { match: '89' },
      });
      expect(await store.reviews.get(fx.conflict)).toMatchObject({ decision: { keep: 'target' } });
      const actions = (await store.audit.scan(1, 100)).filter((e) => e.kind === 'operator-action');
      expect(actions.map((a) => [a.actor, a.action])).toEqual([
        ['ann', 'dead-letter-retried'],
        ['bo', 'dead-letter-resolved'],
        ['ann', 'review-decided'],
        ['ann', 'review-decided'],
        ['ann', 'review-decided'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('verifies the audit chain (exit 0) and finds the first broken event in a tampered copy (exit 1)', async () => {
    const ok = await accord('audit', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^audit trail verified: \d+ events, head \d+ [0-9a-f]{64}\n$/);

    const tampered = join(dir, 'tampered.db');
    copyFileSync(storeFile, tampered);
    const db = new Database(tampered);
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET new_value = '"ann@evil.test"' WHERE seq = 3`).run();
    db.close();
    const broken = await accord('audit', 'verify', '--store', tampered);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      'audit trail BROKEN at event 3 (hash-mismatch): audit event 3 was altered after it was written',
    );
    expect(broken.stdout).toContain('2 events before it verify.');
  });
});
