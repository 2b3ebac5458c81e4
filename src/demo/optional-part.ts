/**
 * Parts of Accord the demo uses but does not own, loaded when they are in this build. A part that
 * is missing makes its demo step say so ("not available in this build") instead of failing the
 * whole story or, worse, pretending. Each caller declares the narrow shape it needs and checks it.
 *
 * @example
 *   const part = await loadOptionalPart('sandbox/orchestrator/index.ts', 'the sandbox orchestrator');
 *   if (!part.ok) return unavailable(part.reason);
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toError } from '../model/errors.ts';

/** The package root: where `src/`, `sandbox/` and `examples/` are. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type PartResult = { ok: true; module: Record<string, unknown> } | { ok: false; reason: string };

export async function loadOptionalPart(relativePath: string, what: string): Promise<PartResult> {
  const file = join(PACKAGE_ROOT, relativePath);
  if (!existsSync(file))
    return { ok: false, reason: `not available in this build: ${what} (${relativePath}) is missing` };
  try {
    // A computed specifier on purpose: the type-checker must not require the file to exist.
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return { ok: true, module };
  } catch (cause) {
    return { ok: false, reason: `${what} (${relativePath}) failed to load: ${toError(cause).message}` };
  }
}

/** A named export that must be a function, or the reason it is not usable. */
export function functionExport<F>(
  part: PartResult,
  name: string,
  what: string,
): { ok: true; fn: F } | { ok: false; reason: string } {
  if (!part.ok) return part;
  const value = part.module[name];
  if (typeof value !== 'function') {
    return { ok: false, reason: `not available in this build: ${what} does not export ${name}()` };
  }
  return { ok: true, fn: value as F };
}
