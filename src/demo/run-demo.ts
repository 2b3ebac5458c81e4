/**
 * `accord demo` as a library call: the whole story, step by step, in one folder. Each step runs
 * for real, or says plainly that this build lacks what it needs; the summary (also written to
 * `<dir>/demo-summary.json`) says which.
 *
 * @example
 *   const summary = await runDemo({ dir: './accord-demo', seed: 7, scale: 2_000, scenario: 'demo' }, processIo);
 *   summary.asDesigned; // true when all eight steps ran and showed what they should
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Io } from '../cli/io.ts';
import { toError } from '../model/errors.ts';
import { DemoCli } from './demo-cli.ts';
import { type DemoContext, type DemoSettings, type DemoStep, demoPaths } from './demo-context.ts';
import { DemoPrinter } from './demo-printer.ts';
import { DEMO_STEPS, type DemoSummary, type StepKey, type StepResult } from './demo-summary.ts';
import { PACKAGE_ROOT } from './optional-part.ts';
import { checkStep } from './steps/check-step.ts';
import { flowsStep, stormStep } from './steps/flows-step.ts';
import { outputsStep } from './steps/outputs-step.ts';
import { parkedStep } from './steps/parked-step.ts';
import { reconcileStep } from './steps/reconcile-step.ts';
import { sandboxStep } from './steps/sandbox-step.ts';
import { traceStep } from './steps/trace-step.ts';

export const EXAMPLE_CONTRACT = join(PACKAGE_ROOT, 'examples', 'shopify-stripe-netsuite.yaml');

const STEPS: Record<StepKey, DemoStep> = {
  sandbox: sandboxStep,
  check: checkStep,
  flows: flowsStep,
  storm: stormStep,
  parked: parkedStep,
  reconcile: reconcileStep,
  trace: traceStep,
  outputs: outputsStep,
};

/** What a previous demo left in the folder; removed so every run starts from the seed. */
const PREVIOUS = [
  'accord-demo.yaml',
  'accord.db',
  'accord.db-wal',
  'accord.db-shm',
  'sandbox',
  'reports',
  'docs',
  'demo-summary.json',
];

export async function runDemo(settings: DemoSettings, io: Io): Promise<DemoSummary> {
  const started = Date.now();
  const dir = resolve(settings.dir);
  await mkdir(dir, { recursive: true });
  await Promise.all(PREVIOUS.map((f) => rm(join(dir, f), { recursive: true, force: true })));
  const paths = demoPaths(dir);
  const printer = new DemoPrinter(io.stdout);
  const ctx: DemoContext = {
    settings: { ...settings, dir },
    printer,
    cli: await DemoCli.load(),
    live: io.stderr,
    storePath: paths.store,
    contractFile: EXAMPLE_CONTRACT,
    files: {},
    results: new Map(),
  };
  io.stdout.write(`accord demo — everything goes to ${dir}\n`);
  try {
    for (const step of DEMO_STEPS) {
      printer.step(step.n, step.title);
      const t0 = Date.now();
      let outcome: Awaited<ReturnType<DemoStep>>;
      try {
        outcome = await STEPS[step.key](ctx);
      } catch (cause) {
        outcome = { status: 'failed', detail: `stopped by an error: ${toError(cause).message}` };
      }
      const result: StepResult = {
        n: step.n,
        key: step.key,
        title: step.title,
        ...outcome,
        elapsedMs: Date.now() - t0,
      };
      ctx.results.set(step.key, result);
      printer.result(result);
    }
  } finally {
    await ctx.sandbox?.close().catch(() => {});
  }
  const steps = [...ctx.results.values()];
  const summary: DemoSummary = {
    dir,
    startedAt: new Date(started).toISOString(),
    elapsedMs: Date.now() - started,
    asDesigned: steps.length === DEMO_STEPS.length && steps.every((s) => s.status === 'ran'),
    steps,
    files: { ...ctx.files, summary: paths.summary },
  };
  await writeFile(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
  const ran = steps.filter((s) => s.status === 'ran').length;
  io.stdout.write(
    `\n${summary.asDesigned ? 'The story ran as designed' : `${ran} of ${steps.length} steps ran as designed`} ` +
      `in ${(summary.elapsedMs / 1000).toFixed(1)} s; summary: ${paths.summary}\n`,
  );
  for (const s of steps.filter((x) => x.status !== 'ran')) {
    io.stdout.write(
      `  step ${s.n}, ${s.title}: ${s.status === 'unavailable' ? '' : 'FAILED — '}${s.detail}\n`,
    );
  }
  return summary;
}
