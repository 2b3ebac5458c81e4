/**
 * The `--store <path>` option of the operator commands: which store file to read, and opening it
 * with plain-words errors (no such file, not a store) instead of a stack trace.
 *
 * @example
 *   return withStore('errors', io, values.store, async (store) => { … return EXIT.ok; });
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OperationRefused } from '../../engine/operations/operator-actions.ts';
import { toError } from '../../model/errors.ts';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { EXIT } from '../command.ts';
import type { Io } from '../io.ts';

export const STORE_ENV = 'ACCORD_STORE';
export const DEFAULT_STORE = 'accord.db';

export const STORE_OPTION = { store: { type: 'string' } } as const;

export const STORE_USAGE = `  --store <path>       the store file accord sync writes (default $${STORE_ENV}, else ./${DEFAULT_STORE})`;

export function storePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env[STORE_ENV] || DEFAULT_STORE);
}

/**
 * Opens the store, runs `fn`, closes it. A missing or unreadable file, and an `OperationRefused`
 * from `fn`, print one line to stderr and exit 2.
 */
export async function withStore(
  command: string,
  io: Io,
  flag: string | undefined,
  fn: (store: SqliteStore) => Promise<number>,
): Promise<number> {
  const path = storePath(flag);
  if (!existsSync(path)) {
    io.stderr.write(
      `accord ${command}: no store at ${resolve(path)}; pass --store <file> (the file accord sync writes) ` +
        `or set ${STORE_ENV}\n`,
    );
    return EXIT.badInput;
  }
  let store: SqliteStore;
  try {
    store = await openSqliteStore(path);
  } catch (cause) {
    io.stderr.write(
      `accord ${command}: cannot open ${resolve(path)} as an Accord store (${toError(cause).message})\n`,
    );
    return EXIT.badInput;
  }
  try {
    return await fn(store);
  } catch (cause) {
    if (cause instanceof OperationRefused) {
      io.stderr.write(`accord ${command}: ${cause.message}\n`);
      return EXIT.badInput;
    }
    throw cause;
  } finally {
    await store.close();
  }
}
