/**
 * The terminal report: the one-line verdict first, then the groups, then the findings by category
 * (the first `limit` of each; the JSON and HTML reports hold them all).
 *
 * @example
 *   io.stdout.write(formatTextReport(result));
 */
import { FINDING_CATEGORIES } from './finding.ts';
import type { ReconcileResult } from './reconcile-result.ts';

export function formatTextReport(result: ReconcileResult, limit = 20): string {
  const lines: string[] = [result.summary, ''];
  lines.push(
    `${result.contract} · rule ${result.rule} · flow ${result.flow} (${result.entity}) · keyed by ${result.key} · ${result.method}`,
  );
  lines.push(
    `${result.source.system} ${result.source.objectType}: ${result.source.records} records · ${result.target.system} ${result.target.objectType}: ${result.target.records} records`,
  );
  if (result.groups.length > 0) {
    lines.push('', 'groups:');
    if (result.ungrouped.length > 0)
      lines.push(`  (not grouped by ${result.ungrouped.join(', ')}: mapped in one system only)`);
    const width = Math.max(5, ...result.groups.map((g) => g.label.length));
    for (const g of result.groups) {
      const sums = Object.entries(g.source.sums)
        .map(([field, s]) => `${field} ${s} vs ${g.target.sums[field]} (Δ ${g.difference.sums[field]})`)
        .join('; ');
      const mark = g.withinTolerance ? 'ok ' : 'OUT';
      lines.push(
        `  ${mark} ${g.label.padEnd(width)}  count ${g.source.count} vs ${g.target.count}${sums ? `; ${sums}` : ''}${g.withinTolerance ? '' : `  (allowed ±${g.allowed})`}${g.findings ? `  · ${g.findings} finding${g.findings === 1 ? '' : 's'}` : ''}`,
      );
    }
  }
  for (const category of FINDING_CATEGORIES) {
    const found = result.findings.filter((f) => f.category === category);
    if (found.length === 0) continue;
    lines.push('', `${category} (${found.length}):`);
    for (const f of found.slice(0, limit)) {
      const ids = `${f.source.system} ${f.source.id ?? '—'} / ${f.target.system} ${f.target.id ?? '—'}`;
      lines.push(`  ${f.key ?? '(no key)'}: ${f.detail}  [${ids}]`);
    }
    if (found.length > limit) lines.push(`  … and ${found.length - limit} more (use --format json or html)`);
  }
  return `${lines.join('\n')}\n`;
}
