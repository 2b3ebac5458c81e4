/**
 * The SQLite store: one file, WAL, migrations applied at open.
 *
 * @example
 *   const store = await openSqliteStore('accord.db');
 *   const run = await store.runs.start({ flow: 'shopify-orders-to-netsuite' });
 *   await store.close();
 */

import type { AuditRepo } from '../audit-repo.ts';
import type {
  BaselineRepo,
  CursorRepo,
  DeadLetterRepo,
  FlowStateRepo,
  LinkRepo,
  ReviewRepo,
  RunRepo,
  SchemaSnapshotRepo,
  Store,
  StoreSession,
  StoreTx,
} from '../store.ts';
import { SqliteAuditRepo } from './sqlite-audit-repo.ts';
import { SqliteBaselineRepo } from './sqlite-baseline-repo.ts';
import { SqliteConnection, type SqliteDatabase, type SqliteOptions } from './sqlite-connection.ts';
import { SqliteCursorRepo } from './sqlite-cursor-repo.ts';
import { SqliteDeadLetterRepo } from './sqlite-dead-letter-repo.ts';
import { SqliteFlowStateRepo } from './sqlite-flow-state-repo.ts';
import { SqliteLinkRepo } from './sqlite-link-repo.ts';
import { SqliteReviewRepo } from './sqlite-review-repo.ts';
import { SqliteRunRepo } from './sqlite-run-repo.ts';
import { type SqliteScope, storeScope, transactionScope } from './sqlite-scope.ts';
import { SqliteSnapshotRepo } from './sqlite-snapshot-repo.ts';
import { storeMigrations } from './store-migrations.ts';

class SqliteSession implements StoreSession {
  readonly links: LinkRepo;
  readonly baselines: BaselineRepo;
  readonly cursors: CursorRepo;
  readonly runs: RunRepo;
  readonly deadLetters: DeadLetterRepo;
  readonly reviews: ReviewRepo;
  readonly schemaSnapshots: SchemaSnapshotRepo;
  readonly flows: FlowStateRepo;
  readonly audit: AuditRepo;

  constructor(readonly scope: SqliteScope) {
    this.links = new SqliteLinkRepo(scope);
    this.baselines = new SqliteBaselineRepo(scope);
    this.cursors = new SqliteCursorRepo(scope);
    this.runs = new SqliteRunRepo(scope);
    this.deadLetters = new SqliteDeadLetterRepo(scope);
    this.reviews = new SqliteReviewRepo(scope);
    this.schemaSnapshots = new SqliteSnapshotRepo(scope);
    this.flows = new SqliteFlowStateRepo(scope);
    this.audit = new SqliteAuditRepo(scope);
  }
}

/** A transaction of a {@link SqliteStore}; the SQLite queue runs its job statements through it. */
export class SqliteStoreTx extends SqliteSession implements StoreTx {
  readonly inTransaction = true as const;
  constructor(
    readonly store: SqliteStore,
    scope: SqliteScope,
  ) {
    super(scope);
  }
  /** Runs raw statements inside this transaction (for the SQLite queue). */
  exec<T>(fn: (db: SqliteDatabase) => T): Promise<T> {
    return this.scope.exec(() => fn(this.scope.conn.db));
  }
}

export class SqliteStore extends SqliteSession implements Store {
  readonly inTransaction = false as const;
  readonly kind = 'sqlite';

  constructor(readonly connection: SqliteConnection) {
    super(storeScope(connection));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.sqliteTransaction(fn);
  }

  /** Like `transaction`, with the SQLite transaction type (for the SQLite queue). */
  sqliteTransaction<T>(fn: (tx: SqliteStoreTx) => Promise<T>): Promise<T> {
    return this.connection.transaction(async () => {
      let active = true;
      const tx = new SqliteStoreTx(
        this,
        transactionScope(this.connection, () => active),
      );
      try {
        return await fn(tx);
      } finally {
        active = false;
      }
    });
  }

  async close(): Promise<void> {
    await this.connection.run(() => this.connection.close());
  }
}

/** Opens (creating if needed) a SQLite store file and applies pending migrations. */
export async function openSqliteStore(path: string, options: SqliteOptions = {}): Promise<SqliteStore> {
  const connection = new SqliteConnection(path, options);
  try {
    connection.migrate('store', storeMigrations);
  } catch (error) {
    connection.close();
    throw error;
  }
  return new SqliteStore(connection);
}
