/**
 * The three report formats, chosen by name: `text` for the terminal, `json` for machines, `html`
 * for people (one self-contained file).
 *
 * @example
 *   writeFileSync('out.html', formatReport(result, 'html'));
 */
import type { ReconcileResult } from './reconcile-result.ts';
import { renderHtmlReport } from './report-html.ts';
import { formatTextReport } from './report-text.ts';

export const REPORT_FORMATS = ['text', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatReport(result: ReconcileResult, format: ReportFormat): string {
  const formats: Record<ReportFormat, () => string> = {
    text: () => formatTextReport(result),
    json: () => `${JSON.stringify(result, null, 2)}\n`,
    html: () => renderHtmlReport(result),
  };
  return formats[format]();
}
