/**
 * Step 2: the contract is checked before anything runs, and the eight questions are answered —
 * one line per question, taken from the headline flow, with how every other flow fared.
 */

import type { CheckReport } from '../../contract/index.ts';
import { checkContract, loadContract, QUESTIONS } from '../../contract/index.ts';
import { type DemoStep, ranOrFailed } from '../demo-context.ts';

/** The flow a newcomer recognises first: orders, else the first flow. */
function headlineFlow(report: CheckReport): string | undefined {
  return report.flows.find((f) => f.name === 'orders')?.name ?? report.flows[0]?.name;
}

export const checkStep: DemoStep = async (ctx) => {
  const loaded = await loadContract(ctx.contractFile);
  if (!loaded.ok) {
    return {
      status: 'failed',
      detail: `the contract ${ctx.contractFile} does not load: ${loaded.errors[0]?.message ?? 'unknown error'}`,
    };
  }
  const report = checkContract(loaded.contract);
  const headline = headlineFlow(report);
  ctx.printer.line(`$ accord check ${ctx.contractFile}`);
  ctx.printer.line(
    `contract ${report.contract}: ${report.flows.length} flows — ${report.flows
      .map((f) => `${f.name} (${f.from} ${f.direction === 'two-way' ? '↔' : '→'} ${f.to})`)
      .join(', ')}`,
  );
  ctx.printer.line(`answers for flow ${headline}; every flow's verdicts after the bar`);
  const perQuestion: Record<string, Record<string, number>> = {};
  for (const q of QUESTIONS) {
    const answers = report.answers.filter((a) => a.question === q.id);
    const tally: Record<string, number> = {};
    for (const a of answers) tally[a.verdict] = (tally[a.verdict] ?? 0) + 1;
    perQuestion[q.title] = tally;
    const main = answers.find((a) => a.flow === headline);
    const verdicts = Object.entries(tally)
      .map(([v, n]) => `${n} ${v}`)
      .join(' ');
    ctx.printer.line(
      `${q.id} ${q.title.padEnd(18)} ${(main?.verdict ?? '-').padEnd(4)} ${main?.checked ?? ''}  | ${verdicts}`,
    );
  }
  const problems = report.verdict === 'FAIL' ? [`a contract with no FAIL (got ${report.counts.fail})`] : [];
  return ranOrFailed(
    `verdict ${report.verdict}: ${report.counts.pass} PASS, ${report.counts.warn} WARN, ${report.counts.fail} FAIL across ${report.flows.length} flows`,
    problems,
    { verdict: report.verdict, counts: report.counts, flows: report.flows.map((f) => f.name), perQuestion },
  );
};
