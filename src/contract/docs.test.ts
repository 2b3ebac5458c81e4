import { describe, expect, it } from 'vitest';
import { renderDocs } from './docs.ts';
import { contractFromFile, contractFromText, edited } from './test-contracts.ts';

describe('renderDocs', () => {
  const contract = contractFromFile('examples/shopify-stripe-netsuite.yaml');
  const docs = renderDocs(contract);

  it('is one self-contained HTML page', () => {
    expect(docs.html.startsWith('<!doctype html>')).toBe(true);
    expect(docs.html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(docs.html).not.toMatch(/<script|<link|@import|url\((?!#)/i); // url(#head) is the SVG arrow marker
    expect(docs.html).toContain('<svg');
    expect(docs.html).toContain('<style>');
  });

  it('documents every flow, entity, reconciliation rule and alert route', () => {
    for (const flow of Object.values(contract.flows)) {
      expect(docs.html).toContain(`<td>${flow.name}</td>`);
      expect(docs.markdown).toContain(`| ${flow.name} |`);
      expect(docs.html).toContain(`class="label">${flow.name}</text>`); // on the diagram
    }
    for (const name of [
      ...Object.keys(contract.entities),
      ...Object.keys(contract.reconciliation),
      ...Object.keys(contract.alerts),
    ]) {
      expect(docs.html).toContain(name);
      expect(docs.markdown).toContain(name);
    }
    expect(docs.markdown).toContain(
      '| orders | salesOrder — Shopify orders are booked as NetSuite sales orders. | shopify | netsuite | one-way | external id, then orderNumber (trim, uppercase) | ecommerce-integrations | webhook orders/updated + schedule every 10m |',
    );
    expect(docs.markdown).toMatch(
      /\| total \| money \| owner: totalPriceSet\.shopMoney\.amount \| copy: total \(read-only\) \| copy: total\.amount \|/,
    );
  });

  it('never shows a secret value, only its reference', () => {
    expect(docs.html).toContain('webhook (env:ONCALL_WEBHOOK_URL)');
  });

  it('escapes contract text', () => {
    const text = edited('test/contract/fixtures/valid-minimal.yaml', [
      'name: minimal\n',
      'name: minimal\ndescription: "<script>alert(1)</script> & <b>"\n',
    ]);
    const html = renderDocs(contractFromText(text)).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;');
  });
});
