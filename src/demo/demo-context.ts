/**
 * What the demo's steps share: where everything goes (one folder), how they print, the commands
 * they run, and what earlier steps found (the sandbox, the contract, files written).
 */
import { join } from 'node:path';
import type { Writer } from '../cli/io.ts';
import type { DemoCli } from './demo-cli.ts';
import type { DemoPrinter } from './demo-printer.ts';
import type { StepKey, StepResult } from './demo-summary.ts';
import type { SandboxHandle } from './sandbox-part.ts';

export interface DemoSettings {
  /** The one folder everything is written to. */
  dir: string;
  seed: number;
  scale: number;
  scenario: string;
}

export interface DemoContext {
  readonly settings: DemoSettings;
  readonly printer: DemoPrinter;
  readonly cli: DemoCli;
  /** Where a live progress line goes (the terminal's stderr). */
  readonly live: Writer;
  /** The store file every command of the demo reads and writes. */
  readonly storePath: string;
  /** The contract the demo checks and runs: the sandbox's ready contract, else the example. */
  contractFile: string;
  sandbox?: SandboxHandle | undefined;
  readonly files: Record<string, string>;
  readonly results: Map<StepKey, StepResult>;
}

/** A step's outcome before the runner adds its number, title and time. */
export type StepOutcome = Pick<StepResult, 'status' | 'detail' | 'problems' | 'data'>;

export type DemoStep = (ctx: DemoContext) => Promise<StepOutcome>;

export function demoPaths(dir: string) {
  return {
    store: join(dir, 'accord.db'),
    sandbox: join(dir, 'sandbox'),
    docs: join(dir, 'docs'),
    reports: join(dir, 'reports'),
    summary: join(dir, 'demo-summary.json'),
  };
}

export const unavailable = (detail: string): StepOutcome => ({ status: 'unavailable', detail });

/** Ran, and showed what it should when nothing is missing; else failed with the list. */
export function ranOrFailed(detail: string, problems: string[], data?: Record<string, unknown>): StepOutcome {
  return {
    status: problems.length === 0 ? 'ran' : 'failed',
    detail,
    ...(problems.length > 0 ? { problems } : {}),
    ...(data ? { data } : {}),
  };
}

/** The step a later step needs did not run: say which. */
export function needs(ctx: DemoContext, key: StepKey, what: string): StepOutcome | undefined {
  const earlier = ctx.results.get(key);
  if (earlier?.status === 'ran' || earlier?.status === 'failed') return undefined;
  return unavailable(`${what} needs step ${earlier?.n ?? '?'} (${earlier?.title ?? key}), which did not run`);
}
