/** Text and attribute values in HTML: every string from a scenario or the environment goes through this. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside <script type="application/json">: no "</script>", no HTML comment openers. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Markdown table cell: pipes escaped, HTML shown as text, one line. */
export function escapeMarkdownCell(s: unknown): string {
  return escapeHtml(String(s).replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}
