/** `openForCrashTest` for the SQLite store and queue: imported by the crash test's child processes. */
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { OpenForCrashTest } from './crash-target.ts';

export const openForCrashTest: OpenForCrashTest = async (location, options) => {
  const store = await openSqliteStore(location);
  const queue = openSqliteQueue(store, options);
  return {
    store,
    queue,
    integrityCheck: async () => String(store.connection.db.pragma('integrity_check', { simple: true })),
    close: () => store.close(),
  };
};
