/**
 * The sandbox as the demo needs it: `startSandbox` from `sandbox/orchestrator` (every simulator on
 * loopback, loaded with one seeded business, an env file and a ready contract pointed at them).
 * Only the narrow shape the demo uses is declared here; the orchestrator owns the rest.
 */
import { functionExport, loadOptionalPart } from './optional-part.ts';

/** One running simulator: its name, URL and the simulator object itself (for the storm). */
export interface RunningSystemView {
  readonly name: string;
  readonly url: string;
  readonly sim?: unknown;
}

export interface SandboxHandle {
  /** Running simulators, as a list or by name. */
  readonly systems: readonly RunningSystemView[] | Readonly<Record<string, RunningSystemView>>;
  /** `KEY=value` lines: the sandbox-only credentials the contract's `env:` references resolve to. */
  readonly envFile: string;
  /** A ready contract pointed at the simulators. */
  readonly contractFile: string;
  /** The generator's manifest of planted disagreements. */
  readonly manifest: unknown;
  close(): Promise<void>;
}

export interface SandboxStartOptions {
  dir: string;
  seed: number;
  scale: number;
  scenario: string;
}

type StartSandbox = (options: SandboxStartOptions) => Promise<SandboxHandle>;

export async function loadStartSandbox(): Promise<
  { ok: true; fn: StartSandbox } | { ok: false; reason: string }
> {
  const what = 'the sandbox orchestrator';
  return functionExport<StartSandbox>(
    await loadOptionalPart('sandbox/orchestrator/index.ts', what),
    'startSandbox',
    what,
  );
}

export function systemsOf(handle: SandboxHandle): RunningSystemView[] {
  return Array.isArray(handle.systems)
    ? [...(handle.systems as readonly RunningSystemView[])]
    : Object.entries(handle.systems as Record<string, RunningSystemView>).map(([name, s]) => ({
        ...s,
        name: s.name ?? name,
      }));
}

/** The NetSuite simulator's storm switch and pool counters, when the running NetSuite has them. */
export interface NetSuiteStormControl {
  setOtherIntegrations(o: { maxSlots: number; holdMs: { min: number; max: number } } | undefined): void;
  pool: { capacity: number; rejected(): number; heldByOthers(): number };
  server?: { inspect: { maxInFlight(): number } };
  records?(type: string): Record<string, unknown>[];
}

export function netsuiteOf(handle: SandboxHandle): NetSuiteStormControl | undefined {
  const ns = systemsOf(handle).find((s) => s.name === 'netsuite')?.sim as
    | Partial<NetSuiteStormControl>
    | undefined;
  if (!ns || typeof ns.setOtherIntegrations !== 'function' || typeof ns.pool?.rejected !== 'function')
    return undefined;
  return ns as NetSuiteStormControl;
}

/** Parses an env file (`KEY=value`, `#` comments, optional quotes). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? '';
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    env[m[1] as string] = value;
  }
  return env;
}
