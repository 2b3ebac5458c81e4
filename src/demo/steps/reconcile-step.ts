/**
 * Step 6: `accord reconcile` for every rule of the contract — reading both systems directly, never
 * the engine's state — and the findings a finance user cares about: the KWD amount NetSuite had to
 * round, and the order paid in NetSuite but only authorised in Stripe.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadContract } from '../../contract/index.ts';
import { toError } from '../../model/errors.ts';
import { type DemoStep, demoPaths, needs, ranOrFailed, unavailable } from '../demo-context.ts';
import { loadReconcileLibrary } from '../reconcile-part.ts';

/** The narrow shape of a reconciliation's JSON report the demo reads. */
export interface ReportView {
  rule: string;
  agree: boolean;
  summary: string;
  counts: Record<string, number>;
  findings: {
    category: string;
    key?: string;
    field?: string;
    source: { system: string; id?: string; value?: string | null };
    target: { system: string; id?: string; value?: string | null };
    detail: string;
  }[];
  groups: {
    label: string;
    group: Record<string, string>;
    difference: { count: number; sums: Record<string, string> };
    withinTolerance: boolean;
  }[];
}

const isZero = (s: string) => /^-?0*(\.0*)?$/.test(s);

/**
 * The KWD rounding: a value finding on a KWD amount, or a KWD group with as many records on both
 * sides whose totals still differ — so the difference is rounding, not a missing record (KWD has
 * three decimals; NetSuite holds two).
 */
export function kwdRounding(reports: readonly ReportView[]): string | undefined {
  for (const r of reports) {
    const f = r.findings.find(
      (x) =>
        x.category === 'value' && /KWD/.test(`${x.source.value ?? ''} ${x.target.value ?? ''} ${x.detail}`),
    );
    if (f) return `${r.rule}: ${f.detail}`;
    const g = r.groups.find(
      (x) =>
        x.group.currency === 'KWD' &&
        x.difference.count === 0 &&
        Object.values(x.difference.sums).some((d) => !isZero(d)),
    );
    if (g) {
      const diff = Object.entries(g.difference.sums)
        .map(([k, v]) => `${k} ${v} KWD`)
        .join(', ');
      return `${r.rule}: ${g.label}, the same records on both sides, differs by ${diff} — ${g.withinTolerance ? "within the contract's KWD tolerance" : 'beyond tolerance'}`;
    }
  }
  return undefined;
}

/** The payment paid (captured) on one side but only authorised on the other. */
export function paidButAuthorised(reports: readonly ReportView[]): string | undefined {
  for (const r of reports) {
    const f = r.findings.find((x) => {
      if (x.category !== 'status') return false;
      const values = `${x.source.value ?? ''}|${x.target.value ?? ''}`;
      return /authori[sz]ed/i.test(values) && /paid|captured/i.test(values);
    });
    if (f) return `${r.rule}: ${f.detail}`;
  }
  return undefined;
}

export const reconcileStep: DemoStep = async (ctx) => {
  const library = await loadReconcileLibrary();
  if (!library.ok && !ctx.cli.has('reconcile'))
    return unavailable('not available in this build: `accord reconcile` is missing');
  const missing = needs(ctx, 'sandbox', 'reconciliation');
  if (missing) return missing;
  const loaded = await loadContract(ctx.contractFile);
  if (!loaded.ok)
    return { status: 'failed', detail: `the contract does not load: ${loaded.errors[0]?.message}` };
  const rules = Object.keys(loaded.contract.reconciliation ?? {});
  const dir = demoPaths(ctx.settings.dir).reports;
  await mkdir(dir, { recursive: true });
  const reports: ReportView[] = [];
  const failures: string[] = [];
  const htmlFiles: Record<string, string> = {};
  ctx.printer.line(
    `$ accord reconcile ${ctx.contractFile} --rule <rule>   (each rule; both systems read directly)`,
  );
  for (const rule of rules) {
    const json = join(dir, `${rule}.json`);
    const html = join(dir, `${rule}.html`);
    let result: ReportView;
    if (library.ok) {
      try {
        const out = await library.lib.run(loaded.contract, rule);
        result = out.result as ReportView;
        await writeFile(json, `${JSON.stringify(out.result, null, 2)}\n`);
        await writeFile(html, out.html);
      } catch (cause) {
        failures.push(`${rule}: ${toError(cause).message.split('\n')[0]}`);
        continue;
      }
    } else {
      const outcome = await ctx.cli.run([
        'reconcile',
        ctx.contractFile,
        '--rule',
        rule,
        '--format',
        'json',
        '--out',
        json,
        '--no-progress',
      ]);
      if (outcome.code === 2) {
        failures.push(`${rule}: ${(outcome.err || outcome.out).trim().split('\n')[0]}`);
        continue;
      }
      result = JSON.parse(await readFile(json, 'utf8')) as ReportView;
      await ctx.cli.run([
        'reconcile',
        ctx.contractFile,
        '--rule',
        rule,
        '--format',
        'html',
        '--out',
        html,
        '--no-progress',
      ]);
    }
    reports.push(result);
    htmlFiles[rule] = html;
    ctx.printer.line(`${result.agree ? 'agree   ' : 'DISAGREE'} ${result.summary}`);
  }
  for (const f of failures) ctx.printer.line(`could not reconcile ${f}`);
  const kwd = kwdRounding(reports);
  const authorised = paidButAuthorised(reports);
  if (kwd) ctx.printer.line(`KWD rounding — ${kwd}`);
  if (authorised) ctx.printer.line(`paid versus authorised — ${authorised}`);
  const headline = htmlFiles['orders-daily'] ?? htmlFiles['payments-daily'] ?? Object.values(htmlFiles)[0];
  if (headline) ctx.files.reconciliationHtml = headline;
  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const byCategory: Record<string, number> = {};
  for (const r of reports)
    for (const [k, v] of Object.entries(r.counts)) byCategory[k] = (byCategory[k] ?? 0) + v;
  const problems = [
    ...failures.map((f) => `a reconciliation of ${f}`),
    ...(kwd ? [] : ['the KWD rounding among the findings']),
    ...(authorised ? [] : ['the order paid in NetSuite but only authorised in Stripe among the findings']),
  ];
  return ranOrFailed(
    `${reports.length} reconciliations, ${findings} record-level findings (${
      Object.entries(byCategory)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    })`,
    problems,
    {
      rules: reports.map((r) => ({
        rule: r.rule,
        agree: r.agree,
        findings: r.findings.length,
        counts: r.counts,
      })),
      findingsByCategory: byCategory,
      kwdRounding: kwd,
      paidButAuthorised: authorised,
      html: htmlFiles,
    },
  );
};
