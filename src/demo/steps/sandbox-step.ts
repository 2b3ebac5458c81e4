/** Step 1: every simulator on loopback, loaded with one seeded business and its planted disagreements. */
import { readFile } from 'node:fs/promises';
import { toError } from '../../model/errors.ts';
import { deployAccountRules } from '../demo-account-rules.ts';
import { type DemoStep, demoPaths, unavailable } from '../demo-context.ts';
import { writeDemoContract } from '../demo-contract.ts';
import { loadStartSandbox, parseEnvFile, systemsOf } from '../sandbox-part.ts';

/** Planted disagreements by category, from the generator's manifest. */
export function plantedByCategory(manifest: unknown): Record<string, number> {
  const list = (manifest as { disagreements?: unknown })?.disagreements;
  const counts: Record<string, number> = {};
  if (!Array.isArray(list)) return counts;
  for (const d of list as { category?: unknown; kind?: unknown }[]) {
    const key = String(d.category ?? d.kind ?? 'other');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const sandboxStep: DemoStep = async (ctx) => {
  const start = await loadStartSandbox();
  if (!start.ok) return unavailable(start.reason);
  const { seed, scale, scenario } = ctx.settings;
  let handle: Awaited<ReturnType<typeof start.fn>>;
  try {
    handle = await start.fn({ dir: demoPaths(ctx.settings.dir).sandbox, seed, scale, scenario });
  } catch (cause) {
    return { status: 'failed', detail: `the sandbox did not start: ${toError(cause).message}` };
  }
  ctx.sandbox = handle;
  const demo = await writeDemoContract(handle.contractFile, ctx.settings.dir);
  ctx.contractFile = demo.file;
  ctx.files.contract = demo.file;
  ctx.files.sandboxContract = handle.contractFile;
  ctx.files.sandboxEnv = handle.envFile;
  // The contract names its credentials as env: references; the sandbox's own values resolve them.
  const env = parseEnvFile(await readFile(handle.envFile, 'utf8'));
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  const systems = systemsOf(handle);
  const width = Math.max(...systems.map((s) => s.name.length));
  for (const s of systems) ctx.printer.line(`${s.name.padEnd(width)}  ${s.url}`);
  const planted = plantedByCategory(handle.manifest);
  const total = Object.values(planted).reduce((a, b) => a + b, 0);
  ctx.printer.line(
    `seed ${seed}, scenario ${scenario}: ${total} disagreements planted (${Object.entries(planted)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
  );
  ctx.printer.line(`credentials (sandbox only) in ${handle.envFile}`);
  ctx.printer.line(`the demo's contract: ${demo.file} (the sandbox's, pointed at the simulators)`);
  for (const c of demo.changes) ctx.printer.line(`  + ${c.path}: ${c.why}`);
  const rules = deployAccountRules(handle);
  for (const r of rules) ctx.printer.line(`NetSuite account rule: ${r}`);
  return {
    status: systems.length > 0 ? 'ran' : 'failed',
    detail: `${systems.length} simulators running on loopback with one seeded business`,
    data: {
      systems: systems.map((s) => ({ name: s.name, url: s.url })),
      planted,
      contractFile: handle.contractFile,
    },
  };
};
