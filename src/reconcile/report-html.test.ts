import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from './reconcile-result.ts';
import { renderHtmlReport } from './report-html.ts';

const hostile = '<script>alert("x")</script>';

const result: ReconcileResult = {
  contract: `acme ${hostile}`,
  rule: 'orders-daily',
  flow: 'orders',
  entity: 'salesOrder',
  startedAt: '2026-11-28T06:00:00.000Z',
  finishedAt: '2026-11-28T06:00:01.000Z',
  key: 'external-id',
  method: 'hash-buckets',
  source: { system: 'shopify', objectType: 'Order', records: 2 },
  target: { system: 'netsuite', objectType: 'salesOrder', records: 1 },
  groups: [
    {
      group: { currency: 'KWD' },
      label: `KWD · ${hostile}`,
      source: { count: 2, sums: { total: '12.345' } },
      target: { count: 1, sums: { total: '12.34' } },
      difference: { count: 1, sums: { total: '0.005' } },
      findings: 1,
      allowed: '0.01',
      withinTolerance: false,
    },
  ],
  ungrouped: [],
  findings: [
    {
      category: 'missing',
      key: hostile,
      source: { system: 'shopify', id: `gid://shopify/Order/1"><img src=x onerror=alert(1)>` },
      target: { system: 'netsuite' },
      detail: `shopify Order ${hostile} is not in netsuite`,
    },
  ],
  counts: { missing: 1, orphan: 0, duplicate: 0, value: 0, status: 0, unkeyed: 0 },
  agree: false,
  summary: 'orders-daily: the books DO NOT agree',
};

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(result);

  it('escapes every value that came from a system or the contract', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('is self-contained: inline style and SVG, no script, no external asset', () => {
    expect(html).toMatch(/<style>/);
    expect(html).not.toMatch(/<script|<link|\bsrc="|url\(/);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('OUT OF TOLERANCE');
    expect(html).toMatch(/<details open><summary>In the source, missing from the target — 1<\/summary>/);
  });
});
