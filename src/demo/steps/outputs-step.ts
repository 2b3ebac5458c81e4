/**
 * Step 8: the contract's documentation page is written beside the reconciliation report, the
 * audit trail is verified end to end, and the user is told what to open and what to try next —
 * only commands this build has.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { verifyAudit } from '../../audit/audit-log.ts';
import { loadContract, renderDocs } from '../../contract/index.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { type DemoStep, demoPaths, ranOrFailed } from '../demo-context.ts';

/** External resources an HTML page would fetch: a self-contained page has none. */
export function externalReferences(html: string): string[] {
  const refs: string[] = [];
  const pattern = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi;
  for (const m of html.matchAll(pattern)) refs.push(m[1] as string);
  for (const m of html.matchAll(/@import\s+(?:url\()?["']?((?:https?:)?\/\/[^"')\s]+)/gi))
    refs.push(m[1] as string);
  return refs;
}

export const outputsStep: DemoStep = async (ctx) => {
  const { docs: docsDir } = demoPaths(ctx.settings.dir);
  const problems: string[] = [];
  const loaded = await loadContract(ctx.contractFile);
  if (!loaded.ok)
    return { status: 'failed', detail: `the contract does not load: ${loaded.errors[0]?.message}` };
  const docs = renderDocs(loaded.contract);
  await mkdir(docsDir, { recursive: true });
  const docsHtml = join(docsDir, `${docs.stem}.html`);
  await writeFile(join(docsDir, `${docs.stem}.md`), docs.markdown);
  await writeFile(docsHtml, docs.html);
  ctx.files.docsHtml = docsHtml;
  ctx.files.docsMarkdown = join(docsDir, `${docs.stem}.md`);

  for (const [role, file] of Object.entries(ctx.files).filter(([r]) => r.endsWith('Html'))) {
    const external = externalReferences(await readFile(file, 'utf8'));
    if (external.length > 0) problems.push(`${role} self-contained (it loads ${external[0]})`);
  }

  let audit: { ok: boolean; events: number; message?: string } | undefined;
  if (existsSync(ctx.storePath)) {
    const store = await openSqliteStore(ctx.storePath);
    try {
      const v = await verifyAudit(store);
      audit = v.ok ? { ok: true, events: v.events } : { ok: false, events: v.events, message: v.message };
    } finally {
      await store.close();
    }
    ctx.files.store = ctx.storePath;
    ctx.printer.line(
      audit.ok
        ? `audit trail verified: ${audit.events} hash-chained events`
        : `audit trail BROKEN: ${audit.message}`,
    );
    if (!audit.ok) problems.push('an audit trail that verifies');
  }

  const rel = (p: string) => {
    const r = relative(process.cwd(), p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  ctx.printer.line('');
  ctx.printer.line('open:');
  ctx.printer.line(`  ${rel(docsHtml)}   what flows where, owned by whom (from the contract)`);
  if (ctx.files.reconciliationHtml) {
    ctx.printer.line(`  ${rel(ctx.files.reconciliationHtml)}   the reconciliation report`);
  }
  const next = nextCommands(ctx, rel);
  if (next.length > 0) {
    ctx.printer.line('');
    ctx.printer.line('try next:');
    const width = Math.min(72, Math.max(...next.map(([c]) => c.length)));
    for (const [cmd, why] of next) ctx.printer.line(`  ${cmd.padEnd(width)}  ${why}`);
  }
  return ranOrFailed(
    `docs page written${ctx.files.reconciliationHtml ? ' beside the HTML reconciliation report' : ''}`,
    problems,
    { docsHtml, reconciliationHtml: ctx.files.reconciliationHtml, audit, next: next.map(([c]) => c) },
  );
};

/** The record step 7 traced, else a placeholder. */
function traced(ctx: Parameters<DemoStep>[0]): string {
  const t = ctx.results.get('trace');
  if (t?.status !== 'ran' || !t.data) return 'salesOrder <order number>';
  return `${String(t.data.entity)} ${String(t.data.recordKey)} --field ${String(t.data.field)}`;
}

/** Commands worth trying on what the demo left behind, limited to those in this build. */
function nextCommands(ctx: Parameters<DemoStep>[0], rel: (p: string) => string): [string, string][] {
  const contract = rel(ctx.contractFile);
  const store = `--store ${rel(ctx.storePath)}`;
  const sandboxDir = rel(demoPaths(ctx.settings.dir).sandbox);
  // The demo stops its simulators when it ends; commands that read the systems need them back
  // (same data, ports and credentials), and the contract's env: references need the env file.
  const live: [string, string, string][] = ctx.sandbox
    ? [
        ['sandbox', `npx accord sandbox up --dir ${sandboxDir} --detach`, 'the simulators again, same ports'],
        ['sandbox', `set -a; . ${sandboxDir}/sandbox.env; set +a`, 'their sandbox-only credentials'],
        [
          'reconcile',
          `npx accord reconcile ${contract} --rule payments-daily`,
          'do Stripe and NetSuite agree?',
        ],
        ['drift', `npx accord drift snapshot ${contract} ${store}`, 'record what the contract depends on'],
        [
          'sync',
          `npx accord sync ${contract} --flow customers-crm ${store}`,
          'run a flow again: echoes, not rewrites',
        ],
        ['sandbox', `npx accord sandbox down --dir ${sandboxDir}`, 'stop them'],
      ]
    : [];
  const all: [string, string, string][] = [
    ['check', `npx accord check ${contract}`, 'the eight questions, every flow'],
    ['errors', `npx accord errors list ${store}`, 'dead letters, with the reason and how to fix'],
    ['reviews', `npx accord reviews list ${store}`, 'decisions waiting for a person'],
    ['trace', `npx accord trace ${traced(ctx)} ${store}`, 'why a value says what it says'],
    ['audit', `npx accord audit verify ${store}`, 'the hash-chained audit trail'],
    ['diff', 'npx accord diff <old.yaml> <new.yaml>', 'what a contract change would change, who approves'],
    ...live,
  ];
  return all.filter(([name]) => ctx.cli.has(name)).map(([, cmd, why]) => [cmd, why]);
}
