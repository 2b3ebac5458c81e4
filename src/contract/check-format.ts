/**
 * Renders a check report as text for a terminal, JSON for tools, or JUnit XML so a CI pipeline
 * shows one test case per question per flow.
 */
import { type CheckReport, type Finding, questionTitle } from './check-report.ts';
import { escapeXml } from './escape.ts';

export const CHECK_FORMATS = ['text', 'json', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

const where = (f: Finding) => `${f.at.file}:${f.at.line}:${f.at.col}`;

/**
 * @example
 * io.stdout.write(formatCheckReport(report, 'junit'));
 */
export function formatCheckReport(report: CheckReport, format: CheckFormat): string {
  if (format === 'json') return `${JSON.stringify(toJson(report), null, 2)}\n`;
  if (format === 'junit') return toJunit(report);
  return toText(report);
}

function toJson(report: CheckReport): unknown {
  return {
    ...report,
    answers: report.answers.map((a) => ({ ...a, title: questionTitle(a.question) })),
  };
}

function toText(report: CheckReport): string {
  const lines = [`accord check ${report.file} — contract ${report.contract}`];
  let flow = '';
  for (const answer of report.answers) {
    if (answer.flow !== flow) {
      flow = answer.flow;
      const f = report.flows.find((x) => x.name === flow);
      const route = f
        ? ` — ${f.entity} ${f.from} ${f.direction === 'two-way' ? '↔' : '→'} ${f.to} (${f.direction})`
        : '';
      lines.push('', `flow ${flow}${route}`);
    }
    lines.push(
      `  ${answer.verdict.padEnd(4)} ${answer.question} ${questionTitle(answer.question).padEnd(18)} ${answer.checked}`,
    );
    for (const f of answer.findings) lines.push(`       ${f.verdict} ${where(f)}: ${f.message}`);
  }
  const gaps = report.fields.filter((f) => f.verdict !== 'PASS');
  const fieldCount = (v: string) => report.fields.filter((f) => f.verdict === v).length;
  lines.push(
    '',
    `fields: ${report.fields.length} synced — ${fieldCount('PASS')} PASS, ${fieldCount('WARN')} WARN, ${fieldCount('FAIL')} FAIL`,
  );
  for (const field of gaps) {
    lines.push(
      `  ${field.verdict.padEnd(4)} ${field.subject}  owner ${field.owner ?? '(none)'} · conflict ${field.conflict ?? '(none)'} · flows ${field.flows.join(', ')}`,
    );
    for (const f of field.findings) lines.push(`       ${f.verdict} ${where(f)}: ${f.message}`);
  }
  const flows = new Set(report.answers.map((a) => a.flow)).size;
  const { pass, warn, fail } = report.counts;
  lines.push(
    '',
    `${report.verdict}: ${pass} passed, ${warn} with warnings, ${fail} failed — ${flows} flow${flows === 1 ? '' : 's'} × 8 questions`,
  );
  return `${lines.join('\n')}\n`;
}

function toJunit(report: CheckReport): string {
  const flows = [...new Set(report.answers.map((a) => a.flow))];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="accord check ${escapeXml(report.contract)}" tests="${report.answers.length + report.fields.length}" failures="${report.counts.fail + report.fields.filter((f) => f.verdict === 'FAIL').length}">`,
  ];
  for (const flow of flows) {
    const answers = report.answers.filter((a) => a.flow === flow);
    const failures = answers.filter((a) => a.verdict === 'FAIL').length;
    out.push(
      `  <testsuite name="flow ${escapeXml(flow)}" tests="${answers.length}" failures="${failures}" errors="0" skipped="0">`,
    );
    for (const a of answers) {
      const name = `${a.question} ${questionTitle(a.question)}`;
      out.push(`    <testcase classname="accord.${escapeXml(flow)}" name="${escapeXml(name)}">`);
      const fails = a.findings.filter((f) => f.verdict === 'FAIL');
      if (fails.length > 0) {
        const body = fails.map((f) => `${where(f)}: ${f.message}`).join('\n');
        out.push(
          `      <failure message="${escapeXml(fails[0]?.message ?? '')}" type="FAIL">${escapeXml(body)}</failure>`,
        );
      }
      const notes = [
        a.checked,
        ...a.findings.filter((f) => f.verdict === 'WARN').map((f) => `WARN ${where(f)}: ${f.message}`),
      ];
      out.push(`      <system-out>${escapeXml(notes.join('\n'))}</system-out>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  const fieldFailures = report.fields.filter((f) => f.verdict === 'FAIL').length;
  out.push(
    `  <testsuite name="fields" tests="${report.fields.length}" failures="${fieldFailures}" errors="0" skipped="0">`,
  );
  for (const field of report.fields) {
    out.push(`    <testcase classname="accord.fields" name="${escapeXml(field.subject)}">`);
    const fails = field.findings.filter((f) => f.verdict === 'FAIL');
    if (fails.length > 0) {
      const body = fails.map((f) => `${where(f)}: ${f.message}`).join('\n');
      out.push(
        `      <failure message="${escapeXml(fails[0]?.message ?? '')}" type="FAIL">${escapeXml(body)}</failure>`,
      );
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
