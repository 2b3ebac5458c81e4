/**
 * Opens the SQLite store and queue a {@link SqliteQueue.threadSibling} recipe describes, from
 * another thread of the same process: its own connection to the same file (WAL lets it write
 * while the first connection reads; writers take turns through SQLite's lock and `busy_timeout`).
 *
 * Why a thread may hold a second connection when a second one on the SAME thread is refused (see
 * `sqlite-connection.ts`): a connection waiting for the write lock blocks only its own thread, and
 * the transaction it waits for runs on the other thread, which is never blocked by it.
 */
import type { Synchronous } from '../../store/sqlite/sqlite-connection.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { BackoffPolicy } from '../backoff.ts';
import type { QueueSibling } from '../queue.ts';
import { openSqliteQueue } from './sqlite-queue.ts';

export interface SqliteSiblingOptions {
  path: string;
  synchronous: Synchronous;
  busyTimeoutMs: number;
  queue: { backoff: BackoffPolicy; maxAttempts: number; leaseMs: number; liveBurst: number };
}

export async function openQueueSibling(options: SqliteSiblingOptions): Promise<QueueSibling> {
  const store = await openSqliteStore(options.path, {
    synchronous: options.synchronous,
    busyTimeoutMs: options.busyTimeoutMs,
  });
  const queue = openSqliteQueue(store, options.queue);
  return { store, queue, close: () => store.close() };
}
