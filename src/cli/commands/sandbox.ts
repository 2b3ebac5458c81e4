/**
 * `accord sandbox`: generate a seeded business, and serve it from every simulator on loopback.
 * The work is in `sandbox/generator/` and `sandbox/orchestrator/`; this file parses arguments,
 * prints, and runs the serving process (foreground, or detached with a pid file).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  generateBusinessToDirectory,
  SCENARIOS,
  type ScenarioName,
} from '../../../sandbox/generator/index.ts';
import {
  readSandboxState,
  type Sandbox,
  sandboxPaths,
  startSandbox,
} from '../../../sandbox/orchestrator/index.ts';
import {
  isAlive,
  requestReset,
  runningPid,
  serveUntilSignalled,
  stopProcess,
} from '../../../sandbox/orchestrator/sandbox-process.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, UsageError } from '../command.ts';
import type { Io } from '../io.ts';

const DEFAULT_DIR = './accord-sandbox';
const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];
const BIN = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url));

function positiveInt(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`--${option} must be a non-negative integer (got "${value}")`);
  }
  return n;
}

const scenarioOf = (value: string | undefined): ScenarioName | undefined =>
  value === undefined ? undefined : oneOf('scenario', value, SCENARIO_NAMES, 'full');

async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    seed: { type: 'string' },
    scale: { type: 'string' },
    scenario: { type: 'string' },
    out: { type: 'string' },
  });
  const seed = positiveInt('seed', values.seed);
  const scale = positiveInt('scale', values.scale);
  if (seed === undefined || scale === undefined || values.out === undefined) {
    throw new UsageError('generate needs --seed <n> --scale <records> --out <dir>');
  }
  const scenario = scenarioOf(values.scenario) ?? 'full';
  const out = resolve(values.out);
  const started = Date.now();
  io.stderr.write(`generating seed ${seed}, scale ${scale}, scenario ${scenario} into ${out}\n`);
  const { summary, manifest } = generateBusinessToDirectory({ seed, scale, scenario }, out, {
    onProgress: (records) => io.stderr.write(`  ${records} records…\n`),
  });
  io.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  io.stdout.write(
    [
      `${summary.records} records: ${summary.customers} customers, ${summary.items} items, ${summary.orders} orders`,
      ...Object.entries(summary.counts).map(([path, n]) => `  ${path.padEnd(40)} ${n}`),
      `${manifest.disagreements.length} disagreements, ${manifest.awkwardCases.length} awkward cases`,
      `manifest: ${join(out, 'manifest.json')}`,
      `summary:  ${join(out, 'summary.json')}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function describe(dir: string, io: Io): void {
  const state = readSandboxState(dir);
  if (!state) return;
  const paths = sandboxPaths(dir);
  const lines = [
    `accord sandbox in ${dir}: seed ${state.seed}, scale ${state.scale}, scenario ${state.scenario}`,
  ];
  for (const [name, system] of Object.entries(state.systems)) {
    const creds = Object.entries(system.credentials)
      .filter(([k]) => k !== 'instanceUrl')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  ${name.padEnd(11)} ${system.url}  ${creds}`);
  }
  lines.push(
    '(sandbox-only credentials of loopback simulators)',
    `env file: ${paths.envFile}`,
    `contract: ${paths.contractFile}`,
    `manifest: ${paths.manifest}`,
    `stop:     accord sandbox down --dir ${dir}`,
    '',
  );
  io.stdout.write(lines.join('\n'));
}

async function up(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    seed: { type: 'string' },
    scale: { type: 'string' },
    scenario: { type: 'string' },
    dir: { type: 'string' },
    detach: { type: 'boolean' },
    'snapshot-every': { type: 'string' },
  });
  const dir = resolve(values.dir ?? DEFAULT_DIR);
  const seed = positiveInt('seed', values.seed);
  const scale = positiveInt('scale', values.scale);
  const scenario = scenarioOf(values.scenario);
  const snapshotEvery = positiveInt('snapshot-every', values['snapshot-every']) ?? 60;
  const already = runningPid(dir);
  if (already !== undefined) {
    io.stderr.write(
      `a sandbox is already running in ${dir} (pid ${already}); stop it with accord sandbox down --dir ${dir}\n`,
    );
    return EXIT.badInput;
  }
  if (values.detach)
    return detach(
      args.filter((a) => a !== '--detach'),
      dir,
      io,
    );

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      dir,
      ...(seed !== undefined ? { seed } : {}),
      ...(scale !== undefined ? { scale } : {}),
      ...(scenario !== undefined ? { scenario } : {}),
      pid: process.pid,
      onProgress: (m) => io.stderr.write(`${m}\n`),
    });
  } catch (error) {
    io.stderr.write(`accord sandbox up: ${(error as Error).message}\n`);
    return EXIT.badInput;
  }
  if (sandbox.restored.length > 0)
    io.stderr.write(`restored from snapshots: ${sandbox.restored.join(', ')}\n`);
  describe(dir, io);
  io.stderr.write('serving; Ctrl-C or accord sandbox down stops (state is snapshotted)\n');
  await serveUntilSignalled(sandbox, Math.max(1, snapshotEvery) * 1000);
  io.stderr.write('sandbox stopped; state saved\n');
  return EXIT.ok;
}

/** Starts `accord sandbox up …` in the background and waits until it serves (its pid file). */
async function detach(args: string[], dir: string, io: Io): Promise<number> {
  const paths = sandboxPaths(dir);
  await rm(paths.pidFile, { force: true });
  mkdirSync(dir, { recursive: true });
  const log = openSync(paths.logFile, 'a');
  const child = spawn(process.execPath, [BIN, 'sandbox', 'up', ...args, '--dir', dir], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid ?? -1;
  io.stderr.write(`starting in the background (pid ${pid}, log ${paths.logFile})\n`);
  for (;;) {
    if (existsSync(paths.pidFile) && Number(readFileSync(paths.pidFile, 'utf8').trim()) === pid) break;
    if (!isAlive(pid) || child.exitCode !== null) {
      io.stderr.write(
        `the sandbox did not start; see ${paths.logFile}:\n${readFileSync(paths.logFile, 'utf8').slice(-2000)}`,
      );
      return EXIT.badInput;
    }
    await sleep(100);
  }
  describe(dir, io);
  return EXIT.ok;
}

async function down(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { dir: { type: 'string' } });
  const dir = resolve(values.dir ?? DEFAULT_DIR);
  const pid = runningPid(dir);
  if (pid === undefined) {
    io.stdout.write(`no sandbox is running in ${dir}\n`);
    return EXIT.ok;
  }
  if (!(await stopProcess(pid))) {
    io.stderr.write(`the sandbox (pid ${pid}) did not stop within 60 s; kill it with kill ${pid}\n`);
    return EXIT.badInput;
  }
  io.stdout.write(`stopped the sandbox in ${dir} (pid ${pid}); its state is in ${sandboxPaths(dir).state}\n`);
  return EXIT.ok;
}

