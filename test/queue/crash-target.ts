/**
 * What a queue implementation provides for the crash test: a module a child process can import
 * to open the same store and queue, and where the data lives.
 */
import type { Queue } from '../../src/queue/queue.ts';
import type { Store } from '../../src/store/store.ts';

export interface CrashHandle {
  store: Store;
  queue: Queue;
  /** The database's own consistency check; `ok` when sound (`PRAGMA integrity_check` for SQLite). */
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

/** The module named by {@link CrashTarget.openModule} exports this function. */
export type OpenForCrashTest = (
  location: string,
  options: { leaseMs: number; maxAttempts: number },
) => Promise<CrashHandle>;

export interface CrashTarget {
  /** Absolute path of a module exporting `openForCrashTest: OpenForCrashTest`. */
  openModule: string;
  /** A fresh, empty location (file path, connection string + schema…) for one test. */
  location(): string;
}
