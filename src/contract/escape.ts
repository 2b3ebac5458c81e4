/**
 * Escaping for generated HTML and XML. Everything that came from a contract goes through here:
 * names and descriptions are user text.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * @example
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** XML 1.0 text and attributes: HTML escaping, minus characters XML forbids outright. */
export function escapeXml(text: string): string {
  // Control characters other than tab, newline and carriage return are not allowed in XML 1.0.
  return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''));
}

/** Markdown table cell: pipes and newlines would break the row. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