async function reset(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { dir: { type: 'string' } });
  const dir = resolve(values.dir ?? DEFAULT_DIR);
  const pid = runningPid(dir);
  if (pid === undefined) {
    await rm(sandboxPaths(dir).state, { recursive: true, force: true });
    io.stdout.write(
      `snapshots removed: the next accord sandbox up --dir ${dir} starts from the seeded state\n`,
    );
    return EXIT.ok;
  }
  if (!(await requestReset(dir, pid))) {
    io.stderr.write(`the sandbox (pid ${pid}) did not confirm the reset; see ${sandboxPaths(dir).logFile}\n`);
    return EXIT.badInput;
  }
  io.stdout.write(`every simulator in ${dir} is back to the seeded state (same ports and credentials)\n`);
  return EXIT.ok;
}

const SUBCOMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  generate,
  up,
  down,
  reset,
};

export const command: Command = {
  name: 'sandbox',
  summary: 'generate a seeded business and serve it from every simulator on loopback',
  usage: [
    'usage: accord sandbox generate --seed <n> --scale <records> [--scenario <name>] --out <dir>',
    '       accord sandbox up [--scenario <name>] [--seed <n>] [--scale <n>] [--dir <folder>] [--detach]',
    '                         [--snapshot-every <seconds>]',
    '       accord sandbox down [--dir <folder>]',
    '       accord sandbox reset [--dir <folder>]',
    '',
    'generate  writes one consistent business across NetSuite, Shopify, Stripe, Salesforce, HubSpot',
    '          and the WMS as NDJSON, with manifest.json (every planted disagreement) and summary.json.',
    'up        generates the business into <folder>/data (or reuses it), starts every simulator on',
    '          127.0.0.1 loaded with it, prints URLs and sandbox-only credentials, writes',
    '          <folder>/sandbox.env and <folder>/contract.yaml, and serves until stopped. State is',
    '          snapshotted under <folder>/state/ (every 60 s and on stop) and restored by the next up.',
    '          --detach serves in the background (pid in <folder>/sandbox.pid, log in sandbox.log).',
    'down      stops the serving process (SIGTERM; it snapshots first) and waits for it.',
    'reset     returns every simulator to the seeded state (or, when stopped, drops the snapshots).',
    '',
    `scenarios: ${SCENARIO_NAMES.join(', ')} (default full). --dir defaults to ${DEFAULT_DIR};`,
    'up defaults to the last parameters used in the folder, else seed 1, scale 10000.',
    '',
    'Exit codes: 0 ok, 2 bad usage or the sandbox could not start.',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (!run) throw new UsageError(`expected one of ${Object.keys(SUBCOMMANDS).join(', ')}`);
    return run(rest, io);
  },
};
