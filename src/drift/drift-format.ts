/**
 * Text and JSON renderings of drift reports, environment comparisons and impact reports, for the
 * CLI (the library returns data; the commands print one of these).
 *
 * @example
 *   io.stdout.write(formatDriftReport(report, 'text'));
 */
import type { EnvironmentComparison } from './compare-environments.ts';
import type { DriftFinding } from './drift-finding.ts';
import type { DriftReport } from './drift-service.ts';
import type { ImpactReport } from './impact.ts';

export const DRIFT_FORMATS = ['text', 'json'] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

function label(f: DriftFinding): string {
  if (f.severity === 'informational') return 'info    ';
  return f.scope === 'values' ? 'BLOCKING (values only)' : 'BLOCKING';
}

function findingLines(f: DriftFinding): string[] {
  const where = [f.system, f.object, f.field].filter(Boolean).join(' › ');
  const lines = [`${label(f)}  ${where}  [${f.code}]`, `    ${f.message}`];
  if (f.suggestion) lines.push(`    likely new name: ${f.suggestion}`);
  if (f.flows.length > 0) lines.push(`    flows: ${f.flows.join(', ')}`);
  if (f.fields.length > 0) lines.push(`    fields: ${f.fields.join(', ')}`);
  return lines;
}

export function formatDriftReport(report: DriftReport, format: DriftFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const out: string[] = [`Drift check of ${report.contract}`];
  for (const s of report.systems) {
    out.push(
      `  ${s.system}: ${s.approvedSnapshot === undefined ? 'no approved snapshot (compared with the contract only)' : `compared with approved snapshot #${s.approvedSnapshot}${s.approvedAt ? ` (${s.approvedAt})` : ''}`}`,
    );
  }
  const order = (f: DriftFinding) => (f.severity === 'blocking' ? (f.scope === 'flow' ? 0 : 1) : 2);
  const findings = [...report.findings].sort((a, b) => order(a) - order(b));
  out.push('');
  if (findings.length === 0) out.push('No drift: the systems match the approved snapshot and the contract.');
  for (const f of findings) out.push(...findingLines(f), '');
  const info = report.findings.length - report.blocking;
  out.push(`${report.blocking} blocking, ${info} informational.`);
  if (report.pausedFlows.length > 0) out.push(`Flows that would pause: ${report.pausedFlows.join(', ')}.`);
  if (report.blocking > 0) {
    out.push('Fix the contract, or review the change and accept it with: accord drift approve <contract>');
  }
  return `${out.join('\n')}\n`;
}

export function formatComparison(results: readonly EnvironmentComparison[], format: DriftFormat): string {
  if (format === 'json') return `${JSON.stringify(results, null, 2)}\n`;
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `${r.system}: ${r.from} vs ${r.to} — ${r.mirrors ? 'mirrors' : `${r.differences.length} difference(s), ${r.mapped} the contract depends on`}`,
    );
    const sorted = [...r.differences].sort((a, b) => Number(b.mapped) - Number(a.mapped));
    for (const d of sorted) out.push(`  ${d.mapped ? '!' : '-'} ${d.message}`);
  }
  return `${out.join('\n')}\n`;
}

export function formatImpact(report: ImpactReport, format: DriftFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const out: string[] = [`Impact of ${report.before} → ${report.after}`];
  if (report.items.length === 0) out.push('No mapping or flow change.');
  for (const item of report.items) {
    const count =
      item.records === undefined
        ? (item.note ?? 'not counted')
        : `${item.records} of ${item.scanned ?? '?'} ${item.system} ${item.object} records`;
    out.push(`  ${item.subject}: ${item.description}`);
    out.push(`    touches ${count}${item.flows.length > 0 ? `; flows: ${item.flows.join(', ')}` : ''}`);
    if (item.sample.length > 0) out.push(`    e.g. ids ${item.sample.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
