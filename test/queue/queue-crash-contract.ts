/**
 * Crash test, part of the queue contract: two worker processes are SIGKILLed mid-way, several
 * times, then one runs to the end. Afterwards no job is lost, none was recorded twice, the
 * external side effects were repeated only for jobs in flight at a kill (at-least-once), the
 * per-record order held, the audit chain verifies and the database is sound.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { seededRandom } from '../../sandbox/shared/simulator-server.ts';
import { traceAudit, verifyAudit } from '../../src/audit/audit-log.ts';
import type { CrashTarget, OpenForCrashTest } from './crash-target.ts';

export type { CrashTarget } from './crash-target.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const JOBS = 240;
const RECORDS = 30;
const ROUNDS = 5;

interface Worker {
  child: ChildProcess;
  done: number;
  lost: number;
  exited: Promise<number | null>;
  stderr: string;
}

function startWorker(
  target: CrashTarget,
  location: string,
  effects: string,
  workerId: string,
  onDone: () => void,
): Worker {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'crash-worker.ts'),
      target.openModule,
      location,
      effects,
      workerId,
      String(JOBS),
      String(RECORDS),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const worker: Worker = {
    child,
    done: 0,
    lost: 0,
    stderr: '',
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('done ')) {
        worker.done += 1;
        onDone();
      } else if (line.startsWith('lost ')) worker.lost += 1;
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    worker.stderr += chunk.toString();
  });
  return worker;
}

export function describeQueueCrashContract(target: CrashTarget): void {
  it('loses no job and records none twice when workers are SIGKILLed mid-way, again and again', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-crash-'));
    const effects = join(dir, 'effects.log');
    writeFileSync(effects, '');
    const location = target.location();
    const random = seededRandom(2026);
    let kills = 0;
    let lost = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const killAfter = 8 + Math.floor(random() * 25);
        let doneThisRound = 0;
        let trigger: () => void = () => {};
        const reached = new Promise<void>((r) => {
          trigger = r;
        });
        const onDone = () => {
          doneThisRound += 1;
          if (doneThisRound >= killAfter) trigger();
        };
        const workers = [0, 1].map((w) =>
          startWorker(target, location, effects, `round${round}-w${w}`, onDone),
        );
        const finishedEarly = Promise.all(workers.map((w) => w.exited));
        await Promise.race([reached, finishedEarly]);
        for (const w of workers) {
          if (w.child.exitCode === null && w.child.signalCode === null) {
            w.child.kill('SIGKILL');
            kills += 1;
          }
        }
        const codes = await Promise.all(workers.map((w) => w.exited));
        for (const [k, w] of workers.entries()) {
          lost += w.lost;
          // a worker either died by our SIGKILL or finished cleanly; anything else is a bug
          if (codes[k] !== null && codes[k] !== 0) throw new Error(`crash worker failed: ${w.stderr}`);
        }
      }
      const last = startWorker(target, location, effects, 'final', () => {});
      const code = await last.exited;
      expect(code, last.stderr).toBe(0);
      lost += last.lost;
      expect(kills).toBeGreaterThanOrEqual(ROUNDS);

      const { openForCrashTest } = (await import(target.openModule)) as {
        openForCrashTest: OpenForCrashTest;
      };
      const handle = await openForCrashTest(location, { leaseMs: 1_500, maxAttempts: 100 });
      try {
        expect(await handle.integrityCheck()).toBe('ok');
        const { byState } = await handle.queue.stats();
        expect(byState).toEqual({ pending: 0, running: 0, retrying: 0, dead: 0, succeeded: JOBS });
        // exactly one recorded audit event per job: the record step is exactly-once
        const audit = await verifyAudit(handle.store);
        expect(audit).toMatchObject({ ok: true, events: JOBS });
        for (let r = 0; r < RECORDS; r++) {
          const events = await traceAudit(handle.store, { entity: 'crash', recordKey: `r${r}`, field: 'i' });
          const values = events.map((e) => e.newValue as number);
          // per-record order held across crashes and two processes: r, r+30, r+60 … in order
          expect(values).toEqual(Array.from({ length: JOBS / RECORDS }, (_, k) => r + k * RECORDS));
          expect(
            (
              await handle.store.baselines.get({
                flow: 'crash',
                entity: 'crash',
                system: 'target',
                recordId: `r${r}`,
              })
            )?.seen,
          ).toEqual({
            lastI: values.at(-1),
          });
        }
      } finally {
        await handle.close();
      }
      // side effects: every job at least once; repeats only for jobs in flight at a kill (or a lost lease)
      const lines = readFileSync(effects, 'utf8').trim().split('\n');
      const counts = new Map<string, number>();
      for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
      expect(counts.size).toBe(JOBS);
      if (process.env.ACCORD_CRASH_DEBUG) console.log({ kills, lost, effects: lines.length, jobs: JOBS });
      expect(lines.length - JOBS).toBeLessThanOrEqual(kills + lost);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
