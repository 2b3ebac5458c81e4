/**
 * `accord docs` as a library call: the contract's documentation as Markdown and as one
 * self-contained HTML page.
 */
import { docsContent } from './docs-content.ts';
import { renderHtml } from './docs-html.ts';
import { renderMarkdown } from './docs-markdown.ts';
import type { Contract } from './model.ts';

export interface ContractDocs {
  /** File name stem, from the contract's name: `acme-shopify-stripe-netsuite`. */
  readonly stem: string;
  readonly markdown: string;
  readonly html: string;
}

/**
 * @example
 * const docs = renderDocs(contract);
 * await writeFile(`out/${docs.stem}.html`, docs.html);
 */
export function renderDocs(contract: Contract): ContractDocs {
  const content = docsContent(contract);
  return { stem: contract.name, markdown: renderMarkdown(content), html: renderHtml(content) };
}
