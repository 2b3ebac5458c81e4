/**
 * One better-sqlite3 connection shared by the SQLite store and queue of a process, with the
 * async transaction discipline the ports need.
 *
 * better-sqlite3 is synchronous, but the ports are async (PostgreSQL is), so a transaction stays
 * open across `await`s. While it is open, nothing else may touch the connection or it would run
 * inside that transaction: an async mutex serialises transactions and makes other calls wait.
 * Calling the store (not the `tx` handle) from inside `transaction(fn)` would wait forever, so it
 * throws instead (detected with AsyncLocalStorage).
 *
 * Why one connection per file per process: a second connection in the same process that meets an
 * open write transaction would block the (single) thread in SQLite's busy handler while the
 * transaction it waits for can never finish. Other processes are fine: `busy_timeout` waits.
 *
 * Durability: WAL with `synchronous = NORMAL` by default. Measured with `npm run bench -- store`
 * on this shared 2-core machine (ext4 on a virtio disk), one commit = one store transaction holding
 * a baseline, a run-count update and an audit event; five runs on 2026-11-28, load average 0.9 → 6:
 *   NORMAL: 7,670 · 6,180 · 5,510 · 4,530 · 2,260 commits/s
 *   FULL:   3,330 · 1,300 · 1,270 ·   280 ·   210 commits/s
 * FULL pays an fsync of the WAL on every commit: 2.3× fewer commits/s on an idle machine, 10×
 * when other processes compete for the disk — and a sync engine's record step is one commit per
 * record (or batch), so that is its throughput ceiling.
 * NORMAL never corrupts the database and survives a killed process (the crash test proves it with
 * SIGKILL); what it may lose is the last transactions before an OS crash or power cut. Accord can
 * afford that: the lost transaction is the whole "record" step (job state, baselines, links,
 * cursor, audit together), so the job runs again and its write is idempotent (upsert by external
 * id, idempotency key per flow + record + source version) — no duplicate, no gap in the audit
 * chain. Choose `synchronous: 'full'` where operator decisions must survive a power cut too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';

export type SqliteDatabase = Database.Database;
export type Synchronous = 'normal' | 'full';

export interface SqliteOptions {
  /** Default `normal` (see the durability note above). */
  synchronous?: Synchronous | undefined;
  /** How long another process's write lock is waited for, default 10 s. */
  busyTimeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

/** A numbered schema change of one component (`store`, `queue`). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The transaction (a unique token) the current async context runs in. */
const insideTransaction = new AsyncLocalStorage<object>();
/** Files open in this process (see the note on one connection per file). */
const openFiles = new Set<string>();

export class SqliteConnection {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  /** What the connection was opened with (another thread opens the same file alike). */
  readonly synchronous: Synchronous;
  readonly busyTimeoutMs: number;
  private readonly file: string | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private locked = false;
  /** Token of the open transaction; work started inside it carries the same token. */
  private openTransaction: object | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly path: string,
    options: SqliteOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.file = path === ':memory:' ? undefined : resolve(path);
    if (this.file !== undefined && openFiles.has(this.file)) {
      throw new Error(
        `${this.file} is already open in this process; open it once and share the store and queue ` +
          "(a second connection would stall behind the first one's open transactions)",
      );
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.busyTimeoutMs = busyTimeoutMs;
    this.synchronous = options.synchronous ?? 'normal';
    this.db = new Database(path, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      // Pages stay at SQLite's default 4 KiB. 8 KiB was measured on 2026-11-28 (paired runs, load
      // 1.3-2.3): the engine's recorder thread −4 % CPU (6.68 → 6.42 s, `npm run bench -- engine`,
      // 100,000 records), but one-record commits −27 % (13,200 → 9,500/s, `npm run bench -- store`):
      // every small commit writes and checksums whole pages into the WAL.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${this.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma('foreign_keys = ON');
      this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
        PRIMARY KEY (component, version))`);
    } catch (error) {
      this.db.close();
      throw error;
    }
    if (this.file !== undefined) openFiles.add(this.file);
  }

  /** A cached prepared statement. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Applies the component's migrations not yet recorded in `schema_migrations`, in version order,
   * each in its own transaction. Returns the versions applied now.
   */
  migrate(component: string, migrations: readonly Migration[]): number[] {
    const done: number[] = [];
    const isApplied = this.db.prepare('SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?');
    const record = this.db.prepare(
      'INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const m of [...migrations].sort((x, y) => x.version - y.version)) {
      // Checked inside the write transaction: two processes opening a new file at once must not
      // both apply the same migration.
      const applied = this.db
        .transaction(() => {
          if (isApplied.get(component, m.version)) return false;
          this.db.exec(m.sql);
          record.run(component, m.version, m.name, new Date(this.clock.now()).toISOString());
          return true;
        })
        .immediate();
      if (applied) done.push(m.version);
    }
    return done;
  }

  /** Runs `fn` on the connection once no transaction holds it. */
  async run<T>(fn: (db: SqliteDatabase) => T): Promise<T> {
    if (!this.locked) return fn(this.db);
    if (this.openTransaction !== undefined && insideTransaction.getStore() === this.openTransaction) {
      throw new Error(
        'the store was called directly inside store.transaction(fn); use the `tx` argument instead ' +
          '(a direct call would wait for the transaction it is part of, forever)',
      );
    }
    await this.acquire();
    try {
      return fn(this.db);
    } finally {
      this.release();
    }
  }

  /** BEGIN IMMEDIATE … COMMIT around an async `fn`; ROLLBACK if it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.openTransaction !== undefined && insideTransaction.getStore() === this.openTransaction) {
      throw new Error(
        'store.transaction() called inside another store.transaction(); nest work in the same tx',
      );
    }
    await this.acquire();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        this.openTransaction = {};
        result = await insideTransaction.run(this.openTransaction, fn);
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
      try {
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
      return result;
    } finally {
      this.openTransaction = undefined;
      this.release();
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
    if (this.file !== undefined) openFiles.delete(this.file);
  }

  private acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}
