import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { describeQueueContract } from './queue-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-queue-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeQueueContract(
  'sqlite',
  async ({ clock, ...options }) => {
    const store = await openSqliteStore(join(dir, `contract-${n++}.db`), { clock });
    return { store, queue: openSqliteQueue(store, options), close: () => store.close() };
  },
  {
    openModule: join(dirname(fileURLToPath(import.meta.url)), 'sqlite-crash-open.ts'),
    location: () => join(dir, `crash-${n++}.db`),
  },
);
