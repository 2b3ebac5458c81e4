/**
 * Renders a contract diff as text, Markdown (for a pull request comment) or JSON.
 */
import type { ContractDiff } from './diff.ts';
import { escapeMarkdownCell } from './escape.ts';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/**
 * @example
 * io.stdout.write(formatDiff(diffContracts(a, b), 'markdown'));
 */
export function formatDiff(diff: ContractDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const approvers =
    diff.approvers.length > 0 ? diff.approvers.join(', ') : '(no change control rule applies)';
  const summary = `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} (${diff.counts.high} high, ${diff.counts.medium} medium, ${diff.counts.low} low)`;
  if (format === 'markdown') {
    const rows = diff.changes.map(
      (c) =>
        `| ${c.severity} | ${c.kind} | ${escapeMarkdownCell(c.message)} | ${escapeMarkdownCell(c.approvers.join(', ') || '—')} |`,
    );
    return [
      `### Contract change: \`${diff.before}\` → \`${diff.after}\``,
      '',
      `${summary}. **Approval required from:** ${approvers}`,
      '',
      ...(rows.length > 0
        ? ['| severity | kind | change | approvers |', '| --- | --- | --- | --- |', ...rows]
        : ['No changes.']),
      '',
    ].join('\n');
  }
  const width = Math.max(0, ...diff.changes.map((c) => c.kind.length));
  return [
    `accord diff ${diff.before} → ${diff.after}`,
    '',
    ...diff.changes.map(
      (c) =>
        `  ${c.severity.toUpperCase().padEnd(6)} ${c.kind.padEnd(width)}  ${c.message}${c.approvers.length > 0 ? `  [approve: ${c.approvers.join(', ')}]` : ''}`,
    ),
    ...(diff.changes.length > 0 ? [''] : []),
    `${summary}.`,
    `Approval required from: ${approvers}`,
    '',
  ].join('\n');
}
