/**
 * Where a SQLite repository runs its statements: on the store (waits for any open transaction) or
 * inside one transaction (runs at once, refuses once the transaction has ended).
 */
import type { SqliteConnection } from './sqlite-connection.ts';

export interface SqliteScope {
  readonly conn: SqliteConnection;
  exec<T>(fn: () => T): Promise<T>;
  nowIso(): string;
}

export function storeScope(conn: SqliteConnection): SqliteScope {
  return {
    conn,
    exec: (fn) => conn.run(fn),
    nowIso: () => new Date(conn.clock.now()).toISOString(),
  };
}

export function transactionScope(conn: SqliteConnection, isActive: () => boolean): SqliteScope {
  return {
    conn,
    async exec(fn) {
      if (!isActive())
        throw new Error('this transaction has already ended; use the tx only inside transaction(fn)');
      return fn();
    },
    nowIso: () => new Date(conn.clock.now()).toISOString(),
  };
}
