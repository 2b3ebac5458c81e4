/**
 * One self-contained HTML report a finance user can open from an email: inline CSS and SVG, no
 * script, no external asset; every value from a system or the contract is HTML-escaped. A chart per
 * group (source against target, count and each sum) and drill-down lists (`<details>`) per category.
 *
 * @example
 *   writeFileSync('reconcile.html', renderHtmlReport(result));
 */
import { escapeHtml as esc } from '../contract/escape.ts';
import { FINDING_CATEGORIES, type FindingCategory, type ReconcileFinding } from './finding.ts';
import type { GroupResult } from './group-totals.ts';
import type { ReconcileResult } from './reconcile-result.ts';

const CATEGORY_TEXT: Record<FindingCategory, string> = {
  missing: 'In the source, missing from the target',
  orphan: 'In the target with nothing behind it in the source',
  duplicate: 'Two records for one key (a double booking)',
  value: 'Values that differ beyond tolerance',
  status: 'Statuses that disagree',
  unkeyed: 'Records without a match key',
};

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2430;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.meta{color:#5b6472}
.verdict{padding:12px 16px;border-radius:6px;font-weight:600;margin:16px 0}.ok{background:#e6f4ea;color:#1e6b35}.bad{background:#fde8e8;color:#9b1c1c}
.groups{display:flex;flex-wrap:wrap;gap:12px}.group{border:1px solid #d6dbe3;border-radius:6px;padding:8px 10px;width:330px}
.group.out{border-color:#e0a3a3;background:#fff8f8}.group h3{font-size:13px;margin:0 0 4px}.group p{margin:4px 0 0;font-size:12px;color:#5b6472}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6e9ee;vertical-align:top}
th{background:#f4f6f9}details{margin:8px 0;border:1px solid #d6dbe3;border-radius:6px;padding:6px 10px}summary{cursor:pointer;font-weight:600}
code{font-size:12px}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}`;

/** Horizontal bars: for the count and each sum, source on top and target below, on one scale per row. */
function groupChart(g: GroupResult, source: string, target: string): string {
  const rows: { label: string; a: number; b: number; at: string; bt: string }[] = [
    {
      label: 'count',
      a: g.source.count,
      b: g.target.count,
      at: String(g.source.count),
      bt: String(g.target.count),
    },
  ];
  for (const [field, a] of Object.entries(g.source.sums)) {
    const b = g.target.sums[field] ?? '0';
    // Bar lengths only: the exact figures are printed as text beside them.
    rows.push({ label: field, a: Math.abs(Number(a)), b: Math.abs(Number(b)), at: a, bt: b });
  }
  const width = 310;
  const bar = 180;
  const rowHeight = 34;
  const body = rows
    .map((r, i) => {
      const max = Math.max(r.a, r.b) || 1;
      const y = i * rowHeight;
      const wa = Math.max(1, Math.round((r.a / max) * bar));
      const wb = Math.max(1, Math.round((r.b / max) * bar));
      return `<text x="0" y="${y + 12}" font-size="11">${esc(r.label)}</text>
<rect x="60" y="${y + 2}" width="${wa}" height="12" fill="#3b6fd8"><title>${esc(source)}: ${esc(r.at)}</title></rect>
<text x="${64 + wa}" y="${y + 12}" font-size="10">${esc(r.at)}</text>
<rect x="60" y="${y + 16}" width="${wb}" height="12" fill="#e08a2c"><title>${esc(target)}: ${esc(r.bt)}</title></rect>
<text x="${64 + wb}" y="${y + 26}" font-size="10">${esc(r.bt)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * rowHeight}" role="img" aria-label="${esc(g.label)}">${body}</svg>`;
}

function findingRow(f: ReconcileFinding): string {
  const cell = (v: string | null | undefined) =>
    v === undefined ? '' : v === null ? '<i>empty</i>' : esc(v);
  return `<tr><td><code>${esc(f.key ?? '—')}</code></td><td>${esc(f.field ?? '')}</td><td>${esc(f.source.id ?? '—')}</td><td>${cell(f.source.value)}</td><td>${esc(f.target.id ?? '—')}</td><td>${cell(f.target.value)}</td><td>${esc(f.detail)}</td></tr>`;
}

/** @param limit findings listed per category (the JSON report holds them all). */
export function renderHtmlReport(r: ReconcileResult, limit = 2000): string {
  const out = r.groups.filter((g) => !g.withinTolerance);
  const groups = r.groups
    .map(
      (
        g,
      ) => `<div class="group${g.withinTolerance ? '' : ' out'}"><h3>${esc(g.label)} — ${g.withinTolerance ? 'within tolerance' : 'OUT OF TOLERANCE'}</h3>
${groupChart(g, r.source.system, r.target.system)}
<p>count Δ ${g.difference.count}${Object.entries(g.difference.sums)
        .map(([f, d]) => ` · ${esc(f)} Δ ${esc(d)}`)
        .join(
          '',
        )} · allowed ±${esc(g.allowed)}${g.findings ? ` · ${g.findings} record finding${g.findings === 1 ? '' : 's'}` : ''}</p></div>`,
    )
    .join('\n');
  const drill = FINDING_CATEGORIES.map((c) => {
    const found = r.findings.filter((f) => f.category === c);
    if (found.length === 0) return '';
    const more = found.length > limit ? `<p>… and ${found.length - limit} more in the JSON report.</p>` : '';
    return `<details${found.length <= 20 ? ' open' : ''}><summary>${esc(CATEGORY_TEXT[c])} — ${found.length}</summary>
<table><thead><tr><th>key</th><th>field</th><th>${esc(r.source.system)} id</th><th>${esc(r.source.system)} value</th><th>${esc(r.target.system)} id</th><th>${esc(r.target.system)} value</th><th>detail</th></tr></thead>
<tbody>${found.slice(0, limit).map(findingRow).join('\n')}</tbody></table>${more}</details>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Reconciliation ${esc(r.rule)}${r.period ? ` ${esc(r.period)}` : ''}</title><style>${CSS}</style></head>
<body><h1>Reconciliation: ${esc(r.rule)}${r.period ? ` — ${esc(r.period)}` : ''}</h1>
<div class="meta">${esc(r.contract)} · flow ${esc(r.flow)} (${esc(r.entity)}) · keyed by ${esc(r.key)} · ${esc(r.startedAt)} to ${esc(r.finishedAt)}</div>
<div class="verdict ${r.agree ? 'ok' : 'bad'}">${esc(r.summary)}</div>
<table><tr><th></th><th>system</th><th>record type</th><th>records</th></tr>
<tr><td>source</td><td>${esc(r.source.system)}</td><td>${esc(r.source.objectType)}</td><td>${r.source.records}</td></tr>
<tr><td>target</td><td>${esc(r.target.system)}</td><td>${esc(r.target.objectType)}</td><td>${r.target.records}</td></tr></table>
<h2>Totals by group (${r.groups.length}; ${out.length} out of tolerance)</h2>
${r.ungrouped.length > 0 ? `<p class="meta">Not grouped by ${esc(r.ungrouped.join(', '))}: mapped in one system only.</p>` : ''}
<div class="legend"><span style="background:#3b6fd8"></span>${esc(r.source.system)}<span style="background:#e08a2c"></span>${esc(r.target.system)}</div>
<div class="groups">${groups}</div>
<h2>Record differences (${r.findings.length})</h2>
${drill || '<p>None: every record pairs and agrees.</p>'}
</body></html>
`;
}
