/**
 * The long-lived side of `accord sandbox up`: serving the sandbox until SIGTERM/SIGINT
 * (snapshotting periodically and on the way out), resetting on request from another process,
 * and the pid-file handshake that `--detach`, `down` and `reset` use.
 *
 * Another process asks for a reset by writing `<dir>/reset.request` (a nonce) and sending
 * SIGUSR2; the serving process resets, then writes the nonce to `<dir>/reset.done`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Sandbox, sandboxPaths } from './index.ts';

/** The pid serving the sandbox in `dir`, when that process is alive. */
export function runningPid(dir: string): number | undefined {
  const file = sandboxPaths(dir).pidFile;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isAlive(pid) ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Serves until SIGTERM or SIGINT: writes the pid file, snapshots every `snapshotEveryMs` and on
 * the way out, answers reset requests, removes the pid file. Resolves once everything is closed.
 */
export async function serveUntilSignalled(sandbox: Sandbox, snapshotEveryMs: number): Promise<void> {
  const paths = sandboxPaths(sandbox.dir);
  await writeFile(paths.pidFile, `${process.pid}\n`);
  let busy: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>) => {
    busy = busy.then(work, work);
    return busy;
  };
  const timer = setInterval(() => void serial(() => sandbox.snapshot()), snapshotEveryMs);
  timer.unref();
  const onReset = () =>
    void serial(async () => {
      const request = join(sandbox.dir, 'reset.request');
      const nonce = existsSync(request) ? readFileSync(request, 'utf8') : '';
      await sandbox.reset();
      await writeFile(join(sandbox.dir, 'reset.done'), nonce);
    });
  process.on('SIGUSR2', onReset);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  clearInterval(timer);
  process.off('SIGUSR2', onReset);
  await serial(() => sandbox.close({ snapshot: true }));
  await rm(paths.pidFile, { force: true });
}

/** Asks the serving process to reset and waits until it has (or `timeoutMs` passed). */
export async function requestReset(dir: string, pid: number, timeoutMs = 120_000): Promise<boolean> {
  const nonce = randomBytes(8).toString('hex');
  const done = join(dir, 'reset.done');
  await rm(done, { force: true });
  await writeFile(join(dir, 'reset.request'), nonce);
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(done) && readFileSync(done, 'utf8') === nonce) return true;
    if (!isAlive(pid)) return false;
    await sleep(100);
  }
  return false;
}

/** SIGTERM, then waits for the process to exit (it snapshots first). */
export async function stopProcess(pid: number, timeoutMs = 60_000): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return false;
}
