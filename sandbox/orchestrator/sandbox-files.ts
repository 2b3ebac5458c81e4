/**
 * What a sandbox folder holds: `data/` (the generated business and its manifest), `state/` (one
 * snapshot per simulator), `sandbox.json` (parameters, ports, sandbox-only credentials, pid),
 * `sandbox.env`, `contract.yaml`, `sandbox.pid` and `sandbox.log` of a detached run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioName } from '../generator/index.ts';

export interface SandboxParameters {
  seed: number;
  scale: number;
  scenario: ScenarioName;
}

export interface SandboxStateFile extends SandboxParameters {
  format: 'accord-sandbox/1';
  /** The process serving the simulators, while one does. */
  pid?: number;
  systems: Record<string, { url: string; port: number; credentials: Record<string, string> }>;
}

export const sandboxPaths = (dir: string) => ({
  data: join(dir, 'data'),
  manifest: join(dir, 'data', 'manifest.json'),
  state: join(dir, 'state'),
  stateFile: join(dir, 'sandbox.json'),
  envFile: join(dir, 'sandbox.env'),
  contractFile: join(dir, 'contract.yaml'),
  pidFile: join(dir, 'sandbox.pid'),
  logFile: join(dir, 'sandbox.log'),
});

export function readSandboxState(dir: string): SandboxStateFile | undefined {
  const file = sandboxPaths(dir).stateFile;
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SandboxStateFile;
  if (parsed.format !== 'accord-sandbox/1') {
    throw new Error(`${file} is not an accord sandbox state file; remove the folder or choose another --dir`);
  }
  return parsed;
}

export async function writeSandboxState(dir: string, state: SandboxStateFile): Promise<void> {
  await writeFile(sandboxPaths(dir).stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
