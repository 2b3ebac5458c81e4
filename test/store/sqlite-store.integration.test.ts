import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../src/audit/audit-log.ts';
import { GET_MANY } from '../../src/store/sqlite/sqlite-baseline-repo.ts';
import { SqliteConnection } from '../../src/store/sqlite/sqlite-connection.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { storeMigrations } from '../../src/store/sqlite/store-migrations.ts';
import { describeStoreContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite', async ({ clock }) => {
  const store = await openSqliteStore(join(dir, `contract-${n++}.db`), { clock });
  return { store, close: () => store.close() };
});

describe('sqlite store', () => {
  it('applies numbered migrations once, recorded in schema_migrations, in WAL mode', async () => {
    const path = join(dir, 'migrations.db');
    const first = await openSqliteStore(path);
    const db = first.connection.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.prepare('SELECT component, version, name FROM schema_migrations').all()).toEqual([
      { component: 'store', version: 1, name: '001_initial' },
      { component: 'store', version: 2, name: '002_deletions' },
    ]);
    await first.close();
    const again = await openSqliteStore(path, { synchronous: 'full' });
    expect(again.connection.migrate('store', [])).toEqual([]);
    expect(again.connection.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: 2,
    });
    expect(again.connection.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await again.close();
  });

  it('upgrades a version-1 store: review items kept, deletion reviews and the deleted count available', async () => {
    const path = join(dir, 'upgrade.db');
    const v1 = new SqliteConnection(path);
    v1.migrate('store', storeMigrations.slice(0, 1));
    v1.db.exec(`INSERT INTO review_items (kind, flow, entity, record_key, field, candidates_json, state, created_at)
      VALUES ('conflict', 'customers', 'customer', 'crm:1', 'email', '[]', 'open', '2026-11-28T09:00:00.000Z')`);
    v1.db.exec(
      `INSERT INTO runs (id, flow, status, started_at, captured, written) VALUES ('r1', 'customers', 'succeeded', '2026-11-28T09:00:00.000Z', 1, 1)`,
    );
    v1.close();
    const store = await openSqliteStore(path);
    expect((await store.reviews.list({ state: 'open' })).map((r) => [r.kind, r.recordKey])).toEqual([
      ['conflict', 'crm:1'],
    ]);
    const opened = await store.reviews.open({
      kind: 'deletion',
      flow: 'customers',
      entity: 'customer',
      recordKey: 'crm:2',
      field: '',
      candidates: [{ system: 'netsuite', id: '7' }],
    });
    expect(opened.created).toBe(true);
    expect((await store.runs.get('r1'))?.counts).toMatchObject({ captured: 1, written: 1, deleted: 0 });
    await store.close();
  });

  it('reads many baselines with one statement, by primary key, whatever the number of ids', async () => {
    const store = await openSqliteStore(join(dir, 'get-many.db'));
    const ids = Array.from({ length: 1_200 }, (_, i) => String(i));
    await store.transaction(async (tx) => {
      await tx.baselines.putMany?.(
        ids.map((recordId) => ({
          entity: 'customer',
          system: 'shop',
          recordId,
          flow: 'f',
          seen: { n: recordId },
          seenAt: '2026-11-28T10:00:00.000Z',
          written: {},
        })),
      );
    });
    const found = await store.baselines.getMany('customer', 'shop', [...ids, 'missing', '7']);
    expect(found.size).toBe(1_200);
    expect(found.get('1199')?.seen).toEqual({ n: '1199' });
    const plan = (
      store.connection.db.prepare(`EXPLAIN QUERY PLAN ${GET_MANY}`).all('customer', 'shop', '[]') as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan.some((d) => /SEARCH baselines USING INDEX .*record_id=\?/.test(d))).toBe(true);
    await store.close();
  });

  it('refuses a second connection to the same file in one process, and allows it after close', async () => {
    const path = join(dir, 'once.db');
    const store = await openSqliteStore(path);
    await expect(openSqliteStore(path)).rejects.toThrow(
      /already open in this process; open it once and share/,
    );
    await store.close();
    const again = await openSqliteStore(path);
    await again.close();
  });

  it('detects a tampered audit row at exactly that event', async () => {
    const store = await openSqliteStore(join(dir, 'tamper.db'));
    for (let i = 1; i <= 8; i++) {
      await store.transaction((tx) =>
        appendAudit(tx, {
          kind: 'field-written',
          system: 'netsuite',
          entity: 'invoice',
          recordId: `INV${i}`,
          recordKey: `INV${i}`,
          field: 'total',
          oldValue: null,
          newValue: `${i}00.00`,
        }),
      );
    }
    expect(await verifyAudit(store)).toMatchObject({ ok: true, events: 8 });
    const db = store.connection.db;
    // the table refuses updates from anyone going through SQL…
    expect(() => db.prepare(`UPDATE audit_events SET new_value = '"999.00"' WHERE seq = 5`).run()).toThrow(
      /append-only/,
    );
    // …but someone with the file can drop the guard: the chain still tells.
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET new_value = '"999.00"' WHERE seq = 5`).run();
    expect(await verifyAudit(store, 3)).toMatchObject({
      ok: false,
      brokenAt: 5,
      events: 4,
      problem: 'hash-mismatch',
    });

    // rewriting the hash too moves the break to the next event's link, which names the old hash
    const row = db.prepare('SELECT * FROM audit_events WHERE seq = 5').get() as Record<string, unknown>;
    const { hashAuditEvent } = await import('../../src/audit/audit-log.ts');
    const [rec] = await store.audit.scan(5, 1);
    db.prepare('UPDATE audit_events SET hash = ? WHERE seq = 5').run(
      hashAuditEvent(row.prev_hash as string, rec!),
    );
    expect(await verifyAudit(store)).toMatchObject({ ok: false, brokenAt: 6, problem: 'prev-hash-mismatch' });

    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = 3').run();
    expect(await verifyAudit(store)).toMatchObject({ ok: false, brokenAt: 3, problem: 'sequence-gap' });
    await store.close();
  });
});
