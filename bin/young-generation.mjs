// Re-runs this node process once with a larger young generation, for the commands that churn
// through millions of short-lived objects (reconcile's hash buckets: a record, its view and its
// canonical texts per row). V8 sizes its heap when the process starts, so neither
// v8.setFlagsFromString nor a flag set from inside the process has any effect: a child process
// it must be. Measured by `npm run bench -- reconcile` (1M vs 1M, four paired runs in turn on 2
// shared cores, load 3.9-18): with --max-semi-space-size=64 the hash path used 9.5-10.3 s CPU
// (mean 9.8) against 10.7-11.8 s (mean 11.3), -13%, and at load 4.3 ran in 9.5 s wall against
// 11.4-15.8 s; peak RSS 514-766 MB against 553-587 MB (the 1 GB goal holds). The re-run costs
// one bare node start (0.04 s quiet, 0.2 s at load 10). Other commands are not re-run, so
// `accord --help` and `accord check` start as before (6 paired `--help` starts at load 10: no
// difference beyond noise).
//
// Guarded by ACCORD_NODE_TUNED (set for the child; set it yourself to opt out) and by a
// semi-space flag already given (`node --max-semi-space-size=… bin/accord.mjs`, NODE_OPTIONS).
// The child shares stdio; its exit code passes through, and so does a signal that ended it.
import { spawn } from 'node:child_process';

const FLAG = '--max-semi-space-size=64';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Resolves to the child's exit code when this process re-ran `script` with the larger young
 * generation, or to undefined when it should carry on itself (already tuned, or opted out).
 */
export function rerunTuned(script, args) {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
    a.includes('--max-semi-space-size'),
  );
  if (process.env.ACCORD_NODE_TUNED !== undefined || given) return Promise.resolve(undefined);
  const child = spawn(process.execPath, [...process.execArgv, FLAG, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ACCORD_NODE_TUNED: '1' },
  });
  // A Ctrl-C reaches the child too (same process group); a signal sent to this process alone is
  // passed on, so the child always decides how to stop.
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`accord: could not start ${process.execPath}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      if (signal) {
        process.kill(process.pid, signal); // end as the child ended, so the shell sees 128+n
        return;
      }
      resolve(code ?? 1);
    });
  });
}
